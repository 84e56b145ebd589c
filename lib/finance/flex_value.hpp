#pragma once
// What a lease's flexibility clause is worth to the site (leasecalc lease --flex): its flows over
// the horizon, the lease's NPV with it less without it, and the break-evens a negotiator asks
// for: the largest rent discount at which the clause still pays, and the least a capped MWh must
// be worth to the site for it to pay.
#include <optional>
#include <string>

#include "finance/scenario.hpp"

namespace hs::finance {

struct FlexFigures {
  std::string scenario;
  double max_capped_mwh_per_year = 0;  // the clause's most, all MW delivered
  double capped_mwh_per_year = 0;      // expected, all MW delivered
  // Over the horizon, nominal (undiscounted), USD and MWh.
  double capped_mwh = 0, discount = 0, payments = 0, value = 0;
  double npv = 0;                // the lease's NPV with the clause less without it (after tax)
  double npv_without = 0;        // the lease's NPV without the clause
  // The largest flex_discount_usd_per_kw_month (at most the rent) at which npv >= 0, the other
  // terms held; none when the clause loses even without a discount.
  std::optional<double> break_even_discount;
  // The least flex_value_usd_per_capped_mwh at which npv >= 0; none without capped MWh.
  std::optional<double> break_even_value;
};

// The scenario must have a clause (has_flex); `name` goes in the figures.
FlexFigures flex_figures(const Scenario& s, const std::string& name);

}  // namespace hs::finance
