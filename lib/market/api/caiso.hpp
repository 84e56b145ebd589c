#pragma once
// CAISO OASIS (oasis.caiso.com/oasisapi/SingleZip, resultformat=6): the request for a query,
// node and window, and the zipped CSV reply as price or ancillary-service price rows. OASIS
// needs no key.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "market/api/reply.hpp"

namespace hs::market::api {

// OASIS answers at most 31 days per request (the window gridstatus splits every OASIS query
// into), and its edge answers 429 "retry your request after 5 seconds" to a request that comes
// sooner than 5 seconds after the previous one (no Retry-After header: the wait is in the body).
inline constexpr std::chrono::seconds caiso_max_window{31L * 86400};
inline constexpr std::chrono::seconds caiso_request_spacing{5};

// The price queries this adapter reads: PRC_LMP (day-ahead hourly), PRC_INTVL_LMP (real-time
// 5-minute), PRC_RTPD_LMP (15-minute) and PRC_AS (ancillary-service prices).
bool caiso_price_query(std::string_view queryname);

struct CaisoRequest {
  std::string base = "https://oasis.caiso.com/oasisapi/SingleZip";
  std::string queryname;      // PRC_LMP, PRC_INTVL_LMP, PRC_RTPD_LMP, PRC_AS
  std::string market_run_id;  // DAM, RTM, HASP, RTPD
  std::string node;           // PRC_*_LMP: node or APNode; empty for PRC_AS
  std::string anc_type;       // PRC_AS: RU, RD, SR, NR, ... or ALL; empty: ALL
  std::string anc_region;     // PRC_AS: AS_CAISO_EXP, ... or ALL; empty: ALL
  int version = 1;
  UtcTime from{}, to{};  // [from, to), at most 31 days
};
// "...SingleZip?resultformat=6&queryname=Q&version=1&market_run_id=M[&node=N]
// &startdatetime=20250204T08:00-0000&enddatetime=20250211T08:00-0000" (times in UTC). A query
// that is not a price query, an empty window or one longer than 31 days: Error(64).
std::string build_caiso_url(const CaisoRequest& r);

// What an OASIS zip member's name says:
// "20250204_20250211_SLD_REN_FCST_DAM_20250214_04_52_10_v1.csv" -> start date 20250204, end date
// 20250211, queryname SLD_REN_FCST, market_run_id DAM, version 1 (the creation stamp
// 20250214_04_52_10 is optional). nullopt for a name not in that pattern.
struct CaisoMemberName {
  std::string start_date, end_date, queryname, market_run_id;
  int version = 0;
};
std::optional<CaisoMemberName> parse_caiso_member_name(std::string_view name);

// A SingleZip reply: every CSV member is read. PRC_*_LMP members (LMP_TYPE column) go through
// the CAISO file reader (only LMP_TYPE=LMP rows are prices; MCE, MCC, MCL are components) and
// become price rows; PRC_AS members (ANC_TYPE or AS_TYPE column) become as_price rows (product =
// ANC_TYPE, area = ANC_REGION, price_per_mw = MW). Times come from the *_GMT columns, so the
// rows' order in the file (OASIS does not sort them) does not matter: the result is sorted by
// interval start, then node or product and area.
// - An OASIS error zip (an XML member such as INVALID_REQUEST.xml with ERR_CODE and ERR_DESC,
//   sent with HTTP 200): Error(69) quoting ERR_CODE and ERR_DESC.
// - A member of another query (e.g. SLD_REN_FCST, a renewable forecast): Error(65) saying it
//   is not a price query.
// - Not a zip, a truncated zip, bad rows: Error(65) naming what, the member, line and field.
Reply parse_caiso_reply(std::string_view body, const std::string& what);

}  // namespace hs::market::api
