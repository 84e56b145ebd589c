#include "records/catalog.hpp"

namespace hs::records {

std::vector<RecordSpec> leasecalc_records() {
  using T = FieldType;
  return {
      {"cash_flow",
       "One dated period of a scenario, as leasecalc writes it.",
       {
           {"scenario", T::string, true, "Scenario name."},
           {"period_start", T::time, true, "First day of the period."},
           {"period_end", T::time, true, "End of the period (exclusive)."},
           {"revenue_usd", T::number, true, "Revenue in the period."},
           {"power_cost_usd", T::number, true, "Power paid by the site in the period."},
           {"opex_usd", T::number, true, "Other operating cost in the period."},
           {"capex_usd", T::number, true, "Capital spent in the period."},
           {"tax_usd", T::number, true, "Tax paid in the period (0 before tax)."},
           {"net_cash_flow_usd", T::number, true, "revenue - power - opex - capex - tax."},
           {"cumulative_usd", T::number, true, "Running sum of net cash flow."},
           {"discounted_usd", T::number, true, "Net cash flow discounted to the start."},
       }},
      {"scenario_summary",
       "The figures a board looks at for one scenario, as leasecalc writes them.",
       {
           {"scenario", T::string, true, "Scenario name."},
           {"npv_usd", T::number, true, "Net present value at the discount rate."},
           {"irr", T::number, false, "Internal rate of return per year; empty when none exists."},
           {"payback_years", T::number, false, "Simple payback; empty when never paid back."},
           {"discounted_payback_years", T::number, false, "Discounted payback; empty when never paid back."},
           {"peak_funding_usd", T::number, true, "Largest cumulative shortfall."},
           {"moic", T::number, false, "Multiple on invested capital."},
           {"revenue_per_mw_usd", T::number, false, "Revenue per MW over the horizon."},
           {"mirr", T::number, false,
            "Modified IRR per year: outflows financed and inflows reinvested at the discount rate; empty "
            "without both."},
           {"npv_vs_baseline_usd", T::number, false,
            "compare: npv_usd less the baseline scenario's (NAME/mining unless --baseline names another); empty "
            "elsewhere."},
           {"first_year_margin_usd", T::number, true,
            "Revenue less power over the first twelve months, before opex, capex and tax; for a split candidate "
            "with its AI running from the start, allocate split's annual_margin_usd."},
       }},
      {"sweep_result",
       "One point of a sensitivity grid, as leasecalc --sweep writes it.",
       {
           {"scenario", T::string, true, "Scenario name."},
           {"key1", T::string, true, "First swept scenario key."},
           {"value1", T::number, true, "Its value at this point."},
           {"key2", T::string, false, "Second swept key; empty for a one-key sweep."},
           {"value2", T::number, false, "Its value at this point."},
           {"npv_usd", T::number, true, "Net present value at the discount rate."},
           {"irr", T::number, false, "Internal rate of return per year; empty when none exists."},
           {"payback_years", T::number, false, "Simple payback; empty when never paid back."},
           {"peak_funding_usd", T::number, true, "Largest cumulative shortfall."},
       }},
      {"flex_clause",
       "What a lease's flexibility clause (the tenant lets the site cap the hall's power for a rent discount and "
       "a payment per capped MWh) is worth to the site, as leasecalc lease --flex writes it.",
       {
           {"scenario", T::string, true, "Scenario name."},
           {"max_capped_mwh_per_year", T::number, true,
            "The most IT MWh a year the clause lets the site cap, all MW delivered: flex_max_cap_pct % x mw x "
            "flex_hours_per_year."},
           {"capped_mwh_per_year", T::number, true, "IT MWh a year the site expects to cap, all MW delivered."},
           {"capped_mwh", T::number, true, "IT MWh capped over the horizon (the term's delivered months)."},
           {"discount_usd", T::number, true, "Rent given up for the clause over the horizon, escalated, undiscounted."},
           {"payments_usd", T::number, true, "Paid to the tenant per capped MWh over the horizon, undiscounted."},
           {"value_usd", T::number, true, "What the capped MWh are worth to the site over the horizon, undiscounted."},
           {"npv_usd", T::number, true,
            "The lease's NPV with the clause less without it, after tax: what the clause is worth to the site."},
           {"npv_without_usd", T::number, true, "The lease's NPV without the clause (every flex key 0)."},
           {"break_even_discount_usd_per_kw_month", T::number, false,
            "The largest flex_discount_usd_per_kw_month (at most the rent) at which npv_usd is not negative, the "
            "other terms held; empty when the clause loses even with no discount."},
           {"break_even_value_usd_per_capped_mwh", T::number, false,
            "The least flex_value_usd_per_capped_mwh at which npv_usd is not negative; empty when nothing is "
            "capped."},
       }},
      {"monte_carlo_summary",
       "Distribution of the mining NPV over random BTC price and difficulty paths, as leasecalc --monte-carlo writes it.",
       {
           {"scenario", T::string, true, "Scenario name."},
           {"paths", T::integer, true, "Paths drawn."},
           {"seed", T::integer, true, "Seed of the random draws; the same seed gives the same figures."},
           {"npv_p10_usd", T::number, true, "10th percentile of the mining NPV."},
           {"npv_p50_usd", T::number, true, "Median mining NPV."},
           {"npv_p90_usd", T::number, true, "90th percentile of the mining NPV."},
           {"npv_mean_usd", T::number, true, "Mean mining NPV."},
           {"lease_npv_usd", T::number, true, "NPV of the lease scenario (deterministic)."},
           {"p_mining_beats_lease", T::number, true, "Share of paths whose mining NPV exceeds the lease NPV."},
       }},
  };
}

}  // namespace hs::records
