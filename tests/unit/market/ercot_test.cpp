// ERCOT date/hour forms and local "hour ending" times, on rows shaped like the real reports.
#include <catch2/catch.hpp>

#include "market/ercot.hpp"
#include "market/formats.hpp"

using namespace hs::market;

namespace {

struct Collected {
  ReadOptions opts;
  Filter filter;
  std::vector<PriceRow> rows;
  ParseContext ctx{opts, filter, [this](PriceRow&& r) { rows.push_back(std::move(r)); }, "t", 0};
};

std::vector<std::string> rt_header() {
  return {"DeliveryDate", "DeliveryHour", "DeliveryInterval", "SettlementPointName",
          "SettlementPointType", "SettlementPointPrice", "DSTFlag"};
}

void run_rt(Collected& c, std::vector<std::vector<std::string>> rows) {
  std::vector<std::uint64_t> lines;
  for (std::size_t i = 0; i < rows.size(); ++i) lines.push_back(i + 2);
  MemoryRows src(std::move(rows), std::move(lines), "t.csv");
  auto h = rt_header();
  parse_ercot_rt(src, h, c.ctx);
}

}  // namespace

TEST_CASE("ERCOT dates: MM/DD/YYYY and Excel serial days", "[market][ercot]") {
  int y;
  unsigned m, d;
  // 45717 days after 1899-12-30 is 2025-03-01: the first date cell of the NP6-785-ER March sheet.
  REQUIRE(ercot::parse_date("45717.0", y, m, d));
  CHECK((y == 2025 && m == 3 && d == 1));
  REQUIRE(ercot::parse_date("04/10/2025", y, m, d));
  CHECK((y == 2025 && m == 4 && d == 10));
  CHECK_FALSE(ercot::parse_date("13/10/2025", y, m, d));
  CHECK_FALSE(ercot::parse_date("45717.5", y, m, d));
}

TEST_CASE("ERCOT hours: 19, 2.0, 01:00, 24:00", "[market][ercot]") {
  CHECK(ercot::parse_hour("19") == 19);
  CHECK(ercot::parse_hour("2.0") == 2);
  CHECK(ercot::parse_hour("01:00") == 1);
  CHECK(ercot::parse_hour("24:00") == 24);
  CHECK(ercot::parse_hour("2.5") == -1);
  CHECK(ercot::parse_hour("01:30") == -1);
}

TEST_CASE("ERCOT RT: hour ending 19 interval 2 on 2025-04-10 starts 18:15 CDT = 23:15Z", "[market][ercot]") {
  Collected c;
  // Real rows from np6-905-cd_rtm_spp_2025-04-10_he19_i2.csv (lines 568-569).
  run_rt(c, {{"04/10/2025", "19", "2", "LZ_WEST", "LZEW", "35.6", "N"},
             {"04/10/2025", "19", "2", "LZ_WEST", "LZ", "35.59", "N"}});
  REQUIRE(c.rows.size() == 2);
  CHECK(hs::format_iso8601_utc(c.rows[0].start) == "2025-04-10T23:15:00Z");
  CHECK(c.rows[0].node_type == "LZEW");
  CHECK(c.rows[1].node_type == "LZ");
  CHECK(c.rows[1].price == 35.59);
}

TEST_CASE("ERCOT fall-back: the flagged repeat is the second 01:00", "[market][ercot]") {
  Collected c;
  // 2023-11-05: hour ending 2 interval 1 starts 01:00 CDT (06:00Z), its repeat 01:00 CST (07:00Z).
  run_rt(c, {{"11/05/2023", "2", "1", "HB_NORTH", "HU", "20", "N"},
             {"11/05/2023", "2", "1", "HB_NORTH", "HU", "21", "Y"}});
  REQUIRE(c.rows.size() == 2);
  CHECK(hs::format_iso8601_utc(c.rows[0].start) == "2023-11-05T06:00:00Z");
  CHECK(hs::format_iso8601_utc(c.rows[1].start) == "2023-11-05T07:00:00Z");
}

TEST_CASE("ERCOT: a repeated hour without its flag is bad data", "[market][ercot]") {
  Collected c;
  REQUIRE_THROWS_WITH(run_rt(c, {{"11/05/2023", "2", "1", "HB_NORTH", "HU", "20", "N"},
                                 {"11/05/2023", "2", "1", "HB_NORTH", "HU", "21", "N"}}),
                      Catch::Contains("t.csv:3") && Catch::Contains("without its flag"));
}

TEST_CASE("ERCOT: 02:30 on the spring-forward day does not exist", "[market][ercot]") {
  Collected c;
  // Hour ending 3 interval 3 on 2025-03-09 would start at 02:30 CST, a time the clocks skip.
  try {
    run_rt(c, {{"03/09/2025", "3", "3", "HB_NORTH", "HU", "20", "N"}});
    FAIL("no error");
  } catch (const hs::Error& e) {
    CHECK(e.code() == 65);
    CHECK_THAT(e.what(), Catch::Contains("t.csv:2"));
  }
}

TEST_CASE("ERCOT: a price that is not a number names file, line and column", "[market][ercot]") {
  Collected c;
  REQUIRE_THROWS_WITH(run_rt(c, {{"04/10/2025", "19", "2", "HB_NORTH", "HU", "abc", "N"}}),
                      Catch::Contains("t.csv:2") && Catch::Contains("SettlementPointPrice") &&
                          Catch::Contains("\"abc\""));
  c.opts.keep_going = true;
  run_rt(c, {{"04/10/2025", "19", "2", "HB_NORTH", "HU", "abc", "N"},
             {"04/10/2025", "19", "2", "HB_WEST", "HU", "1.5", "N"}});
  CHECK(c.ctx.bad_rows == 1);
  CHECK(c.rows.size() == 1);
}

TEST_CASE("formats are detected from the header", "[market]") {
  CHECK(detect_format(rt_header()) == SourceFormat::ercot_rt);
  CHECK(detect_format({"DeliveryDate", "HourEnding", "SettlementPoint", "SettlementPointPrice", "DSTFlag"}) ==
        SourceFormat::ercot_dam);
  CHECK(detect_format({"MTU (CET/CEST)", "Day-ahead Price [EUR/MWh]"}) == SourceFormat::entsoe);
  CHECK(detect_format({"datetime_beginning_utc", "datetime_beginning_ept", "pnode_id"}) == SourceFormat::pjm);
  CHECK(detect_format({"INTERVALSTARTTIME_GMT", "INTERVALENDTIME_GMT", "OPR_DT"}) == SourceFormat::caiso);
  CHECK(detect_format({"C", "Day-Ahead Energy Market Hourly LMP Report"}) == SourceFormat::isone);
  CHECK_FALSE(detect_format({"when", "what"}).has_value());
}

TEST_CASE("ISO-NE: hour ending 02X is the repeated fall-back hour", "[market][isone]") {
  Collected c;
  // 2025-11-02 in America/New_York: HE02 starts 01:00 EDT = 05:00Z, HE02X 01:00 EST = 06:00Z.
  std::vector<std::vector<std::string>> rows = {
      {"H", "Date", "HE", "Number", "String", "String", "Number"},
      {"D", "11/02/2025", "02", "4000", ".H.INTERNAL_HUB", "HUB", "30.5"},
      {"D", "11/02/2025", "02X", "4000", ".H.INTERNAL_HUB", "HUB", "31.5"},
      {"T", "4 lines"}};
  MemoryRows src(std::move(rows), {3, 4, 5, 6}, "isone.csv");
  std::vector<std::string> first = {"H", "Date", "Hour Ending", "Location ID", "Location Name", "Location Type",
                                    "Locational Marginal Price"};
  parse_isone(src, first, c.ctx);
  REQUIRE(c.rows.size() == 2);
  CHECK(hs::format_iso8601_utc(c.rows[0].start) == "2025-11-02T05:00:00Z");
  CHECK(hs::format_iso8601_utc(c.rows[1].start) == "2025-11-02T06:00:00Z");
  CHECK(c.rows[1].price == 31.5);
}
