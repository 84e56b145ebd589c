#pragma once
// PJM Data Miner 2 (api.pjm.com/api/v1/<feed>): the request for a window and page, and the
// reply as price rows. The key travels in the Ocp-Apim-Subscription-Key header (the fetcher's
// business, never part of the URL built here).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "market/api/reply.hpp"

namespace hs::market::api {

// At most 50,000 rows per request: the Data Miner 2 limit as issue 16 cites it (gridstatus#293).
// Not confirmed from a PJM page here (older gridstatus asked for RowCount 100000), so this is
// the safe side. A longer answer comes in pages: StartRow 1, 50001, ... up to totalRows.
// Rate: PJM allows non-members 6 requests a minute per key (members 600).
inline constexpr std::int64_t pjm_max_rows_per_page = 50000;
inline constexpr int pjm_max_requests_per_minute = 6;

// The LMP feeds this parser knows: the price field and the interval each one carries.
struct PjmFeed {
  std::string_view name;         // da_hrl_lmps
  std::string_view market;       // da or rt
  int minutes;                   // 60 or 5
  std::string_view price_field;  // total_lmp_da or total_lmp_rt
};
// nullptr for a feed not in the table.
const PjmFeed* find_pjm_feed(std::string_view name);

struct PjmRequest {
  std::string base = "https://api.pjm.com/api/v1";
  std::string feed;                    // da_hrl_lmps, rt_unverified_fivemin_lmps, ...
  UtcTime from{}, to{};                // half-open window [from, to)
  std::vector<std::string> pnode_ids;  // empty: every pnode (with `type`, every one of that type)
  std::string type;                    // ZONE, HUB, ...; empty: no type filter
  std::int64_t start_row = 1;          // 1-based
  std::int64_t row_count = pjm_max_rows_per_page;
};

// The filter value for [from, to): PJM filters on Eastern prevailing time with both ends
// included, so the end is the last minute before `to`: 2026-06-09T04:00Z..2026-06-10T04:00Z is
// "2026-06-09T00:00to2026-06-09T23:59". On the fall-back day the repeated local hour cannot be
// told apart in this filter: a window ending inside it asks for a little more, so the fetcher
// keeps only the rows whose datetime_beginning_utc lies in [from, to).
std::string pjm_ept_range(UtcTime from, UtcTime to);

// The full URL, parameters in the order PJM's own self links use. A bad request (unknown feed,
// row_count outside 1..50,000, start_row < 1, to <= from): Error(64).
std::string build_pjm_url(const PjmRequest& r);

// The StartRow of each page needed for total_rows rows at row_count per page: 1, 1+row_count, ...
std::vector<std::int64_t> pjm_page_starts(std::int64_t total_rows, std::int64_t row_count = pjm_max_rows_per_page);

// The reply's items as price rows (iso PJM), sorted by interval start then node: PJM may send
// them newest first although the request says Order=Asc. node = pnode_name, node_type = type
// (ZONE, HUB, ...) when the reply has the field (PriceRow has no place for pnode_id; names are
// what every other powerfeed source keys on). A requested pnode with no rows is simply absent.
// `feed` names the feed (interval and price field); empty: taken from the reply's self link.
// Paging: total_records = totalRows; current_page / total_pages from searchSpecification's
// startRow and rowCount. Rows with row_is_current false are left out; version_nbr is kept.
// Bad body: Error(65) naming what, items[i] and the field.
Reply parse_pjm_reply(std::string_view body, const std::string& what, std::string_view feed = {});

}  // namespace hs::market::api
