#include "records/catalog.hpp"

namespace hs::records {

std::vector<RecordSpec> price_records() {
  using T = FieldType;
  return {
      {"price",
       "One market price for one node and interval, as powerfeed writes it and allocate reads it.",
       {
           {"interval_start", T::time, true, "Start of the interval, ISO 8601 UTC with Z."},
           {"interval_minutes", T::integer, true, "Length of the interval in minutes (5, 15, 60, ...)."},
           {"iso", T::string, false, "Market operator: ERCOT, CAISO, PJM, ISONE, ENTSOE, or GENERIC."},
           {"market", T::string, false, "rt (real time) or da (day ahead)."},
           {"node", T::string, true, "Settlement point, node, hub or zone name."},
           {"node_type", T::string, false, "The market's type of the node (ERCOT: HU, LZ, LZEW, RN, ...); part of the key."},
           {"price_per_mwh", T::number, true, "Price per MWh in the record's currency."},
           {"currency", T::string, false, "ISO 4217 code of the price (USD, EUR)."},
           {"source", T::string, false, "File or URL the price was first read from (kept when price records are read again)."},
           {"complete", T::boolean, false, "With powerfeed --every: false when inputs did not cover the whole interval."},
       }},
      {"price_check",
       "One node and local market day as powerfeed check reports it: expected versus found intervals.",
       {
           {"node", T::string, true, "Settlement point, node, hub or zone name."},
           {"node_type", T::string, false, "The market's type of the node."},
           {"iso", T::string, false, "Market operator."},
           {"market", T::string, false, "rt or da."},
           {"local_date", T::string, true, "Market day in the market's own time zone (YYYY-MM-DD)."},
           {"interval_minutes", T::integer, true, "Length of the intervals counted."},
           {"expected", T::integer, true, "Intervals the local day holds (92, 96 or 100 for 15 minutes on DST days)."},
           {"found", T::integer, true, "Distinct intervals present."},
           {"duplicates", T::integer, true, "Rows beyond the first for an interval already present."},
           {"complete", T::boolean, true, "true when found equals expected and there are no duplicates."},
           {"gaps", T::string, false, "Missing interval starts (ISO 8601 UTC), separated by spaces."},
       }},
      {"price_stats",
       "Summary of one node's prices as powerfeed stats reports it.",
       {
           {"node", T::string, true, "Settlement point, node, hub or zone name."},
           {"node_type", T::string, false, "The market's type of the node."},
           {"iso", T::string, false, "Market operator."},
           {"market", T::string, false, "rt or da."},
           {"currency", T::string, false, "ISO 4217 code of the prices."},
           {"first_start", T::time, true, "Start of the earliest interval."},
           {"last_start", T::time, true, "Start of the latest interval."},
           {"count", T::integer, true, "Number of intervals."},
           {"mean_per_mwh", T::number, true, "Time-weighted mean price."},
           {"min_per_mwh", T::number, true, "Lowest price."},
           {"max_per_mwh", T::number, true, "Highest price."},
           {"p5_per_mwh", T::number, true, "5th percentile (nearest rank)."},
           {"p50_per_mwh", T::number, true, "Median (nearest rank)."},
           {"p95_per_mwh", T::number, true, "95th percentile (nearest rank)."},
           {"p99_per_mwh", T::number, true, "99th percentile (nearest rank)."},
           {"negative_share", T::number, true, "Share of intervals with a price below zero (0..1)."},
           {"hours_above", T::number, false, "Hours with a price above powerfeed stats --above X."},
       }},
  };
}

}  // namespace hs::records
