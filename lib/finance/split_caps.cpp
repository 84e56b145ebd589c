#include "finance/split_caps.hpp"

#include <algorithm>
#include <cmath>

#include "core/parse.hpp"
#include "finance/flex.hpp"

namespace hs::finance {

bool mwh_agree(double a, double b, std::size_t parts) {
  return std::abs(a - b) <= mwh_rounding * static_cast<double>(parts + 1) + 1e-9 * std::abs(b);
}

std::string setting_origin(const Value& v) {
  if (v.from_cli) return "--set";
  if (v.where.line == 0) return v.where.file;
  return v.where.file + ":" + std::to_string(v.where.line);
}

// The capped_mwh and cap_cost_usd of one record: both or neither, never negative, and only on AI
// parts and the total. A capped_mwh without its cost would leave the payment unchecked.
std::optional<SplitCaps> read_split_caps(const Record& rec, std::size_t f_capped, std::size_t f_cost,
                                         const std::string& kind) {
  const bool mwh = rec.has(f_capped), cost = rec.has(f_cost);
  if (!mwh && !cost) return std::nullopt;
  if (kind != "ai" && kind != "total")
    throw_data_error(rec.loc, mwh ? "capped_mwh" : "cap_cost_usd",
                     "only AI parts and the total row carry power caps, not a part of kind " + kind);
  if (!cost)
    throw_data_error(rec.loc, "cap_cost_usd",
                     "missing beside capped_mwh " + std::string(rec.text(f_capped)) +
                         ": the caps' cost is what the lease's payment per capped MWh is checked against");
  if (!mwh)
    throw_data_error(rec.loc, "capped_mwh",
                     "missing beside cap_cost_usd " + std::string(rec.text(f_cost)) + ": a cost of caps needs the "
                     "capped MWh it pays for");
  SplitCaps c{rec.number(f_capped), rec.number(f_cost), rec.loc};
  if (c.capped_mwh < 0) throw_data_error(rec.loc, "capped_mwh", "must not be negative");
  if (c.cap_cost < 0) throw_data_error(rec.loc, "cap_cost_usd", "must not be negative");
  return c;
}

// A candidate whose AI blocks were capped: its caps must be the lease's clause's (same payment per
// capped MWh, no more than the clause allows), and the clause's capped MWh a year are the split's.
// Its cash flows are the split's year (the caps' cost in the AI charges, what they saved in the
// dispatch's energy and mining), so the clause's own flows are not added again.
void apply_split_caps(Scenario& out, const SplitCandidate& c) {
  const SplitCaps* first_capped = nullptr;
  for (const auto& cap : c.caps)
    if (cap.capped_mwh > 0 && !first_capped) first_capped = &cap;
  if (!has_flex(out)) {
    if (first_capped)
      throw_data_error(first_capped->where, "capped_mwh",
                       "the split capped the AI block's power by " + format_fixed(first_capped->capped_mwh, 4) +
                           " MWh, but the scenario's lease has no flexibility clause (lease.flex_max_cap_pct is 0); "
                           "give the lease the clause the caps follow, or plan without them");
    return;
  }
  const Value& pay_set = out.value("lease.flex_usd_per_capped_mwh");
  const double pay = pay_set.number;
  for (const auto& cap : c.caps) {
    // cap_cost_usd is to the cent and capped_mwh to a few decimals: the lease's payment for
    // those MWh must be the split's cost within that rounding.
    const double want = pay * cap.capped_mwh;
    if (std::abs(cap.cap_cost - want) > 0.005 + pay * mwh_rounding + 1e-9 * want) {
      const std::string per =
          cap.capped_mwh > 0 ? " (" + format_fixed(cap.cap_cost / cap.capped_mwh, 4) + " USD per capped MWh)" : "";
      throw_data_error(cap.where, "cap_cost_usd",
                       format_fixed(cap.cap_cost, 2) + " for " + format_fixed(cap.capped_mwh, 4) + " capped MWh" + per +
                           ", but the lease pays " + format_double(pay) + " USD per capped MWh (lease.flex_usd_per_capped_mwh, " +
                           setting_origin(pay_set) + "), " + format_fixed(want, 2) +
                           "; the site's flex_cost_usd_per_mwh and the lease's payment are one term: make them agree");
    }
  }
  const double most = flex_max_capped_mwh_per_year(out);
  if (c.annual_capped_mwh > most * (1 + 1e-9) + mwh_rounding * static_cast<double>(c.caps.size()))
    throw_data_error(c.caps.front().where, "capped_mwh",
                     "annualized to " + format_fixed(c.annual_capped_mwh, 4) + " MWh a year, more than the lease's "
                     "clause allows the candidate: " + format_double(out.num("lease.flex_max_cap_pct")) + "% of " +
                         format_double(c.ai_mw) + " MW for " + format_double(out.num("lease.flex_hours_per_year")) +
                         " hours a year is " + format_double(most) + " MWh");
  out.set_value("lease.flex_expected_capped_mwh_per_year", format_double(std::min(c.annual_capped_mwh, most)),
                c.caps.front().where);
}

}  // namespace hs::finance
