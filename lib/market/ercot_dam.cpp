// ERCOT NP4-190-CD day-ahead settlement point prices: HourEnding "01:00".."24:00", prices
// padded with a leading space, no settlement point type.
#include "market/ercot.hpp"
#include "market/formats.hpp"

namespace hs::market {

void parse_ercot_dam(RowSource& rows, const std::vector<std::string>& header, ParseContext& ctx) {
  auto cols = ercot::find_columns(header, rows.name());
  if (cols.real_time())
    throw_data_error(Location{rows.name(), 1}, {}, "ERCOT day-ahead table with a DeliveryInterval column");
  ercot::parse_rows(rows, cols, ctx);
}

}  // namespace hs::market
