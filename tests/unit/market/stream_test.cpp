// The streaming stages: reorder window, concurrent merge, dedup, resampling, day checks, on
// small hand-worked series whose expected order and values are worked out in the comments.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "market/stream.hpp"
#include "rows.hpp"

using namespace hs::market;
using hs::format_iso8601_utc;
using hs::make_utc;

namespace {
// (node before minutes here: most of these rows differ by node.)
PriceRow row(hs::UtcTime t, double price, std::string node = "HB_NORTH", std::uint32_t src = 0,
             std::uint64_t line = 0, int minutes = 15) {
  return test::hub_row(t, price, minutes, std::move(node), src, line);
}
hs::UtcTime q(int quarter) { return make_utc(2025, 4, 10) + std::chrono::minutes(15 * quarter); }
std::string describe(const PriceRow& r) { return format_iso8601_utc(r.start).substr(11, 5) + " " + r.node; }
}  // namespace

TEST_CASE("reorder window: rows within the lag come out time-major", "[market][stream]") {
  std::vector<std::string> got;
  const std::string name = "in.csv";
  ReorderWindow w(name, std::chrono::seconds{3600}, [&](PriceRow&& r) { got.push_back(describe(r)); });
  // 00:15 arrives before 00:00, and nodes out of name order within an interval.
  w.push(row(q(1), 1, "B"), false);
  w.push(row(q(0), 1, "B"), false);
  w.push(row(q(0), 1, "A"), false);
  CHECK(got.empty());  // nothing is an hour behind 00:15 yet
  // 01:15 makes 00:15 the oldest start that may still come: 00:00 goes out.
  w.push(row(q(5), 1, "A"), false);
  CHECK(got == std::vector<std::string>{"00:00 A", "00:00 B"});
  w.finish();
  CHECK(got == std::vector<std::string>{"00:00 A", "00:00 B", "00:15 B", "01:15 A"});
}

TEST_CASE("reorder window: a row older than the window names the input and line", "[market][stream]") {
  const std::string name = "in.csv";
  ReorderWindow w(name, std::chrono::seconds{3600}, [](PriceRow&&) {});
  w.push(row(q(8), 1, "A", 0, 2), false);  // 02:00
  // 00:45 is more than an hour before 02:00: the rows before 01:00 may already be written.
  REQUIRE_THROWS_WITH(w.push(row(q(3), 1, "A", 0, 3), false),
                      Catch::Contains("in.csv:3") && Catch::Contains("not in time order") &&
                          Catch::Contains("--unsorted"));
}

TEST_CASE("reorder window: hold_all sorts an unsorted input at the end", "[market][stream]") {
  std::vector<std::string> got;
  const std::string name = "caiso.csv";
  ReorderWindow w(name, std::chrono::seconds{3600}, [&](PriceRow&& r) { got.push_back(describe(r)); });
  for (int i : {40, 3, 20, 0}) w.push(row(q(i), 1, "A"), true);
  CHECK(got.empty());
  CHECK(w.peak_held() == 4);
  w.finish();
  CHECK(got == std::vector<std::string>{"00:00 A", "00:45 A", "05:00 A", "10:00 A"});
}

TEST_CASE("reorder window: memory stays at the window, not the input", "[market][stream]") {
  // 1,000 intervals of 10 nodes in order. Held at most: the 5 intervals from newest - 1 h to
  // newest (50 rows) plus the first row of the next interval before the oldest goes out = 51.
  const std::string name = "in.csv";
  std::size_t out = 0;
  ReorderWindow w(name, std::chrono::seconds{3600}, [&](PriceRow&&) { ++out; });
  for (int i = 0; i < 1000; ++i)
    for (int n = 0; n < 10; ++n) w.push(row(q(i), 1, "N" + std::to_string(n)), false);
  w.finish();
  CHECK(out == 10000);
  CHECK(w.peak_held() == 51);
}

TEST_CASE("merge: several inputs on threads merge time-major, ties in input order", "[market][stream]") {
  // Input 0: A at 00:00, 00:30; input 1: A at 00:00 (a tie: after input 0's), B at 00:15;
  // input 2: A at 00:15 and 00:45, with 5,000 filler rows of Z at 01:00 to fill several batches.
  std::vector<Producer> producers = {
      [](const RowSink& s) {
        s(row(q(0), 1, "A", 0));
        s(row(q(2), 1, "A", 0));
      },
      [](const RowSink& s) {
        s(row(q(0), 2, "A", 1));
        s(row(q(1), 1, "B", 1));
      },
      [](const RowSink& s) {
        s(row(q(1), 1, "A", 2));
        s(row(q(3), 1, "A", 2));
        for (int i = 0; i < 5000; ++i) s(row(q(4), 1, "Z", 2));
      },
  };
  std::vector<std::string> got;
  merge_inputs(producers, [&](PriceRow&& r) { got.push_back(describe(r) + "/" + std::to_string(r.source)); });
  REQUIRE(got.size() == 5006);
  got.resize(6);
  CHECK(got == std::vector<std::string>{"00:00 A/0", "00:00 A/1", "00:15 A/2", "00:15 B/1", "00:30 A/0", "00:45 A/2"});
}

TEST_CASE("merge: a producer's error reaches the caller, the other threads stop", "[market][stream]") {
  std::vector<Producer> producers = {
      [](const RowSink& s) {
        for (int i = 0; i < 100000; ++i) s(row(q(i), 1, "A", 0));
      },
      [](const RowSink& s) {
        s(row(q(0), 1, "B", 1));
        throw hs::Error(hs::exit_code::data, "b.csv:3: bad row");
      },
  };
  std::size_t n = 0;
  REQUIRE_THROWS_WITH(merge_inputs(producers, [&](PriceRow&&) { ++n; }), Catch::Contains("b.csv:3"));
}

TEST_CASE("dedup: a conflict between inputs names both places; exact duplicates dropped", "[market][stream]") {
  std::vector<std::string> sources = {"a.csv", "b.csv"};
  std::vector<PriceRow> out;
  Dedup d(OnConflict::error, sources, [&](PriceRow&& r) { out.push_back(std::move(r)); });
  d.push(row(q(0), 5, "A", 0, 2));
  d.push(row(q(0), 5, "A", 1, 2));  // the same price: dropped
  d.push(row(q(0), 7, "B", 0, 3));
  d.push(row(q(1), 1, "A", 0, 4));
  CHECK_NOTHROW(d.push(row(q(1), 2, "A", 1, 9)));  // a group is judged when it ends
  REQUIRE_THROWS_WITH(d.finish(), Catch::Contains("a.csv:4") && Catch::Contains("b.csv:9"));
  CHECK(out.size() == 2);
  CHECK(d.dropped() == 1);
}

TEST_CASE("resample: time-major output although one series has a gap", "[market][stream]") {
  // A: 00:00 10, 00:15 20, 00:30 30, 00:45 40 -> 00:00-01:00 mean 25, complete; then only 05:00 50
  // -> 05:00-06:00 has 15 of 60 minutes: 50, incomplete. B: 8 every quarter 00:00..05:45 -> six
  // complete hours at 8. A's 00:00 hour closes when time passes 01:00 but must come before B's
  // 01:00 hour; A's 05:00 hour is only finished at the end.
  std::vector<PriceRow> in;
  double p[] = {10, 20, 30, 40};
  for (int i = 0; i < 24; ++i) {
    if (i < 4) in.push_back(row(q(i), p[i], "A"));
    if (i == 20) in.push_back(row(q(i), 50, "A"));
    in.push_back(row(q(i), 8, "B"));
  }
  std::vector<std::string> got;
  std::vector<PriceRow> rows;
  Resampler rs(3600, false, "", [&](PriceRow&& r) {
    got.push_back(describe(r));
    rows.push_back(std::move(r));
  });
  for (auto& r : in) rs.push(std::move(r));
  rs.finish();
  CHECK(got == std::vector<std::string>{"00:00 A", "00:00 B", "01:00 B", "02:00 B", "03:00 B", "04:00 B", "05:00 A",
                                        "05:00 B"});
  REQUIRE(rows.size() == 8);
  CHECK(rows[0].price == 25);
  CHECK(rows[0].complete);
  CHECK(rows[6].price == 50);
  CHECK_FALSE(rows[6].complete);
  CHECK(rows[7].price == 8);
  CHECK(rows[7].complete);
}

TEST_CASE("check: days by day start, then node, as they finish", "[market][stream]") {
  // ERCOT local days: 2025-04-10 runs 05:00Z..05:00Z (CDT). A and B have one quarter on each of
  // 04-10 and 04-11; B also a duplicate of its first. Each day: 96 expected, 1 found, 95 gaps.
  std::vector<std::string> got;
  std::vector<DayCheck> days;
  DayChecker c("", [&](DayCheck&& d) {
    got.push_back(d.local_date + " " + d.key.node);
    days.push_back(std::move(d));
  });
  auto t1 = make_utc(2025, 4, 10, 12), t2 = make_utc(2025, 4, 11, 12);
  c.push(row(t1, 1, "A"));
  c.push(row(t1, 1, "B"));
  c.push(row(t1, 1, "B"));
  c.push(row(t2, 1, "A"));
  c.push(row(t2, 1, "B"));
  c.finish();
  CHECK(got == std::vector<std::string>{"2025-04-10 A", "2025-04-10 B", "2025-04-11 A", "2025-04-11 B"});
  CHECK(days[1].duplicates == 1);
  CHECK(days[0].expected == 96);
  CHECK(days[0].found == 1);
  CHECK(days[0].gaps.size() == 95);
}
