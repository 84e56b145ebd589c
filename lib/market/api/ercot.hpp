#pragma once
// ERCOT Public API (api.ercot.com/api/public-reports) replies: one data page is
//   {"_meta":{totalRecords,pageSize,totalPages,currentPage,...},"report":{...},
//    "fields":[{"name":...},...],"data":[[...],...],"_links":{...}}
// with each data row an array in `fields` order. Columns are found by their names, never by
// position. Times are Central prevailing time without an offset; the repeated fall-back hour is
// marked by DSTFlag (hour-ending products) or repeatHourFlag (SCED timestamps) and converted to
// UTC through the IANA zone, as the ERCOT file readers do (market/ercot.hpp).
// Pure functions of the body bytes: no I/O, fuzzed.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "market/api/reply.hpp"

namespace hs::market::api::ercot {

enum class Product { rt_spp, da_spp, lmp, as_mcpc, load_forecast };

struct ProductInfo {
  Product product;
  const char* name;    // powerfeed's name: rt-spp, da-spp, lmp, as-mcpc, load-forecast
  const char* emil;    // ERCOT EMIL id, e.g. NP4-190-CD
  const char* path;    // endpoint under the base URL, e.g. np4-190-cd/dam_stlmnt_pnt_prices
  const char* record;  // record written: price, as_price or load_forecast
};
const std::vector<ProductInfo>& products();
std::optional<Product> parse_product(std::string_view name);
const ProductInfo& info(Product p);

// One data page of product p. what names the reply in messages (a URL without credentials, or a
// file). Rows: prices (rt-spp 15 min, da-spp 60 min, lmp 5 min at the SCED timestamp),
// as_prices (as-mcpc, product = ancillaryType) or load_forecasts (one per weather zone column
// and "system" for systemTotal, published_at = postedDatetime). Bad shape or value: Error(65).
Reply parse_reply(std::string_view body, Product p, std::string_view what);

// The B2C token endpoint's reply: the id_token (sent as the Bearer value) and its lifetime
// (expires_in, a string such as "3600" or a number). Errors never quote the body.
struct Token {
  std::string id_token;
  long expires_in_s = 0;
};
Token parse_token(std::string_view body, std::string_view what);

}  // namespace hs::market::api::ercot
