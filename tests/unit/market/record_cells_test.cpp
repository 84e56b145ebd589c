// powerfeed's records built from their structs (market/record_cells.hpp), checked by field name.
#include <catch2/catch.hpp>

#include "../record_fields.hpp"
#include "core/parse.hpp"
#include "market/record_cells.hpp"

namespace m = hs::market;
using hs::test::by_field;

namespace {
hs::UtcTime at(const char* iso) { return hs::parse_iso8601(iso, hs::Location{"test", 0}, "t"); }
}  // namespace

TEST_CASE("price rows: every field in its column; the row's own origin wins over its input", "[market][records]") {
  m::PriceRow r;
  r.start = at("2026-09-04T05:00:00Z"), r.minutes = 60, r.iso = "ERCOT", r.market = "da", r.node = "HB_HOUSTON";
  r.node_type = "HU", r.price = 28.76, r.currency = "USD";
  std::vector<hs::Cell> cells;
  m::price_cells(m::PriceRow(r), "dam.csv", false, cells);
  const auto row = by_field("price", cells);
  CHECK(row.at("interval_start") == "2026-09-04T05:00:00Z");
  CHECK(row.at("interval_minutes") == "60");
  CHECK(row.at("iso") == "ERCOT");
  CHECK(row.at("market") == "da");
  CHECK(row.at("node") == "HB_HOUSTON");
  CHECK(row.at("node_type") == "HU");
  CHECK(row.at("price_per_mwh") == "28.76");
  CHECK(row.at("currency") == "USD");
  CHECK(row.at("source") == "dam.csv");
  CHECK(row.at("complete") == "");
  CHECK(row.at("published_at") == "");
  r.origin = "https://api.ercot.com/x", r.complete = false;
  m::price_cells(std::move(r), "dam.csv", true, cells);
  CHECK(by_field("price", cells).at("source") == "https://api.ercot.com/x");
  CHECK(by_field("price", cells).at("complete") == "false");
}

TEST_CASE("price_check rows: counts, completeness and gaps in their columns", "[market][records]") {
  m::DayCheck d;
  d.key.node = "HB_WEST", d.key.node_type = "HU", d.key.iso = "ERCOT", d.key.market = "rt", d.key.minutes = 15;
  d.local_date = "2024-11-03", d.expected = 100, d.found = 98, d.duplicates = 1;
  d.gaps = {at("2024-11-03T06:00:00Z"), at("2024-11-03T06:15:00Z")};
  const auto row = by_field("price_check", m::check_cells(d));
  CHECK(row.at("node") == "HB_WEST");
  CHECK(row.at("node_type") == "HU");
  CHECK(row.at("iso") == "ERCOT");
  CHECK(row.at("market") == "rt");
  CHECK(row.at("local_date") == "2024-11-03");
  CHECK(row.at("interval_minutes") == "15");
  CHECK(row.at("expected") == "100");
  CHECK(row.at("found") == "98");
  CHECK(row.at("duplicates") == "1");
  CHECK(row.at("complete") == "false");
  CHECK(row.at("gaps") == "2024-11-03T06:00:00Z 2024-11-03T06:15:00Z");
}

TEST_CASE("price_stats rows: each statistic in its own column", "[market][records]") {
  m::Stats s;
  s.key.node = "LZ_WEST", s.key.node_type = "LZ", s.key.iso = "ERCOT", s.key.market = "rt", s.key.currency = "USD";
  s.first = at("2025-01-01T06:00:00Z"), s.last = at("2025-01-31T05:45:00Z"), s.count = 2976;
  s.mean = 31.234567, s.min = -12.5, s.max = 1205.42, s.p5 = 11.1, s.p50 = 22.2, s.p95 = 55.5, s.p99 = 99.9;
  s.negative_share = 0.012345, s.hours_above = 7.25;
  const auto row = by_field("price_stats", m::stats_cells(s));
  CHECK(row.at("node") == "LZ_WEST");
  CHECK(row.at("node_type") == "LZ");
  CHECK(row.at("iso") == "ERCOT");
  CHECK(row.at("market") == "rt");
  CHECK(row.at("currency") == "USD");
  CHECK(row.at("first_start") == "2025-01-01T06:00:00Z");
  CHECK(row.at("last_start") == "2025-01-31T05:45:00Z");
  CHECK(row.at("count") == "2976");
  CHECK(row.at("mean_per_mwh") == "31.2346");
  CHECK(row.at("min_per_mwh") == "-12.5");
  CHECK(row.at("max_per_mwh") == "1205.42");
  CHECK(row.at("p5_per_mwh") == "11.1");
  CHECK(row.at("p50_per_mwh") == "22.2");
  CHECK(row.at("p95_per_mwh") == "55.5");
  CHECK(row.at("p99_per_mwh") == "99.9");
  CHECK(row.at("negative_share") == "0.0123");
  CHECK(row.at("hours_above") == "7.2500");
}

TEST_CASE("fetched items: price, as_price and load_forecast each in their record's order", "[market][records]") {
  m::live::Item it;
  it.start = at("2026-09-04T05:00:00Z"), it.minutes = 60, it.iso = "ERCOT", it.market = "da";
  it.a = "HB_HOUSTON", it.b = "HU", it.value = 28.76, it.currency = "USD", it.origin = "https://api.ercot.com/p";
  auto row = by_field("price", m::live::item_cells(it));
  CHECK((row.at("node") == "HB_HOUSTON" && row.at("node_type") == "HU" && row.at("price_per_mwh") == "28.76"));
  CHECK((row.at("source") == "https://api.ercot.com/p" && row.at("complete") == "" && row.at("published_at") == ""));

  it.kind = m::live::Item::as_price, it.a = "REGUP", it.b = "", it.value = 4.5;
  row = by_field("as_price", m::live::item_cells(it));
  CHECK((row.at("product") == "REGUP" && row.at("area") == "" && row.at("price_per_mw") == "4.5"));
  CHECK((row.at("currency") == "USD" && row.at("market") == "da" && row.at("source") == "https://api.ercot.com/p"));

  it.kind = m::live::Item::load_forecast, it.a = "coast", it.b = "A3", it.value = 16012.3;
  it.published = at("2026-09-03T23:30:00Z");
  row = by_field("load_forecast", m::live::item_cells(it));
  CHECK((row.at("area") == "coast" && row.at("model") == "A3" && row.at("forecast_mw") == "16012.3"));
  CHECK((row.at("published_at") == "2026-09-03T23:30:00Z" && row.at("iso") == "ERCOT"));
  CHECK(row.at("source") == "https://api.ercot.com/p");
}
