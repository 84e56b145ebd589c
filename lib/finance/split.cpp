#include "finance/split.hpp"

#include <cmath>
#include <optional>

#include "core/parse.hpp"
#include "core/record.hpp"
#include "core/record_spec.hpp"
#include "finance/flex.hpp"
#include "finance/split_caps.hpp"

namespace hs::finance {

namespace {

// Parts and total round each figure to the cent: their sums may differ by half a cent a part.
bool cents_agree(double a, double b, std::size_t parts) {
  return std::abs(a - b) <= 0.005 * static_cast<double>(parts + 1) + 1e-9 * std::abs(b);
}

}  // namespace

std::vector<SplitCandidate> read_split_candidates(const std::string& path) {
  const auto& spec = record_spec("split");
  RecordReader in(path, spec);
  const auto f_ai = spec.at("ai_mw"), f_mine = spec.at("mining_mw"), f_hours = spec.at("hours"),
             f_kind = spec.at("kind"), f_payer = spec.at("power_payer"),
             f_cap = spec.at("capacity_mw"), f_ths = spec.at("ths"), f_rev = spec.at("annual_revenue_usd"),
             f_cost = spec.at("annual_energy_cost_usd"), f_chg = spec.at("annual_charges_usd"),
             f_margin = spec.at("annual_margin_usd"), f_capped = spec.at("capped_mwh"),
             f_cap_cost = spec.at("cap_cost_usd"), f_rev_hist = spec.at("revenue_usd"),
             f_chg_hist = spec.at("charges_usd");
  std::vector<SplitCandidate> out;
  std::optional<SplitCandidate> open;  // parts read since the last total
  std::size_t parts = 0;
  double margins = 0;
  double capped_sum = 0, cap_cost_sum = 0;  // the AI parts' caps over the history
  Location last;
  Record rec;
  while (in.next(rec)) {
    last = rec.loc;
    const double ai = rec.number(f_ai), mine = rec.number(f_mine), hours = rec.number(f_hours);
    if (ai < 0) throw_data_error(rec.loc, "ai_mw", "must not be negative");
    if (mine < 0) throw_data_error(rec.loc, "mining_mw", "must not be negative");
    if (!open) {
      open = SplitCandidate{};
      open->ai_mw = ai, open->mining_mw = mine, open->hours = hours;
      parts = 0, margins = 0, capped_sum = 0, cap_cost_sum = 0;
    } else if (ai != open->ai_mw || mine != open->mining_mw || hours != open->hours) {
      throw_data_error(rec.loc, ai != open->ai_mw ? "ai_mw" : mine != open->mining_mw ? "mining_mw" : "hours",
                       "a part of another candidate before the total row of the candidate with ai_mw " +
                           format_double(open->ai_mw) + " (each candidate's parts end with its total row)");
    }
    const std::string kind(rec.text(f_kind));
    const double revenue = rec.number(f_rev), cost = rec.number(f_cost), charges = rec.number(f_chg),
                 margin = rec.number(f_margin);
    if (!cents_agree(revenue - cost - charges, margin, 3))
      throw_data_error(rec.loc, "annual_margin_usd",
                       "is not annual_revenue_usd less annual_energy_cost_usd and annual_charges_usd (" +
                           format_fixed(revenue - cost - charges, 2) + ")");
    const std::optional<SplitCaps> caps = read_split_caps(rec, f_capped, f_cap_cost, kind);
    if (kind == "total") {
      // The total's caps are its AI parts' sums: both there, or both absent, and adding up.
      if (caps.has_value() != !open->caps.empty())
        throw_data_error(rec.loc, "capped_mwh",
                         caps ? "the total row carries capped MWh, but none of the candidate's AI parts do"
                              : "the candidate's AI parts carry capped MWh, but its total row does not");
      if (caps && !mwh_agree(capped_sum, caps->capped_mwh, parts))
        throw_data_error(rec.loc, "capped_mwh",
                         "the candidate's AI parts add up to " + format_fixed(capped_sum, 4) + ", its total row says " +
                             format_fixed(caps->capped_mwh, 4));
      if (caps && !cents_agree(cap_cost_sum, caps->cap_cost, parts))
        throw_data_error(rec.loc, "cap_cost_usd",
                         "the candidate's AI parts add up to " + format_fixed(cap_cost_sum, 2) +
                             ", its total row says " + format_fixed(caps->cap_cost, 2));
      if (!cents_agree(margins, margin, parts))
        throw_data_error(rec.loc, "annual_margin_usd",
                         "the candidate's parts add up to " + format_fixed(margins, 2) + ", its total row says " +
                             format_fixed(margin, 2));
      open->annual_margin = margin;
      // The parts' rounding to the cent, reconciled to the total row (checked above to be no
      // more than half a cent a part), so the candidate's year is the total's to the cent.
      open->site_revenue += margin - (open->mining_revenue - open->mining_cost + open->ai_revenue - open->ai_cost +
                                      open->site_revenue - open->site_cost);
      open->capacity_mw = rec.number(f_cap);
      open->where = rec.loc;
      out.push_back(*open);
      open.reset();
      continue;
    }
    ++parts;
    margins += margin;
    if (kind == "mining") {
      if (!rec.has(f_ths)) throw_data_error(rec.loc, "ths", "a mining part needs its TH/s");
      open->mining_ths += rec.number(f_ths);
      open->mining_revenue += revenue;
      open->mining_cost += cost + charges;
    } else if (kind == "ai") {
      const std::string payer(rec.text(f_payer));
      if (payer != "landlord" && payer != "tenant") throw_expected(rec.loc, "power_payer", "landlord or tenant", payer);
      if (!open->power_payer.empty() && payer != open->power_payer)
        throw_data_error(rec.loc, "power_payer",
                         "AI blocks of one candidate with different power payers; leasecalc values one lease, "
                         "with one lease.power_payer");
      open->power_payer = payer;
      open->payer_where = rec.loc;
      open->ai_revenue += revenue;
      open->ai_cost += cost + charges;
      if (caps) {
        // The caps' cost is part of the row's charges (allocate's split record).
        const double history_charges = rec.number(f_chg_hist);
        if (caps->cap_cost > history_charges + 0.005)
          throw_data_error(rec.loc, "cap_cost_usd",
                           format_fixed(caps->cap_cost, 2) + " is more than the row's charges_usd " +
                               format_fixed(history_charges, 2) + ", which include it");
        // Annualized by the row's own factor, as allocate annualized its revenue (charges when
        // the row has no revenue); with neither, capped MWh cannot be made a year's.
        const double history_revenue = rec.number(f_rev_hist);
        double factor = 0;
        if (history_revenue != 0) factor = revenue / history_revenue;
        else if (history_charges != 0) factor = charges / history_charges;
        else if (caps->capped_mwh > 0)
          throw_data_error(rec.loc, "capped_mwh",
                           "cannot be annualized: the row's revenue_usd and charges_usd are both 0");
        open->annual_capped_mwh += caps->capped_mwh * factor;
        capped_sum += caps->capped_mwh;
        cap_cost_sum += caps->cap_cost;
        open->caps.push_back(*caps);
      }
    } else if (kind == "site") {
      open->site_revenue += revenue;
      open->site_cost += cost + charges;
    } else {
      throw_expected(rec.loc, "kind", "mining, ai, site or total", kind);
    }
  }
  if (open)
    throw_data_error(last, "kind",
                     "the candidate with ai_mw " + format_double(open->ai_mw) +
                         " has no total row: the split records end early (cut short?)");
  return out;
}

Scenario split_scenario(const Scenario& s, const SplitCandidate& c) {
  Scenario out = s;
  if (!c.power_payer.empty() && c.ai_mw > 0) {
    const Value& set = s.value("lease.power_payer");
    if (set.where.file != "(default)" && set.text != c.power_payer)
      throw_data_error(c.payer_where, "power_payer",
                       "the split's AI blocks have the " + c.power_payer + " pay their power (allocate's [[ai]] "
                       "power_payer), but " + (set.from_cli ? std::string("--set") : set.where.file + ":" +
                       std::to_string(set.where.line)) + " sets lease.power_payer = " + set.text +
                       "; one setting says who pays: make the two agree");
    out.set_value("lease.power_payer", c.power_payer, c.where);
  }
  out.set_value("lease.mw", format_double(c.ai_mw), c.where);
  out.set_value("mining.fleet_ths", format_double(c.mining_ths), c.where);
  if (!c.caps.empty()) {
    apply_split_caps(out, c);
  } else if (has_flex(out) && c.ai_mw > 0) {
    // The split's year holds no clause (allocate planned the hall without one, or the records
    // predate caps), so the lease's clause would be silently left out of this candidate.
    throw_data_error(c.where, "capped_mwh",
                     "the scenario's lease has a flexibility clause (lease.flex_max_cap_pct, " +
                         setting_origin(out.value("lease.flex_max_cap_pct")) + "), but the candidate's AI blocks carry no "
                         "capped MWh: allocate planned them without it; give the site's [[ai]] block the clause "
                         "(flex_max_cap_pct, flex_cost_usd_per_mwh), or value the split without one");
  }
  return out;
}

std::string split_name(const Scenario& s, double ai_mw) {
  return s.name() + "/split_ai_" + format_double(ai_mw) + "mw";
}

Components split_components(const Scenario& candidate, const SplitCandidate& c) {
  Components lease = lease_components(candidate);
  Components mine = mining_components(candidate);
  if (mine.months() < 12)
    throw_usage("--split: the horizon is under a year (horizon_years = " + format_double(candidate.num("horizon_years")) +
                "), and a split candidate's first year is allocate's year");
  // The mining model's revenue per TH/s, month by month: the path the dispatch's year follows.
  Scenario unit = candidate;
  unit.set_value("mining.fleet_ths", "1", c.where);
  const Components path = mining_components(unit);
  double year_hours = 0, year_path = 0;
  for (std::size_t m = 0; m < 12; ++m) year_hours += month_hours(mine, m), year_path += path.revenue[m];
  const double opex_per_month = c.mining_mw * candidate.num("mining.opex_per_mw_year") / 12;
  for (std::size_t m = 0; m < mine.months(); ++m) {
    const double share = month_hours(mine, m) / year_hours;
    mine.revenue[m] = year_path > 0 ? c.mining_revenue * path.revenue[m] / year_path : 0;
    mine.power[m] = c.mining_cost * share + c.site_cost * share;
    mine.revenue[m] += c.site_revenue * share;
    mine.opex[m] = opex_per_month;
    const LeaseMonth lm = lease_month(candidate, static_cast<int>(m));
    lease.revenue[m] = c.ai_revenue * share * lm.delivered_share * lm.escalation;
    lease.power[m] = c.ai_cost * share * lm.delivered_share;
  }
  Components out = add_components(lease, mine);
  out.mw = c.capacity_mw;
  return out;
}

std::vector<NamedComponents> compare_components(const Scenario& s) {
  const std::string name = s.name();
  return {{name + "/mining", mining_components(s)},
          {name + "/ai", lease_components(s)},
          {name + "/bridge", bridge_components(s)}};
}

}  // namespace hs::finance
