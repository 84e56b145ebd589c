#include "records/catalog.hpp"

namespace hs::records {

std::vector<RecordSpec> allocate_records() {
  using T = FieldType;
  return {
      {"dispatch",
       "The site's plan for one interval, as allocate plan writes it.",
       {
           {"interval_start", T::time, true, "Start of the interval, ISO 8601 UTC."},
           {"interval_minutes", T::integer, true, "Length of the interval in minutes."},
           {"price_per_mwh", T::number, true, "Node price used, USD per MWh."},
           {"mining_mw", T::number, true, "Power to miners, MW (facility side, overheads included)."},
           {"ai_mw", T::number, true, "Power to AI/HPC blocks, MW (facility side)."},
           {"reserve_mw", T::number, true, "Interruptible load held as reserve, MW."},
           {"idle_mw", T::number, true, "Interconnect capacity left unused (curtailed), MW."},
           {"mining_revenue_usd", T::number, true, "Mining revenue in the interval."},
           {"ai_revenue_usd", T::number, true, "AI/HPC revenue in the interval, penalties deducted."},
           {"reserve_revenue_usd", T::number, true, "Reserve payments in the interval."},
           {"energy_cost_usd", T::number, true, "Energy bought in the interval, adders included."},
           {"margin_usd", T::number, true, "Revenues minus energy cost."},
       }},
      {"class_dispatch",
       "One mining class or AI block in one interval, as allocate plan --by-class writes it.",
       {
           {"interval_start", T::time, true, "Start of the interval, ISO 8601 UTC."},
           {"class", T::string, true, "Name of the mining class or AI block."},
           {"kind", T::string, true, "mining or ai."},
           {"mode", T::string, false, "Power mode in use (mining classes with modes)."},
           {"units_on", T::number, false, "Units running (fractional under the LP relaxation)."},
           {"power_mw", T::number, true, "Facility power of the class, MW."},
           {"revenue_usd", T::number, true, "Revenue of the class in the interval."},
       }},
      {"setpoint",
       "What one class should do now, as allocate now writes it.",
       {
           {"interval_start", T::time, true, "Interval the setpoint applies to."},
           {"class", T::string, true, "Name of the mining class or AI block."},
           {"kind", T::string, true, "mining or ai."},
           {"power_mw", T::number, true, "Facility power, MW."},
           {"units_on", T::integer, false, "Units to run."},
           {"mode", T::string, false, "Power mode, or off."},
       }},
      {"plan_summary",
       "Totals of a plan, one record for the site and one per mining class and AI block, as allocate plan --summary writes it.",
       {
           {"scope", T::string, true, "site, or the name of the mining class or AI block."},
           {"kind", T::string, true, "site, mining or ai."},
           {"hours", T::number, true, "Hours planned."},
           {"energy_mwh", T::number, true, "Energy drawn, MWh (site: overheads included)."},
           {"revenue_usd", T::number, true, "Revenue (site: mining, AI and reserve together)."},
           {"energy_cost_usd", T::number, true, "Energy bought, adders included."},
           {"demand_charge_usd", T::number, false, "Monthly demand charges (site only)."},
           {"margin_usd", T::number, true, "Revenue minus energy cost (site: demand charges deducted too)."},
           {"uptime_fraction", T::number, true, "Energy drawn over energy at full power (site: of mining)."},
           {"hours_curtailed", T::number, true, "Hours with some of the capacity held off."},
           {"break_even_price_per_mwh", T::number, false, "Node price above which the class loses money (mining classes)."},
           {"always_on_margin_usd", T::number, false, "Margin with every miner on all the time (site only)."},
           {"uplift_usd", T::number, false, "Margin of the plan minus the always-on margin (site only)."},
           {"solver", T::string, false, "direct, clp or cbc (site only)."},
           {"peak_charge_usd", T::number, false, "Peak-window (4CP) charge over the plan (site only); deducted from margin_usd."},
       }},
      {"split",
       "One candidate AI capacity over a price history, as allocate split writes it.",
       {
           {"ai_mw", T::number, true, "AI/HPC capacity, MW."},
           {"mining_mw", T::number, true, "Mining capacity with the rest of the interconnect, MW."},
           {"hours", T::number, true, "Hours of price history used."},
           {"ai_margin_usd", T::number, true, "Margin of the AI blocks over the history."},
           {"mining_margin_usd", T::number, true, "Margin of mining over the history."},
           {"annual_margin_usd", T::number, true, "Total margin scaled to one year."},
       }},
      {"peak_interval",
       "One flagged interval of a peak window (4CP or other), as allocate reads it from the site's peak_windows_file.",
       {
           {"interval_start", T::time, true, "A flagged instant, ISO 8601; the planned interval containing it is flagged."},
           {"window", T::string, false, "Window the interval belongs to (e.g. 2025-07 for July's 4CP); absent: all."},
       }},
      {"reserve_price",
       "The reserve product's price from an instant on, as allocate reads it from the site's reserve_prices_file.",
       {
           {"valid_from", T::time, true, "Instant from which the price applies, ISO 8601, until the next row."},
           {"reserve_usd_per_mw_hour", T::number, true, "Payment per MW-hour of interruptible load held ready."},
       }},
      {"hashprice",
       "Mining economics from an instant on, as allocate reads them from the site's hashprice_file.",
       {
           {"valid_from", T::time, true, "Instant from which the row applies, ISO 8601, until the next row."},
           {"hashprice_usd_per_ph_day", T::number, false, "What one PH/s earns per day; or the next four fields."},
           {"btc_usd", T::number, false, "BTC price, USD."},
           {"difficulty", T::number, false, "Network difficulty."},
           {"block_height", T::integer, false, "Block height, for the subsidy by the halving rule."},
           {"fees_btc_per_block", T::number, false, "Fees per block, BTC (default 0)."},
       }},
  };
}

}  // namespace hs::records
