#include "finance/flex.hpp"

#include <array>

#include "core/parse.hpp"

namespace hs::finance {
namespace {

// Every term of the clause but the cap that switches it on.
constexpr std::array<const char*, 5> terms = {
    "lease.flex_hours_per_year", "lease.flex_discount_usd_per_kw_month", "lease.flex_usd_per_capped_mwh",
    "lease.flex_expected_capped_mwh_per_year", "lease.flex_value_usd_per_capped_mwh"};

}  // namespace

bool has_flex(const Scenario& s) { return s.num("lease.flex_max_cap_pct") > 0; }

double flex_max_capped_mwh_per_year(const Scenario& s) {
  return s.num("lease.flex_max_cap_pct") / 100 * s.num("lease.mw") * s.num("lease.flex_hours_per_year");
}

void validate_flex(const Scenario& s) {
  if (!has_flex(s)) {
    // A term set without the cap would silently price nothing: say so rather than drop it.
    for (const char* k : terms)
      if (s.num(k) != 0)
        s.fail(k, "is a term of a flexibility clause, but lease.flex_max_cap_pct is 0 (no clause); set the "
                  "cap, or leave the term out");
    return;
  }
  if (s.num("lease.flex_hours_per_year") <= 0)
    s.fail("lease.flex_max_cap_pct",
           "a flexibility clause needs lease.flex_hours_per_year, the hours a year the site may cap");
  const double most = flex_max_capped_mwh_per_year(s);
  // A little slack over the product, so a figure written from it to a few decimals passes.
  if (s.num("lease.flex_expected_capped_mwh_per_year") > most * (1 + 1e-9) + 1e-6)
    s.fail("lease.flex_expected_capped_mwh_per_year",
           "more than the clause allows: " + format_double(s.num("lease.flex_max_cap_pct")) + "% of " +
               format_double(s.num("lease.mw")) + " MW for " + format_double(s.num("lease.flex_hours_per_year")) +
               " hours a year is " + format_double(most) + " MWh");
  if (s.num("lease.flex_discount_usd_per_kw_month") > s.num("lease.rate_per_kw_month"))
    s.fail("lease.flex_discount_usd_per_kw_month",
           "more than the rent itself (lease.rate_per_kw_month = " + format_double(s.num("lease.rate_per_kw_month")) +
               ")");
}

FlexMonth flex_month(const Scenario& s, const LeaseMonth& lm) {
  FlexMonth f;
  if (!has_flex(s) || lm.delivered_share <= 0) return f;
  f.capped_mwh = s.num("lease.flex_expected_capped_mwh_per_year") / 12 * lm.delivered_share;
  f.discount = s.num("lease.mw") * lm.delivered_share * 1000 * s.num("lease.flex_discount_usd_per_kw_month") *
               lm.escalation;
  f.payments = f.capped_mwh * s.num("lease.flex_usd_per_capped_mwh");
  f.value = f.capped_mwh * s.num("lease.flex_value_usd_per_capped_mwh");
  return f;
}

Scenario without_flex(const Scenario& s) {
  Scenario out = s;
  const Location here{"(without the clause)", 0};
  out.set_value("lease.flex_max_cap_pct", "0", here);
  for (const char* k : terms) out.set_value(k, "0", here);
  return out;
}

}  // namespace hs::finance
