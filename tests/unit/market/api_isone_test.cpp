// ISO-NE Web Services: the recorded realtimehourlydemand reply of the 2024-11-03 fall-back day
// (../shared/data/api/isone, provenance in its .meta.json), and hourlylmp / fiveminutelmp bodies
// built here from the documented shape, since no price reply was recorded.
#include <catch2/catch.hpp>

#include <functional>
#include <set>

#include "core/io.hpp"
#include "market/api/isone.hpp"
#include "shared_data.hpp"

using namespace hs::market::api;
using hs::format_iso8601_utc;
using hs::make_utc;

namespace {

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

TEST_CASE("ISO-NE realtimehourlydemand 2024-11-03 (.Z.MAINE): 25 distinct UTC hours", "[market][api][isone]") {
  const auto body =
      hs::read_whole_file(hs::test::shared_data("api/isone/realtimehourlydemand_day_20241103_location_4001.json"));
  const auto reply = parse_isone_hourly_demand_reply(body, "realtimehourlydemand 20241103");
  REQUIRE(reply.load_forecasts.size() == 25);
  CHECK(reply.prices.empty());
  std::set<hs::UtcTime> hours;
  for (const auto& r : reply.load_forecasts) {
    hours.insert(r.start);
    CHECK(r.area == ".Z.MAINE");
    CHECK(r.iso == "ISONE");
    CHECK(r.model == "actual");
    CHECK(r.minutes == 60);
    CHECK(r.published_at == r.start + std::chrono::hours(1));
  }
  CHECK(hours.size() == 25);  // 01:00 EDT and 01:00 EST are different hours
  const auto& f = reply.load_forecasts;
  CHECK(format_iso8601_utc(f[0].start) == "2024-11-03T04:00:00Z");  // 00:00-04:00
  CHECK(f[0].forecast_mw == Approx(1020.709));
  CHECK(format_iso8601_utc(f[1].start) == "2024-11-03T05:00:00Z");  // 01:00-04:00
  CHECK(f[1].forecast_mw == Approx(993.087));
  CHECK(format_iso8601_utc(f[2].start) == "2024-11-03T06:00:00Z");  // 01:00-05:00
  CHECK(f[2].forecast_mw == Approx(987.751));
  CHECK(format_iso8601_utc(f[24].start) == "2024-11-04T04:00:00Z");  // 23:00-05:00
  CHECK(f[24].forecast_mw == Approx(1078.651));
  for (std::size_t i = 1; i < f.size(); ++i) CHECK(f[i].start - f[i - 1].start == std::chrono::hours(1));
}

TEST_CASE("ISO-NE hourlylmp and fiveminutelmp: bodies built from the documented shape", "[market][api][isone]") {
  // No hourlylmp reply was recorded: this follows the documented envelope (HourlyLmps/HourlyLmp,
  // Location with @LocId, @LocType and $, LmpTotal and its components), on the fall-back hour.
  const std::string hourly = R"({"HourlyLmps":{"HourlyLmp":[
 {"BeginDate":"2024-11-03T01:00:00.000-05:00","Location":{"@LocId":"4000","@LocType":"HUB","$":".H.INTERNAL_HUB"},"LmpTotal":31.07,"EnergyComponent":31.02,"CongestionComponent":0,"LossComponent":0.05},
 {"BeginDate":"2024-11-03T01:00:00.000-04:00","Location":{"@LocId":"4000","@LocType":"HUB","$":".H.INTERNAL_HUB"},"LmpTotal":33.5,"EnergyComponent":33.4,"CongestionComponent":0,"LossComponent":0.1}]}})";
  const auto h = parse_isone_hourly_lmp_reply(hourly, "hourlylmp da 20241103", "da");
  REQUIRE(h.prices.size() == 2);
  CHECK(format_iso8601_utc(h.prices[0].start) == "2024-11-03T05:00:00Z");  // sorted: EDT hour first
  CHECK(h.prices[0].price == Approx(33.5));
  CHECK(format_iso8601_utc(h.prices[1].start) == "2024-11-03T06:00:00Z");
  CHECK(h.prices[1].price == Approx(31.07));
  CHECK(h.prices[0].node == ".H.INTERNAL_HUB");
  CHECK(h.prices[0].node_type == "HUB");
  CHECK(h.prices[0].market == "da");
  CHECK(h.prices[0].minutes == 60);
  CHECK(h.prices[0].iso == "ISONE");
  // One item: the singular is a bare object, not an array.
  const std::string five = R"({"FiveMinLmps":{"FiveMinLmp":{"BeginDate":"2024-07-16T17:05:00.000-04:00","Location":{"@LocId":"4001","@LocType":"LOAD ZONE","$":".Z.MAINE"},"LmpTotal":152.33,"EnergyComponent":150.1,"CongestionComponent":0,"LossComponent":2.23}}})";
  const auto m = parse_isone_five_minute_lmp_reply(five, "fiveminutelmp");
  REQUIRE(m.prices.size() == 1);
  CHECK(format_iso8601_utc(m.prices[0].start) == "2024-07-16T21:05:00Z");
  CHECK(m.prices[0].minutes == 5);
  CHECK(m.prices[0].market == "rt");
  CHECK(m.prices[0].node_type == "LOAD ZONE");
  // A day without data: an empty wrapper.
  CHECK(parse_isone_hourly_lmp_reply(R"({"HourlyLmps":""})", "q", "rt").prices.empty());
}

TEST_CASE("ISO-NE bad bodies, URLs and days", "[market][api][isone]") {
  std::string msg;
  CHECK(error_code([&] { parse_isone_hourly_lmp_reply(R"({"HourlyLmps":{"HourlyLmp":[{"BeginDate":"2024-11-03T01:00:00.000","Location":".H.INTERNAL_HUB","LmpTotal":1}]}})", "q", "da"); }, msg) == 65);
  CHECK(msg == "q: HourlyLmps/HourlyLmp[0]: field 'BeginDate': expected an ISO 8601 time with an offset, got \"2024-11-03T01:00:00.000\"");
  CHECK(error_code([&] { parse_isone_hourly_lmp_reply(R"({"HourlyLmps":{"HourlyLmp":[{"BeginDate":"2024-11-03T01:00:00.000-04:00","Location":".H.INTERNAL_HUB","LmpTotal":"1"}]}})", "q", "da"); }, msg) == 65);
  CHECK(msg.find("HourlyLmp[0]: field 'LmpTotal': expected a number") != std::string::npos);
  CHECK(error_code([&] { parse_isone_hourly_demand_reply(R"({"HourlyRtDemands":{"HourlyRtDemand":[{"BeginDate":"2024-11-03T01:00:00.000-04:00","Load":5}]}})", "q"); }, msg) == 65);
  CHECK(msg == "q: HourlyRtDemands/HourlyRtDemand[0]: field 'Location': missing");
  CHECK(error_code([&] { parse_isone_hourly_demand_reply(R"({"Other":1})", "q"); }, msg) == 65);
  CHECK(msg.find("'HourlyRtDemands': missing") != std::string::npos);
  CHECK(error_code([&] { parse_isone_hourly_demand_reply(R"({"HourlyRtDemands":{"HourlyRtDemand":[)", "q"); }, msg) == 65);
  IsoneRequest r;
  r.product = IsoneProduct::realtime_hourly_demand;
  r.day = "20241103";
  r.location = "4001";
  CHECK(build_isone_url(r) == "https://webservices.iso-ne.com/api/v1.1/realtimehourlydemand/day/20241103/location/4001");
  r.product = IsoneProduct::hourly_lmp_da_final;
  r.location.clear();
  CHECK(build_isone_url(r) == "https://webservices.iso-ne.com/api/v1.1/hourlylmp/da/final/day/20241103");
  r.day = "2024-11-03";
  CHECK(error_code([&] { build_isone_url(r); }, msg) == 64);
  // 2024-11-03T04:00Z .. 2024-11-05T05:00Z is the local days 3 and 4 (EST midnight is 05:00Z).
  CHECK(isone_days(make_utc(2024, 11, 3, 4), make_utc(2024, 11, 5, 5)) == std::vector<std::string>{"20241103", "20241104"});
  CHECK(isone_days(make_utc(2024, 11, 3, 4), make_utc(2024, 11, 5, 6)).size() == 3);
}
