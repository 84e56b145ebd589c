#pragma once
// The cells of every record powerfeed writes, each built in one place from its typed struct
// (the field order is the record's, lib/records/price.cpp); the drivers only write them.
// Tested by field name in tests/unit/market/record_cells_test.cpp, so two swapped columns fail.
#include <string>
#include <string_view>
#include <vector>

#include "core/record.hpp"
#include "market/live/archive.hpp"
#include "market/stream.hpp"

namespace hs::market {

// `price`: a normalized row. Its strings are moved into `cells` (the row is at the end of the
// pipeline; convert writes millions). source_name: the input the row came from, used when the
// row names no origin of its own; with_complete: --every was given (else `complete` is empty).
void price_cells(PriceRow&& r, const std::string& source_name, bool with_complete, std::vector<Cell>& cells);

// `price_check`: one series and local market day.
std::vector<Cell> check_cells(const DayCheck& d);

// `price_stats`: one node's summary. Mean, share and hours are derived (4 decimals); min, max
// and percentiles are prices as read.
std::vector<Cell> stats_cells(const Stats& s);

namespace live {
// An archived item's cells, in the order of the record its kind is written as (price,
// as_price or load_forecast).
std::vector<Cell> item_cells(const Item& it);
}  // namespace live

}  // namespace hs::market
