// The ENTSO-E export reader names the node from the zone the header gives ("BZN|DE-LU"), not
// from the file name (issue 16: an export saved as entsoe.csv became node "entsoe"). The rows
// carry the real DE-LU day-ahead prices of 2021-01-01 00:00-03:00 CET, as the recorded A44 reply
// (../shared/data/api/entsoe) has them, so the export and the API give the same series.
#include <catch2/catch.hpp>

#include "core/io.hpp"
#include "market/api/entsoe.hpp"
#include "market/formats.hpp"
#include "shared_data.hpp"

using namespace hs::market;

namespace {

struct Collected {
  ReadOptions opts;
  Filter filter;
  std::vector<PriceRow> rows;
  ParseContext ctx{opts, filter, [this](PriceRow&& r) { rows.push_back(std::move(r)); }, "t", 0};
};

const std::vector<std::vector<std::string>> de_lu_rows{
    {"01.01.2021 00:00 - 01.01.2021 01:00", "50.87"},
    {"01.01.2021 01:00 - 01.01.2021 02:00", "48.19"},
    {"01.01.2021 02:00 - 01.01.2021 03:00", "44.68"},
};

void run(Collected& c, std::vector<std::string> header, std::vector<std::vector<std::string>> rows,
         const std::string& file) {
  std::vector<std::uint64_t> lines;
  for (std::size_t i = 0; i < rows.size(); ++i) lines.push_back(i + 2);
  MemoryRows src(std::move(rows), std::move(lines), file);
  parse_entsoe(src, header, c.ctx);
}

}  // namespace

TEST_CASE("ENTSO-E export: the zone in the header wins over the file name", "[market][entsoe_file]") {
  SECTION("a column header BZN|DE-LU") {
    Collected c;
    auto rows = de_lu_rows;
    for (auto& r : rows) r.push_back("");  // the zone column is empty in the data rows
    run(c, {"MTU (CET/CEST)", "Day-ahead Price [EUR/MWh]", "BZN|DE-LU"}, rows, "downloads/entsoe.csv");
    REQUIRE(c.rows.size() == 3);
    for (const auto& r : c.rows) CHECK(r.node == "DE-LU");
    CHECK(hs::format_iso8601_utc(c.rows[0].start) == "2020-12-31T23:00:00Z");
  }
  SECTION("the zone inside the price header") {
    Collected c;
    run(c, {"MTU (CET/CEST)", "Day-ahead Price [EUR/MWh] - BZN|DE-LU"}, de_lu_rows, "entsoe.csv");
    REQUIRE(c.rows.size() == 3);
    CHECK(c.rows[0].node == "DE-LU");
    CHECK(c.rows[0].currency == "EUR");
  }
  SECTION("a zone with parentheses, in parentheses") {
    Collected c;
    run(c, {"MTU (CET/CEST)", "Day-ahead Price [EUR/MWh] (BZN|IE(SEM))"}, {de_lu_rows[0]}, "entsoe.csv");
    REQUIRE(c.rows.size() == 1);
    CHECK(c.rows[0].node == "IE(SEM)");
  }
  SECTION("the header zone also wins over --node-name, which is for files that name none") {
    Collected c;
    c.opts.node_name = "X";
    run(c, {"MTU (CET/CEST)", "Day-ahead Price [EUR/MWh]", "BZN|DE-LU"}, {{de_lu_rows[0][0], de_lu_rows[0][1], ""}},
        "entsoe.csv");
    CHECK(c.rows.at(0).node == "DE-LU");
  }
  SECTION("without a zone in the header: --node-name, then the file name, as before") {
    Collected c;
    run(c, {"MTU (CET/CEST)", "Day-ahead Price [EUR/MWh]"}, {de_lu_rows[0]}, "data/FR_day-ahead_prices_2023.csv");
    CHECK(c.rows.at(0).node == "FR");
    Collected d;
    d.opts.node_name = "NL";
    run(d, {"MTU (CET/CEST)", "Day-ahead Price [EUR/MWh]"}, {de_lu_rows[0]}, "entsoe.csv");
    CHECK(d.rows.at(0).node == "NL");
  }
}

TEST_CASE("ENTSO-E export and A44 reply of DE-LU 2021-01-01 agree", "[market][entsoe_file]") {
  Collected c;
  run(c, {"MTU (CET/CEST)", "Day-ahead Price [EUR/MWh] - BZN|DE-LU"}, de_lu_rows, "entsoe.csv");
  const auto api = hs::market::api::parse_entsoe_reply(
      hs::read_whole_file(hs::test::shared_data("api/entsoe/A44_DE-LU_2020-12-31T23Z_2021-01-02T23Z_PT15M_and_PT60M.xml")),
      "A44 DE-LU");
  REQUIRE(c.rows.size() == 3);
  for (const auto& r : c.rows) {
    auto it = std::find_if(api.prices.begin(), api.prices.end(),
                           [&](const PriceRow& p) { return p.start == r.start && p.minutes == 60; });
    REQUIRE(it != api.prices.end());
    CHECK(it->node == r.node);
    CHECK(it->price == Approx(r.price));
  }
}
