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
