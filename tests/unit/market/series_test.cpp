// Merging, conflicts, resampling, checks and stats on small hand-worked series.
#include <catch2/catch.hpp>

#include "market/series.hpp"
#include "rows.hpp"

using namespace hs::market;
using hs::format_iso8601_utc;
using hs::make_utc;

using test::hub_row;

TEST_CASE("normalize: time-major (time, then node), exact duplicates dropped", "[market][series]") {
  std::vector<PriceRow> rows = {hub_row(make_utc(2025, 1, 1, 0, 15), 2), hub_row(make_utc(2025, 1, 1), 1, 15, "HB_WEST"),
                                hub_row(make_utc(2025, 1, 1), 1), hub_row(make_utc(2025, 1, 1, 0, 15), 2)};
  CHECK(normalize(rows, OnConflict::error, {"a"}) == 1);
  REQUIRE(rows.size() == 3);
  // 00:00 HB_NORTH, 00:00 HB_WEST, 00:15 HB_NORTH (the duplicate of 00:15 dropped).
  CHECK(rows[0].node == "HB_NORTH");
  CHECK(rows[0].price == 1);
  CHECK(rows[1].node == "HB_WEST");
  CHECK(rows[2].node == "HB_NORTH");
  CHECK(rows[2].price == 2);
}

TEST_CASE("normalize: a conflict names both places unless a rule is chosen", "[market][series]") {
  auto t = make_utc(2025, 1, 1);
  std::vector<PriceRow> rows = {hub_row(t, 1, 15, "HB_NORTH", 0, 7), hub_row(t, 2, 15, "HB_NORTH", 1, 9)};
  auto copy = rows;
  REQUIRE_THROWS_WITH(normalize(copy, OnConflict::error, {"a.csv", "b.csv"}),
                      Catch::Contains("a.csv:7") && Catch::Contains("b.csv:9"));
  copy = rows;
  normalize(copy, OnConflict::first, {"a", "b"});
  CHECK(copy.at(0).price == 1);
  copy = rows;
  normalize(copy, OnConflict::last, {"a", "b"});
  CHECK(copy.at(0).price == 2);
}

TEST_CASE("normalize: the highest PJM version wins", "[market][series]") {
  auto t = make_utc(2025, 1, 1);
  std::vector<PriceRow> rows = {hub_row(t, 5, 60), hub_row(t, 6, 60)};
  rows[1].version = 2;
  normalize(rows, OnConflict::error, {"a"});
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].price == 6);
}

TEST_CASE("resample to 1h is time-weighted and flags missing quarters", "[market][series]") {
  // 00:00-01:00 has 4 quarters 10, 20, 30, 40: mean 25. 01:00-02:00 has only 2 quarters (10, 20):
  // mean 15 over what exists, flagged incomplete.
  std::vector<PriceRow> rows;
  double p[] = {10, 20, 30, 40};
  for (int q = 0; q < 4; ++q) rows.push_back(hub_row(make_utc(2025, 1, 1, 0, q * 15), p[q]));
  rows.push_back(hub_row(make_utc(2025, 1, 1, 1, 0), 10));
  rows.push_back(hub_row(make_utc(2025, 1, 1, 1, 15), 20));
  auto copy = rows;
  CHECK(resample(copy, 3600, false, "") == 0);
  REQUIRE(copy.size() == 2);
  CHECK(copy[0].price == 25);
  CHECK(copy[0].complete);
  CHECK(copy[0].minutes == 60);
  CHECK(copy[1].price == 15);
  CHECK_FALSE(copy[1].complete);
  CHECK(resample(rows, 3600, true, "") == 1);
  CHECK(rows.size() == 1);
}

TEST_CASE("resample 1d follows the local ERCOT day: 23 hours on 2025-03-09", "[market][series]") {
  std::vector<PriceRow> rows;
  // Local day 2025-03-09 runs 06:00Z .. 05:00Z next day (CST to CDT): 92 quarters.
  for (int q = 0; q < 92; ++q) rows.push_back(hub_row(make_utc(2025, 3, 9, 6) + std::chrono::minutes(15 * q), 8));
  resample(rows, 86400, false, "");
  REQUIRE(rows.size() == 1);
  CHECK(format_iso8601_utc(rows[0].start) == "2025-03-09T06:00:00Z");
  CHECK(rows[0].minutes == 23 * 60);
  CHECK(rows[0].complete);
}

TEST_CASE("check: 92 expected on spring-forward, gaps and duplicates listed", "[market][series]") {
  std::vector<PriceRow> rows;
  for (int q = 0; q < 92; ++q)
    if (q != 10) rows.push_back(hub_row(make_utc(2025, 3, 9, 6) + std::chrono::minutes(15 * q), 8));
  rows.push_back(hub_row(make_utc(2025, 3, 9, 6), 8));
  sort_rows(rows);
  auto days = check_days(rows, "");
  REQUIRE(days.size() == 1);
  CHECK(days[0].local_date == "2025-03-09");
  CHECK(days[0].expected == 92);
  CHECK(days[0].found == 91);
  CHECK(days[0].duplicates == 1);
  REQUIRE(days[0].gaps.size() == 1);
  CHECK(format_iso8601_utc(days[0].gaps[0]) == "2025-03-09T08:30:00Z");  // 06:00Z + 10 x 15 min
  CHECK_FALSE(days[0].complete());
}

TEST_CASE("check: 100 intervals on the ERCOT fall-back day", "[market][series]") {
  std::vector<PriceRow> rows;
  // 2023-11-05 local runs 05:00Z .. 06:00Z next day: 25 hours, 100 quarters.
  for (int q = 0; q < 100; ++q) rows.push_back(hub_row(make_utc(2023, 11, 5, 5) + std::chrono::minutes(15 * q), 8));
  auto days = check_days(rows, "");
  REQUIRE(days.size() == 1);
  CHECK(days[0].expected == 100);
  CHECK(days[0].complete());
}

TEST_CASE("stats: nearest-rank percentiles, negative share, hours above", "[market][series]") {
  // Hourly prices -10, 0, 10, ..., 80 (10 values). Mean 35; p50 = 5th value = 30;
  // p5 = 1st = -10; p95 = p99 = 10th = 80; one negative of ten; above 50: 60, 70, 80 = 3 hours.
  std::vector<PriceRow> rows;
  for (int i = 0; i < 10; ++i) rows.push_back(hub_row(make_utc(2025, 1, 1, i), -10 + 10 * i, 60));
  auto s = compute_stats(rows, 50.0);
  REQUIRE(s.size() == 1);
  CHECK(s[0].count == 10);
  CHECK(s[0].mean == Approx(35));
  CHECK(s[0].p5 == -10);
  CHECK(s[0].p50 == 30);
  CHECK(s[0].p95 == 80);
  CHECK(s[0].negative_share == Approx(0.1));
  CHECK(*s[0].hours_above == 3);
}
