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
           {"source", T::string, false, "File or URL the price was read from."},
           {"complete", T::boolean, false, "With powerfeed --every: false when inputs did not cover the whole interval."},
       }},
  };
}

}  // namespace hs::records
