#pragma once
// What one market API reply holds once parsed: node prices, ancillary-service prices or load
// forecasts, plus the paging facts the fetcher needs to ask for the rest. Every reply parser in
// lib/market/api/ takes the body bytes and returns one of these, so each is a pure function of
// its input (tested against recorded replies, fuzzed without a network).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "market/price_row.hpp"

namespace hs::market::api {

// One ancillary-service clearing price (record as_price).
struct AsPriceRow {
  UtcTime start{};
  int minutes = 0;
  std::string iso, market, product, area, currency;
  double price_per_mw = 0;
  std::optional<UtcTime> published_at;
};

// One load forecast value (record load_forecast).
struct LoadForecastRow {
  UtcTime start{};
  int minutes = 0;
  std::string iso, area, model;
  double forecast_mw = 0;
  UtcTime published_at{};
};

// Paging as the reply states it; absent fields stay unset.
struct Paging {
  std::optional<std::int64_t> total_records;  // ERCOT _meta.totalRecords, PJM totalRows
  std::optional<std::int64_t> total_pages;    // ERCOT _meta.totalPages
  std::optional<std::int64_t> current_page;   // ERCOT _meta.currentPage (1-based)
};

struct Reply {
  std::vector<PriceRow> prices;
  std::vector<AsPriceRow> as_prices;
  std::vector<LoadForecastRow> load_forecasts;
  Paging paging;
  std::string zone;  // the area the reply names itself (ENTSO-E in_Domain EIC), when it does
};

// Parsers throw hs::Error: 65 for a body that is not the expected shape (naming `what`, the
// request or file, and the field), 69 for an error document the service sent in place of data
// (ENTSO-E Acknowledgement, CAISO OASIS error zip), quoting the service's own reason.

}  // namespace hs::market::api
