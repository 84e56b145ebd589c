// ERCOT Public API replies, recorded from the live service (../shared/data/api/ercot, provenance in
// each .meta.json): values, paging and Central prevailing time converted to UTC.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>

#include "market/api/ercot.hpp"
#include "shared_data.hpp"

using namespace hs::market::api;
using hs::format_iso8601_utc;

namespace {

std::string recorded(const std::string& name) {
  std::ifstream in(hs::test::shared_data("api/ercot/" + name), std::ios::binary);
  REQUIRE(in);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
  return s;
}

int code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const hs::Error& e) {
    return e.code();
  }
  return 0;
}

}  // namespace

TEST_CASE("ERCOT NP4-190-CD DAM SPP pages: HB_HOUSTON HE01..HE04 on 2026-09-04 (CDT, UTC-5)", "[market][api]") {
  auto p1 = ercot::parse_reply(recorded("np4-190-cd_dam_spp_HB_HOUSTON_2026-09-04_page1.json"),
                               ercot::Product::da_spp, "page1");
  REQUIRE(p1.prices.size() == 2);
  CHECK(p1.paging.total_records == 24);
  CHECK(p1.paging.total_pages == 12);
  CHECK(p1.paging.current_page == 1);
  // Hour ending 01:00 is the hour from local midnight: 05:00Z.
  CHECK(format_iso8601_utc(p1.prices[0].start) == "2026-09-04T05:00:00Z");
  CHECK(p1.prices[0].price == 28.76);
  CHECK(p1.prices[0].minutes == 60);
  CHECK(p1.prices[0].market == "da");
  CHECK(p1.prices[0].node == "HB_HOUSTON");
  CHECK(p1.prices[0].currency == "USD");
  CHECK(format_iso8601_utc(p1.prices[1].start) == "2026-09-04T06:00:00Z");
  CHECK(p1.prices[1].price == 26.25);
  auto p2 = ercot::parse_reply(recorded("np4-190-cd_dam_spp_HB_HOUSTON_2026-09-04_page2.json"),
                               ercot::Product::da_spp, "page2");
  CHECK(p2.paging.current_page == 2);
  REQUIRE(p2.prices.size() == 2);
  CHECK(format_iso8601_utc(p2.prices[0].start) == "2026-09-04T07:00:00Z");
  CHECK(p2.prices[0].price == 25.87);
  CHECK(format_iso8601_utc(p2.prices[1].start) == "2026-09-04T08:00:00Z");
  CHECK(p2.prices[1].price == 25.98);
}

TEST_CASE("ERCOT DAM oldest row: 2023-12-13 HE24 in CST (UTC-6)", "[market][api]") {
  auto r = ercot::parse_reply(recorded("np4-190-cd_dam_spp_HB_HOUSTON_oldest.json"), ercot::Product::da_spp, "old");
  REQUIRE(r.prices.size() == 1);
  CHECK(format_iso8601_utc(r.prices[0].start) == "2023-12-14T05:00:00Z");
  CHECK(r.prices[0].price == 16.48);
  CHECK(r.paging.total_records == 23951);
}

TEST_CASE("ERCOT NP6-905-CD RT SPP: integer hour and interval, rows out of order", "[market][api]") {
  auto r = ercot::parse_reply(recorded("np6-905-cd_spp_HB_HOUSTON_2026-09-04_page1.json"), ercot::Product::rt_spp,
                              "rt");
  CHECK(r.paging.total_records == 96);
  CHECK(r.paging.total_pages == 48);
  REQUIRE(r.prices.size() == 2);
  // HE14 interval 1 starts 13:00 CDT; HE16 interval 2 starts 15:15 CDT.
  CHECK(format_iso8601_utc(r.prices[0].start) == "2026-09-04T18:00:00Z");
  CHECK(r.prices[0].price == 28.6);
  CHECK(r.prices[0].minutes == 15);
  CHECK(r.prices[0].node_type == "HU");
  CHECK(r.prices[0].market == "rt");
  CHECK(format_iso8601_utc(r.prices[1].start) == "2026-09-04T20:15:00Z");
  CHECK(r.prices[1].price == 41.79);
}

TEST_CASE("ERCOT NP6-788-CD LMP: SCED timestamp in local time with repeatHourFlag", "[market][api]") {
  auto r = ercot::parse_reply(recorded("np6-788-cd_lmp_node_zone_hub_latest_1row.json"), ercot::Product::lmp, "lmp");
  REQUIRE(r.prices.size() == 1);
  CHECK(format_iso8601_utc(r.prices[0].start) == "2026-09-06T00:25:23Z");
  CHECK(r.prices[0].node == "7RNCHSLR_ALL");
  CHECK(r.prices[0].price == 49.88);
  CHECK(r.paging.total_records == 266151);
}

TEST_CASE("ERCOT NP4-188-CD MCPC: REGUP as as_price rows", "[market][api]") {
  auto r = ercot::parse_reply(recorded("np4-188-cd_mcpc_REGUP_2026-09-04_page1.json"), ercot::Product::as_mcpc, "mcpc");
  CHECK(r.prices.empty());
  REQUIRE(r.as_prices.size() == 2);
  CHECK(r.paging.total_records == 24);
  CHECK(r.paging.total_pages == 12);
  CHECK(r.as_prices[0].product == "REGUP");
  CHECK(format_iso8601_utc(r.as_prices[0].start) == "2026-09-04T05:00:00Z");
  CHECK(r.as_prices[0].price_per_mw == 0.51);
  CHECK(r.as_prices[0].market == "da");
  CHECK(format_iso8601_utc(r.as_prices[1].start) == "2026-09-04T06:00:00Z");
  CHECK(r.as_prices[1].price_per_mw == 0.49);
}

TEST_CASE("ERCOT NP3-565-CD load forecast: nine areas, published at postedDatetime", "[market][api]") {
  auto r = ercot::parse_reply(recorded("np3-565-cd_lf_by_model_weather_zone_latest_1row.json"),
                              ercot::Product::load_forecast, "lf");
  REQUIRE(r.load_forecasts.size() == 9);
  const auto& sys = r.load_forecasts.back();
  CHECK(sys.area == "system");
  CHECK(sys.forecast_mw == 66965.5327);
  CHECK(sys.model == "A3");
  // Delivery 2026-09-12 hour ending "1:00" (not zero-padded) starts 00:00 CDT; posted 04:30 CDT.
  CHECK(format_iso8601_utc(sys.start) == "2026-09-12T05:00:00Z");
  CHECK(format_iso8601_utc(sys.published_at) == "2026-09-05T09:30:00Z");
  CHECK(r.load_forecasts[0].area == "coast");
  CHECK(r.load_forecasts[0].forecast_mw == 16437.5078);
  CHECK(r.load_forecasts[2].area == "farWest");
  CHECK(r.load_forecasts[2].forecast_mw == 7976.1543);
}

TEST_CASE("ERCOT columns are found by name, not position", "[market][api]") {
  // The recorded page with its fields listed in reverse and each row reversed to match.
  std::string body = recorded("np4-190-cd_dam_spp_HB_HOUSTON_2026-09-04_page1.json");
  auto doc = nlohmann::json::parse(body);
  std::reverse(doc["fields"].begin(), doc["fields"].end());
  for (auto& row : doc["data"]) std::reverse(row.begin(), row.end());
  auto r = ercot::parse_reply(doc.dump(), ercot::Product::da_spp, "reversed");
  REQUIRE(r.prices.size() == 2);
  CHECK(format_iso8601_utc(r.prices[1].start) == "2026-09-04T06:00:00Z");
  CHECK(r.prices[1].price == 26.25);
}

TEST_CASE("ERCOT DSTFlag picks the repeated fall-back hour (hand-worked on the recorded shape)", "[market][api]") {
  // 2026-11-01 is the fall-back day in Central time: HE02 (01:00 local) happens twice, 06:00Z
  // in CDT and 07:00Z in CST; DSTFlag true marks the second. The recorded page, re-dated.
  std::string body = replace_all(recorded("np4-190-cd_dam_spp_HB_HOUSTON_2026-09-04_page1.json"), "2026-09-04",
                                 "2026-11-01");
  auto doc = nlohmann::json::parse(body);
  doc["data"][1][4] = true;  // HE02, second occurrence
  doc["data"][0][1] = "02:00";
  auto r = ercot::parse_reply(doc.dump(), ercot::Product::da_spp, "fallback");
  REQUIRE(r.prices.size() == 2);
  CHECK(format_iso8601_utc(r.prices[0].start) == "2026-11-01T06:00:00Z");
  CHECK(format_iso8601_utc(r.prices[1].start) == "2026-11-01T07:00:00Z");
  // The flag on an hour that is not repeated is bad data.
  doc["data"][1][1] = "05:00";
  CHECK(code_of([&] { ercot::parse_reply(doc.dump(), ercot::Product::da_spp, "bad"); }) == 65);
}

TEST_CASE("ERCOT bad replies are data errors naming the reply and field", "[market][api]") {
  CHECK(code_of([] { ercot::parse_reply("<html>", ercot::Product::da_spp, "x"); }) == 65);
  CHECK(code_of([] { ercot::parse_reply("{\"_meta\":{}}", ercot::Product::da_spp, "x"); }) == 65);
  std::string body = recorded("np4-190-cd_dam_spp_HB_HOUSTON_2026-09-04_page1.json");
  auto doc = nlohmann::json::parse(body);
  doc["data"][0][3] = "n/a";
  try {
    ercot::parse_reply(doc.dump(), ercot::Product::da_spp, "https://h/np4-190-cd");
    FAIL("no error");
  } catch (const hs::Error& e) {
    CHECK(e.code() == 65);
    CHECK(std::string(e.what()).find("https://h/np4-190-cd data[0]") != std::string::npos);
    CHECK(std::string(e.what()).find("settlementPointPrice") != std::string::npos);
  }
  // A page of another product lacks the columns asked for.
  CHECK(code_of([&] { ercot::parse_reply(body, ercot::Product::as_mcpc, "x"); }) == 65);
}

TEST_CASE("ERCOT token reply: id_token and expires_in as a string", "[market][api]") {
  auto t = ercot::parse_token(recorded("token_response_redacted.json"), "token");
  CHECK(t.id_token == "REDACTED");
  CHECK(t.expires_in_s == 3600);
  try {
    ercot::parse_token("{\"error\":\"invalid_grant\",\"secret\":\"s3cr3t\"", "token");
    FAIL("no error");
  } catch (const hs::Error& e) {
    CHECK(e.code() == 69);
    CHECK(std::string(e.what()).find("s3cr3t") == std::string::npos);
  }
}
