// PJM Data Miner 2 replies recorded from the live API (../shared/data/api/pjm, provenance in the
// .meta.json sidecars), and the request URLs those recordings were made with.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "core/io.hpp"
#include "market/api/pjm.hpp"
#include "shared_data.hpp"

using namespace hs::market::api;
using hs::format_iso8601_utc;
using hs::make_utc;

namespace {

std::string fixture(const std::string& name) { return hs::read_whole_file(hs::test::shared_data("api/pjm/" + name)); }

int error_code(const std::function<void()>& f, std::string& message) {
  try {
    f();
  } catch (const hs::Error& e) {
    message = e.what();
    return e.code();
  }
  return 0;
}

}  // namespace

TEST_CASE("PJM da_hrl_lmps zones 2026-06-09: 23 zones x 24 hours, UTC 04:00..03:00", "[market][api][pjm]") {
  const auto reply = parse_pjm_reply(fixture("da_hrl_lmps_zones_2026-06-09.json"), "da_hrl_lmps");
  REQUIRE(reply.paging.total_records == 552);
  CHECK(reply.paging.current_page == 1);
  CHECK(reply.paging.total_pages == 1);  // rowCount 600 >= 552
  REQUIRE(reply.prices.size() == 552);
  std::set<std::string> nodes;
  std::set<hs::UtcTime> starts;
  for (const auto& r : reply.prices) {
    nodes.insert(r.node);
    starts.insert(r.start);
    CHECK(r.minutes == 60);
    CHECK(r.market == "da");
    CHECK(r.iso == "PJM");
    CHECK(r.node_type == "ZONE");
  }
  CHECK(nodes.size() == 23);
  CHECK(nodes.count("PJM-RTO") == 1);
  CHECK(nodes.count("MID-ATL/APS") == 1);
  REQUIRE(starts.size() == 24);
  CHECK(format_iso8601_utc(*starts.begin()) == "2026-06-09T04:00:00Z");   // EDT midnight
  CHECK(format_iso8601_utc(*starts.rbegin()) == "2026-06-10T03:00:00Z");  // 23:00 EDT
  // items[0]: PJM-RTO at 04:00Z, 31.862345; PSEG at 21:00Z (17:00 EDT) is 48.164031.
  CHECK(reply.prices.front().node == "AECO");  // sorted by start then node
  auto find = [&](const std::string& node, hs::UtcTime t) {
    auto it = std::find_if(reply.prices.begin(), reply.prices.end(),
                           [&](const auto& r) { return r.node == node && r.start == t; });
    REQUIRE(it != reply.prices.end());
    return it->price;
  };
  CHECK(find("PJM-RTO", make_utc(2026, 6, 9, 4)) == Approx(31.862345).margin(1e-9));
  CHECK(find("PSEG", make_utc(2026, 6, 9, 21)) == Approx(48.164031).margin(1e-9));
  CHECK(find("OVEC", make_utc(2026, 6, 10, 3)) == Approx(43.169104).margin(1e-9));
}

TEST_CASE("PJM rt_unverified_fivemin_lmps: newest-first items come out in time order, pnode 3 absent",
          "[market][api][pjm]") {
  const auto body = fixture("rt_unverified_fivemin_lmps_2026-06-10_1440-1515EPT.json");
  const auto reply = parse_pjm_reply(body, "rt_unverified_fivemin_lmps");
  REQUIRE(reply.paging.total_records == 154);
  REQUIRE(reply.prices.size() == 154);
  std::set<std::string> nodes;
  std::set<hs::UtcTime> starts;
  for (const auto& r : reply.prices) {
    nodes.insert(r.node);
    starts.insert(r.start);
    CHECK(r.minutes == 5);
    CHECK(r.market == "rt");
    CHECK(r.node_type.empty());  // the request did not ask for the type field
  }
  CHECK(nodes.size() == 22);
  CHECK(nodes.count("MID-ATL/APS") == 0);  // requested (pnode_id 3) but not in the reply
  REQUIRE(starts.size() == 7);
  CHECK(format_iso8601_utc(*starts.begin()) == "2026-06-10T18:40:00Z");
  CHECK(format_iso8601_utc(*starts.rbegin()) == "2026-06-10T19:10:00Z");
  CHECK(std::is_sorted(reply.prices.begin(), reply.prices.end(),
                       [](const auto& a, const auto& b) { return a.start < b.start; }));
  CHECK(format_iso8601_utc(reply.prices.front().start) == "2026-06-10T18:40:00Z");  // the file's last item
  auto max = std::max_element(reply.prices.begin(), reply.prices.end(),
                              [](const auto& a, const auto& b) { return a.price < b.price; });
  CHECK(max->price == Approx(1205.42));
  CHECK(max->node == "BGE");
  CHECK(format_iso8601_utc(max->start) == "2026-06-10T18:55:00Z");
  // "545.530000" with trailing zeros is the number 545.53 (PJM-RTO, 19:10Z, the first item).
  auto rto = std::find_if(reply.prices.begin(), reply.prices.end(), [](const auto& r) {
    return r.node == "PJM-RTO" && r.start == make_utc(2026, 6, 10, 19, 10);
  });
  REQUIRE(rto != reply.prices.end());
  CHECK(rto->price == Approx(545.53));
  // The feed from the self link agrees with the one named by the caller.
  CHECK(parse_pjm_reply(body, "rt", "rt_unverified_fivemin_lmps").prices.size() == 154);
}

TEST_CASE("PJM request URLs: the recorded queries rebuilt from UTC windows", "[market][api][pjm]") {
  PjmRequest da;
  da.feed = "da_hrl_lmps";
  da.type = "ZONE";
  da.row_count = 600;
  da.from = make_utc(2026, 6, 9, 4);
  da.to = make_utc(2026, 6, 10, 4);
  CHECK(build_pjm_url(da) ==
        "https://api.pjm.com/api/v1/da_hrl_lmps?RowCount=600&Order=Asc&StartRow=1&IsActiveMetadata=True&"
        "Fields=datetime_beginning_utc%2Cpnode_id%2Cpnode_name%2Ctype%2Ctotal_lmp_da&type=ZONE&"
        "datetime_beginning_ept=2026-06-09T00%3A00to2026-06-09T23%3A59");
  PjmRequest rt;
  rt.feed = "rt_unverified_fivemin_lmps";
  rt.row_count = 200;
  rt.pnode_ids = {"1", "3", "51291"};
  rt.from = make_utc(2026, 6, 10, 18, 40);
  rt.to = make_utc(2026, 6, 10, 19, 16);
  CHECK(build_pjm_url(rt) ==
        "https://api.pjm.com/api/v1/rt_unverified_fivemin_lmps?RowCount=200&Order=Asc&StartRow=1&"
        "IsActiveMetadata=True&Fields=datetime_beginning_utc%2Cpnode_id%2Cpnode_name%2Ctotal_lmp_rt&"
        "pnode_id=1%3B3%3B51291&datetime_beginning_ept=2026-06-10T14%3A40to2026-06-10T15%3A15");
  // Winter: EST is UTC-5.
  CHECK(pjm_ept_range(make_utc(2024, 1, 15, 5), make_utc(2024, 1, 16, 5)) == "2024-01-15T00:00to2024-01-15T23:59");
  // Paging: 120,001 rows need StartRow 1, 50001, 100001.
  CHECK(pjm_page_starts(120001) == std::vector<std::int64_t>{1, 50001, 100001});
  CHECK(pjm_page_starts(50000) == std::vector<std::int64_t>{1});
  CHECK(pjm_page_starts(0).empty());
  std::string msg;
  da.row_count = 50001;
  CHECK(error_code([&] { build_pjm_url(da); }, msg) == 64);
  CHECK(msg.find("50000") != std::string::npos);
  da.row_count = 100;
  da.feed = "nonsense";
  CHECK(error_code([&] { build_pjm_url(da); }, msg) == 64);
}

TEST_CASE("PJM bad bodies: Error 65 naming the request, the item and the field", "[market][api][pjm]") {
  std::string msg;
  const std::string head = R"({"links":[{"rel":"self","href":"https://api.pjm.com/api/v1/da_hrl_lmps?x=1"}],"totalRows":2,"items":[)";
  const std::string good = R"({"datetime_beginning_utc":"2026-06-09T04:00:00","pnode_name":"AECO","type":"ZONE","total_lmp_da":24.5})";
  CHECK(parse_pjm_reply(head + good + "]}", "q").prices.size() == 1);
  CHECK(error_code([&] { parse_pjm_reply(head + good + R"(,{"datetime_beginning_utc":"2026-06-09T05:00:00","pnode_name":"AECO","total_lmp_da":"abc"}]})", "q"); }, msg) == 65);
  CHECK(msg == "q: items[1]: field 'total_lmp_da': expected a number, got \"\\\"abc\\\"\"");
  CHECK(error_code([&] { parse_pjm_reply(head + R"({"datetime_beginning_utc":"06/09/2026","pnode_name":"A","total_lmp_da":1}]})", "q"); }, msg) == 65);
  CHECK(msg.find("items[0]: field 'datetime_beginning_utc'") != std::string::npos);
  CHECK(error_code([&] { parse_pjm_reply(head + R"({"pnode_name":"A","total_lmp_da":1}]})", "q"); }, msg) == 65);
  CHECK(msg == "q: items[0]: field 'datetime_beginning_utc': missing");
  CHECK(error_code([&] { parse_pjm_reply(head + "[1]]}", "q"); }, msg) == 65);
  CHECK(msg.find("items[0]") != std::string::npos);
  CHECK(error_code([&] { parse_pjm_reply(R"({"totalRows":"552","items":[]})", "q", "da_hrl_lmps"); }, msg) == 65);
  CHECK(msg.find("'totalRows': expected an integer") != std::string::npos);
  CHECK(error_code([&] { parse_pjm_reply(R"({"totalRows":1,"items":{}})", "q", "da_hrl_lmps"); }, msg) == 65);
  CHECK(msg.find("'items': expected an array") != std::string::npos);
  CHECK(error_code([&] { parse_pjm_reply("[]", "q", "da_hrl_lmps"); }, msg) == 65);
  CHECK(error_code([&] { parse_pjm_reply(R"({"totalRows":1,"items":[)", "q", "da_hrl_lmps"); }, msg) == 65);
  CHECK(msg.find("truncated") != std::string::npos);
  CHECK(error_code([&] { parse_pjm_reply(R"({"totalRows":0,"items":[]})", "q"); }, msg) == 65);
  CHECK(msg.find("feed") != std::string::npos);
}

TEST_CASE("PJM verified feeds: superseded rows left out, version_nbr kept", "[market][api][pjm]") {
  // Built from the rt_hrl_lmps field list (row_is_current, version_nbr); the recorded replies
  // do not ask for these fields.
  const std::string body = R"({"totalRows":3,"items":[
 {"datetime_beginning_utc":"2025-06-01T04:00:00","pnode_name":"PSEG","type":"ZONE","row_is_current":false,"version_nbr":1,"total_lmp_rt":20.5},
 {"datetime_beginning_utc":"2025-06-01T04:00:00","pnode_name":"PSEG","type":"ZONE","row_is_current":true,"version_nbr":2,"total_lmp_rt":21.25},
 {"datetime_beginning_utc":"2025-06-01T05:00:00","pnode_name":"PSEG","type":"ZONE","row_is_current":"True","version_nbr":1,"total_lmp_rt":19}]})";
  const auto reply = parse_pjm_reply(body, "rt_hrl_lmps", "rt_hrl_lmps");
  REQUIRE(reply.prices.size() == 2);
  CHECK(reply.prices[0].price == Approx(21.25));
  CHECK(reply.prices[0].version == 2);
  CHECK(reply.prices[0].minutes == 60);
  CHECK(reply.prices[0].market == "rt");
  CHECK(reply.prices[1].price == Approx(19));
  CHECK_FALSE(reply.paging.total_pages.has_value());  // no searchSpecification echoed
  std::string msg;
  CHECK(error_code([&] { parse_pjm_reply(R"({"totalRows":1,"items":[{"datetime_beginning_utc":"2025-06-01T04:00:00","pnode_name":"PSEG","row_is_current":"yes","total_lmp_rt":1}]})", "q", "rt_hrl_lmps"); }, msg) == 65);
  CHECK(msg == "q: items[0]: field 'row_is_current': expected true or false, got \"\\\"yes\\\"\"");
}
