// ENTSO-E A44 Publication_MarketDocument replies recorded from the live API
// (../shared/data/api/entsoe, provenance in the .meta.json sidecars).
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <map>

#include "core/io.hpp"
#include "market/api/body.hpp"
#include "market/api/entsoe.hpp"
#include "shared_data.hpp"

using namespace hs::market::api;
using hs::format_iso8601_utc;
using hs::make_utc;
using hs::market::PriceRow;

namespace {

std::string fixture(const std::string& name) {
  return hs::read_whole_file(hs::test::shared_data("api/entsoe/" + name));
}

int error_code(const std::function<void()>& f, std::string& message) {
  try {
    f();
  } catch (const hs::Error& e) {
    message = e.what();
    return e.code();
  }
  return 0;
}

const PriceRow& at(const Reply& r, hs::UtcTime t, int minutes, const std::string& node_type = {}) {
  auto it = std::find_if(r.prices.begin(), r.prices.end(), [&](const PriceRow& p) {
    return p.start == t && p.minutes == minutes && p.node_type == node_type;
  });
  REQUIRE(it != r.prices.end());
  return *it;
}

const std::string es_file = "A44_ES_2025-09-28T22Z_2025-10-02T22Z_PT60M_then_PT15M.xml";
const std::string de_file = "A44_DE-LU_2020-12-31T23Z_2021-01-02T23Z_PT15M_and_PT60M.xml";

}  // namespace

TEST_CASE("ENTSO-E ES: PT60M days then the 2025-10-01 switch to PT15M, A03 positions forward-filled",
          "[market][api][entsoe]") {
  const auto reply = parse_entsoe_reply(fixture(es_file), "A44 ES");
  CHECK(reply.zone == "ES");
  // Two days of 24 hours, then two days of 96 quarter hours (93 and 89 points sent).
  REQUIRE(reply.prices.size() == 24 + 24 + 96 + 96);
  std::map<int, int> per_minutes;
  for (const auto& p : reply.prices) {
    ++per_minutes[p.minutes];
    CHECK(p.node == "ES");
    CHECK(p.node_type.empty());  // no classificationSequence in this document
    CHECK(p.iso == "ENTSOE");
    CHECK(p.market == "da");
    CHECK(p.currency == "EUR");
    // 2025-10-01 00:00 CEST = 2025-09-30T22:00Z: everything before is hourly, after 15-minute.
    CHECK(p.minutes == (p.start < make_utc(2025, 9, 30, 22) ? 60 : 15));
  }
  CHECK(per_minutes[60] == 48);
  CHECK(per_minutes[15] == 192);
  CHECK(format_iso8601_utc(reply.prices.front().start) == "2025-09-28T22:00:00Z");
  CHECK(reply.prices.front().price == Approx(51.6));
  CHECK(format_iso8601_utc(reply.prices.back().start) == "2025-10-02T21:45:00Z");
  CHECK(reply.prices.back().price == Approx(103.27));
  // Day 3 (from 2025-09-30T22:00Z): positions 12, 15 and 84 left out repeat 11, 14 and 83.
  const auto day3 = make_utc(2025, 9, 30, 22);
  auto pos = [](hs::UtcTime day, int p) { return day + std::chrono::minutes(15 * (p - 1)); };
  CHECK(at(reply, pos(day3, 11), 15).price == Approx(100));
  CHECK(at(reply, pos(day3, 12), 15).price == Approx(100));
  CHECK(at(reply, pos(day3, 10), 15).price == Approx(102));
  CHECK(at(reply, pos(day3, 15), 15).price == Approx(97.51));
  CHECK(at(reply, pos(day3, 84), 15).price == Approx(230));
  CHECK(at(reply, pos(day3, 82), 15).price == Approx(217.45));
  CHECK(format_iso8601_utc(pos(day3, 12)) == "2025-10-01T00:45:00Z");
  CHECK(at(reply, day3, 15).price == Approx(105.1));
  // Day 4: positions 10, 11 and 12 all repeat position 9 (95); 4 repeats 3 (103.33).
  const auto day4 = make_utc(2025, 10, 1, 22);
  CHECK(at(reply, pos(day4, 4), 15).price == Approx(103.33));
  for (int p : {9, 10, 11, 12}) CHECK(at(reply, pos(day4, p), 15).price == Approx(95));
}

TEST_CASE("ENTSO-E DE-LU 2021: PT60M (sequence 1) and PT15M (sequence 2) kept apart", "[market][api][entsoe]") {
  const auto reply = parse_entsoe_reply(fixture(de_file), "A44 DE-LU");
  CHECK(reply.zone == "DE-LU");
  REQUIRE(reply.prices.size() == 2 * (24 + 96));
  std::map<std::pair<std::string, int>, int> series;
  for (const auto& p : reply.prices) ++series[{p.node_type, p.minutes}];
  REQUIRE(series.size() == 2);
  CHECK(series[{"Sequence 1", 60}] == 48);
  CHECK(series[{"Sequence 2", 15}] == 192);
  // Day 1 is 2020-12-31T23:00Z (CET midnight) .. 2021-01-01T23:00Z.
  CHECK(format_iso8601_utc(reply.prices.front().start) == "2020-12-31T23:00:00Z");
  CHECK(at(reply, make_utc(2020, 12, 31, 23), 60, "Sequence 1").price == Approx(50.87));
  CHECK(at(reply, make_utc(2020, 12, 31, 23), 15, "Sequence 2").price == Approx(75.83));
  CHECK(at(reply, make_utc(2021, 1, 1, 22, 45), 15, "Sequence 2").price == Approx(37.06));
  // Across the day boundary at 23:00Z: the last hour of day 1, the first of day 2.
  CHECK(at(reply, make_utc(2021, 1, 1, 22), 60, "Sequence 1").price == Approx(49.72));
  CHECK(at(reply, make_utc(2021, 1, 1, 23), 60, "Sequence 1").price == Approx(46.69));
  CHECK(at(reply, make_utc(2021, 1, 1, 23), 15, "Sequence 2").price == Approx(57.5));
  // Day 2's PT60M series leaves out position 11 (10:00 CET = 09:00Z): it repeats position 10.
  CHECK(at(reply, make_utc(2021, 1, 2, 8), 60, "Sequence 1").price == Approx(52));
  CHECK(at(reply, make_utc(2021, 1, 2, 9), 60, "Sequence 1").price == Approx(52));
  CHECK(format_iso8601_utc(reply.prices.back().start) == "2021-01-02T22:45:00Z");
}

TEST_CASE("ENTSO-E Acknowledgement: Error 69 quoting the Reason", "[market][api][entsoe]") {
  // No Acknowledgement was recorded byte for byte (see ../shared/data/api/README.md); this
  // body is built from the documented shape: mRID, createdDateTime, sender and receiver (role
  // A39), received_MarketDocument.createdDateTime and Reason{code 999, text}.
  const std::string ack = R"(<?xml version="1.0" encoding="UTF-8"?>
<Acknowledgement_MarketDocument xmlns="urn:iec62325.351:tc57wg16:451-1:acknowledgementdocument:7:0">
  <mRID>920295cf-fbfb-4</mRID>
  <createdDateTime>2025-10-02T08:00:00Z</createdDateTime>
  <sender_MarketParticipant.mRID codingScheme="A01">10X1001A1001A450</sender_MarketParticipant.mRID>
  <sender_MarketParticipant.marketRole.type>A32</sender_MarketParticipant.marketRole.type>
  <receiver_MarketParticipant.mRID codingScheme="A01">10X1001A1001A450</receiver_MarketParticipant.mRID>
  <receiver_MarketParticipant.marketRole.type>A39</receiver_MarketParticipant.marketRole.type>
  <received_MarketDocument.createdDateTime>2025-10-02T08:00:00Z</received_MarketDocument.createdDateTime>
  <Reason>
    <code>999</code>
    <text>No matching data found for Data item ENERGY_PRICES [12.1.D] (10YES-REE------0, 10YES-REE------0) and interval 2030-01-01T00:00:00.000Z/2030-01-02T00:00:00.000Z.</text>
  </Reason>
</Acknowledgement_MarketDocument>)";
  std::string msg;
  CHECK(error_code([&] { parse_entsoe_reply(ack, "A44 ES 2030-01-01"); }, msg) == 69);
  CHECK(msg.rfind("A44 ES 2030-01-01: ", 0) == 0);
  CHECK(msg.find("Reason 999: No matching data found for Data item ENERGY_PRICES [12.1.D]") != std::string::npos);
}

TEST_CASE("ENTSO-E bad bodies: Error 65 naming the element and field", "[market][api][entsoe]") {
  std::string msg;
  auto doc = [](const std::string& points, const std::string& res = "PT60M") {
    return R"(<Publication_MarketDocument xmlns="urn:iec62325.351:tc57wg16:451-3:publicationdocument:7:3"><TimeSeries>
<in_Domain.mRID codingScheme="A01">10YFR-RTE------C</in_Domain.mRID><currency_Unit.name>EUR</currency_Unit.name>
<curveType>A03</curveType><Period><timeInterval><start>2025-01-01T23:00Z</start><end>2025-01-02T23:00Z</end></timeInterval>
<resolution>)" + res + "</resolution>" + points + "</Period></TimeSeries></Publication_MarketDocument>";
  };
  const auto one = doc("<Point><position>1</position><price.amount>80.5</price.amount></Point>");
  const auto fr = parse_entsoe_reply(one, "q");
  REQUIRE(fr.prices.size() == 24);  // position 1 repeated to the end of the day
  CHECK(fr.prices.back().price == Approx(80.5));
  CHECK(fr.zone == "FR");
  CHECK(error_code([&] { parse_entsoe_reply(doc("<Point><position>1</position><price.amount>x</price.amount></Point>"), "q"); }, msg) == 65);
  CHECK(msg == "q: TimeSeries[1]/Period[1]/Point[1]: field 'price.amount': expected a number, got \"x\"");
  CHECK(error_code([&] { parse_entsoe_reply(doc("<Point><position>25</position><price.amount>1</price.amount></Point>"), "q"); }, msg) == 65);
  CHECK(msg.find("field 'position': expected a position 1..24") != std::string::npos);
  CHECK(error_code([&] { parse_entsoe_reply(doc("<Point><position>2</position><price.amount>1</price.amount></Point>"), "q"); }, msg) == 65);
  CHECK(msg.find("position 1") != std::string::npos);
  CHECK(error_code([&] { parse_entsoe_reply(doc("<Point><price.amount>1</price.amount></Point>"), "q"); }, msg) == 65);
  CHECK(msg == "q: TimeSeries[1]/Period[1]/Point[1]: field 'position': missing");
  CHECK(error_code([&] { parse_entsoe_reply(doc("", "P1Y"), "q"); }, msg) == 65);
  CHECK(msg.find("field 'resolution'") != std::string::npos);
  CHECK(error_code([&] { parse_entsoe_reply(fixture(es_file).substr(0, 5000), "q"); }, msg) == 65);
  CHECK(msg.find("not XML") != std::string::npos);
  CHECK(error_code([&] { parse_entsoe_reply("<html><body>Service unavailable</body></html>", "q"); }, msg) == 65);
  CHECK(msg.find("Publication_MarketDocument") != std::string::npos);
}

TEST_CASE("ENTSO-E zones, request URL and windows", "[market][api][entsoe]") {
  CHECK(entsoe_zone_name("10Y1001A1001A82H") == "DE-LU");
  CHECK(entsoe_zone_name("10YFR-RTE------C") == "FR");
  CHECK(entsoe_zone_name("10YES-REE------0") == "ES");
  CHECK(entsoe_zone_name("10Y1001A1001A73I") == "IT-North");
  CHECK(entsoe_zone_name("10YNO-2--------T") == "NO2");
  CHECK(entsoe_zone_name("nonsense").empty());
  CHECK(entsoe_zone_eic("SE3") == "10Y1001A1001A46L");
  CHECK(entsoe_zone_eic("10YNL----------L") == "10YNL----------L");
  // Every code is 16 characters and appears once.
  for (const auto& z : entsoe_zones()) {
    CHECK(z.eic.size() == 16);
    CHECK(std::count_if(entsoe_zones().begin(), entsoe_zones().end(), [&](const auto& o) { return o.eic == z.eic; }) == 1);
  }
  // The recorded DE-LU request, securityToken left for the fetcher to append.
  EntsoeRequest r;
  r.zone = "DE-LU";
  r.from = make_utc(2020, 12, 31, 23);
  r.to = make_utc(2021, 1, 2, 23);
  CHECK(build_entsoe_url(r) ==
        "https://web-api.tp.entsoe.eu/api?documentType=A44&in_Domain=10Y1001A1001A82H&out_Domain=10Y1001A1001A82H&"
        "periodStart=202012312300&periodEnd=202101022300&contract_MarketAgreement.type=A01");
  std::string msg;
  r.to = r.from + std::chrono::hours(24 * 366);
  CHECK(error_code([&] { build_entsoe_url(r); }, msg) == 64);
  auto w = split_windows(r.from, r.to, entsoe_max_window);
  REQUIRE(w.size() == 2);
  CHECK(w[0].second - w[0].first == entsoe_max_window);
  CHECK(w[1].second == r.to);
  CHECK(w[1].first == w[0].second);
  r.zone = "XX";
  CHECK(error_code([&] { build_entsoe_url(r); }, msg) == 64);
}

TEST_CASE("ENTSO-E: a period longer than a year is refused, not forward-filled", "[market][api][entsoe]") {
  // The fuzz regression written for the project: one PT15M period from 1012 to 2025.
  const auto body =
      hs::read_whole_file(std::string(HS_SOURCE_DIR) + "/tests/fuzz/regressions/api_entsoe/period_spanning_centuries.xml");
  std::string msg;
  CHECK(error_code([&] { parse_entsoe_reply(body, "A44 ES"); }, msg) == 65);
  CHECK(msg.find("'end'") != std::string::npos);
  CHECK(msg.find("expected a period of at most a year, got \"2025-10-02T22:00Z\"") != std::string::npos);
}
