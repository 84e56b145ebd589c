#pragma once
// ENTSO-E Transparency Platform REST API (web-api.tp.entsoe.eu/api), day-ahead prices
// (documentType A44, article 12.1.D): the request for a zone and window, the bidding zones'
// EIC codes, and the Publication_MarketDocument reply as price rows. The securityToken is a
// query parameter; the fetcher appends it to the URL built here right before the request, so
// this URL (logged, archived, named in messages) never carries it.
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "market/api/reply.hpp"

namespace hs::market::api {

// ENTSO-E's limits: 400 requests per minute per user (more gets the token banned for a while:
// entsoe-py#70), and one year at most per A44 query (the API guide's limit on the requested
// interval, as entsoe-py splits by year; the guide page found here did not show it); a longer
// backfill is cut with split_windows(from, to, entsoe_max_window).
inline constexpr int entsoe_max_requests_per_minute = 400;
inline constexpr std::chrono::seconds entsoe_max_window{365L * 86400};

// One bidding zone: its EIC code and the short name ENTSO-E's own exports write after "BZN|"
// (so a price fetched here and one read from an export of the same zone carry the same node).
struct EntsoeZone {
  std::string_view eic;
  std::string_view name;
};
const std::vector<EntsoeZone>& entsoe_zones();
// Name for an EIC code; empty when the code is not in the table.
std::string_view entsoe_zone_name(std::string_view eic);
// EIC code for a zone name or for an EIC code itself (case-sensitive); empty when unknown.
std::string_view entsoe_zone_eic(std::string_view name_or_eic);

struct EntsoeRequest {
  std::string base = "https://web-api.tp.entsoe.eu/api";
  std::string zone;      // "DE-LU" or its EIC code
  UtcTime from{}, to{};  // [from, to); ENTSO-E answers whole delivery days that overlap it
};
// "...?documentType=A44&in_Domain=EIC&out_Domain=EIC&periodStart=yyyyMMddHHmm&periodEnd=...&
// contract_MarketAgreement.type=A01" (times in UTC). Unknown zone, empty or longer than one
// year window: Error(64).
std::string build_entsoe_url(const EntsoeRequest& r);

// A Publication_MarketDocument as price rows (iso ENTSOE, market da, currency from
// currency_Unit.name), sorted by interval start, then node, node_type and minutes.
// - node: the in_Domain EIC code's zone name (the code itself when not in the table); zone in
//   the Reply is the first series' zone.
// - One TimeSeries per delivery day and series; each Period's points are offsets from its UTC
//   start by its resolution (PT15M, PT30M, PT60M).
// - curveType A03: a position left out repeats the previous position's price, up to the end of
//   the period; they are filled here, not left as gaps.
// - Several series per day (DE-LU 2021: classificationSequence position 1 at PT60M, position 2
//   at PT15M) are kept apart, never concatenated: node_type is "Sequence N" for a series with a
//   classificationSequence position (the same text ENTSO-E's CSV exports put in their Sequence
//   column) and empty without one, and minutes is the resolution. A consumer tells them apart by
//   (node_type, minutes), which is part of every powerfeed series key; select one with
//   --node-type or by interval length.
// An Acknowledgement_MarketDocument (ENTSO-E's "no data" / "bad request" answer, sent with HTTP
// 200): Error(69) quoting its Reason code and text. Any other shape: Error(65) naming what, the
// element (TimeSeries[i]/Period[j]/Point[k], 1-based as in XPath) and the field.
Reply parse_entsoe_reply(std::string_view body, const std::string& what);

}  // namespace hs::market::api
