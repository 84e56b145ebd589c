#pragma once
// powerfeed's streaming pipeline. Market files are published in time order (every node of one
// interval, then the next interval), so each input passes through a small reorder window and
// leaves it time-major: by interval start, then series. Several inputs are read concurrently and
// merged by the same order; equal keys then sit next to each other, so duplicates, conflicts,
// resampling, checks and the latest row per node all work on bounded per-series state.
//
// Order everywhere: interval start, then series (node, node_type, iso, market, minutes), then
// input (the first input first), then the order rows were read in.
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "market/price_row.hpp"

namespace hs::market {

using RowSink = std::function<void(PriceRow&&)>;

// The series a row belongs to, for comparisons.
inline auto series_tie(const PriceRow& r) { return std::tie(r.node, r.node_type, r.iso, r.market, r.minutes); }
// Interval start, then series.
bool time_major_less(const PriceRow& a, const PriceRow& b);

// Rows waiting until no earlier row can come; released in (start, series) order, stable.
class HeldRows {
 public:
  void add(PriceRow&& r);
  void release_before(UtcTime t, const RowSink& out);  // every held row starting before t
  void release_all(const RowSink& out);
  std::size_t size() const { return count_; }

 private:
  void release(std::map<UtcTime, std::vector<PriceRow>>::iterator end, const RowSink& out);
  std::map<UtcTime, std::vector<PriceRow>> by_start_;
  std::vector<PriceRow>* last_ = nullptr;  // the bucket of the previous add (rows come in runs)
  UtcTime last_start_{};
  std::size_t count_ = 0;
};

// How far before the newest interval start of an input its rows may still arrive.
inline constexpr std::chrono::seconds reorder_lag{3600};

// One input's reorder window. Rows may arrive up to `lag` before the newest interval start seen;
// older ones were already passed on, so such a row is an error naming the input and line (the
// input is not in time order). With hold_all (CAISO, --unsorted) the rows are kept until
// finish() and sorted then: memory grows with the input.
class ReorderWindow {
 public:
  ReorderWindow(const std::string& name, std::chrono::seconds lag, RowSink out);
  void push(PriceRow&& r, bool hold_all);
  void finish();
  std::size_t peak_held() const { return peak_; }

 private:
  const std::string& name_;
  std::chrono::seconds lag_;
  RowSink out_;
  HeldRows held_;
  bool any_ = false;
  UtcTime newest_{}, released_{UtcTime::min()};
  std::size_t peak_ = 0;
};

// Reads several inputs at once, each producer on its own thread writing its time-ordered rows
// through a bounded queue, and merges them in order into out. One producer runs on the calling
// thread. An exception of a producer is rethrown here when the merge reaches it.
using Producer = std::function<void(const RowSink&)>;
void merge_inputs(const std::vector<Producer>& producers, const RowSink& out);

enum class OnConflict { error, first, last };

// Rows with one key (series and interval start) come together: the highest PJM version wins over
// lower ones, exact duplicates are dropped, different prices are an error naming both places
// (or the first or last of them is kept).
class Dedup {
 public:
  Dedup(OnConflict rule, const std::vector<std::string>& sources, RowSink out);
  void push(PriceRow&& r);
  void finish();
  std::size_t dropped() const { return dropped_; }

 private:
  void flush();
  OnConflict rule_;
  const std::vector<std::string>& sources_;
  RowSink out_;
  std::vector<PriceRow> group_;
  std::size_t dropped_ = 0;
};

// The market's own zone, for market days ("UTC" for GENERIC unless --tz).
std::string market_zone(const std::string& iso, const std::string& generic_tz);

// Time-weighted resampling to `every` seconds (86400 = the local market day) with one open bucket
// per series. A bucket not fully covered gets complete=false, or is dropped when drop_incomplete.
// Output stays time-major: finished buckets wait until no earlier one can finish.
class Resampler {
 public:
  Resampler(long every_s, bool drop_incomplete, std::string generic_tz, RowSink out);
  void push(PriceRow&& r);
  void finish();
  std::size_t dropped() const { return dropped_; }

 private:
  struct Open {
    PriceRow tmpl;
    std::string zone;
    UtcTime start{}, end{};
    double weighted = 0;
    long covered = 0;
    bool open = false;
  };
  void close(Open& o);
  void advance(UtcTime t);
  long every_s_;
  bool drop_;
  std::string tz_;
  RowSink out_;
  std::map<std::tuple<std::string, std::string, std::string, std::string, int>, Open, std::less<>> series_;
  HeldRows done_;
  UtcTime now_{UtcTime::min()}, next_end_{UtcTime::max()};
  std::size_t dropped_ = 0;
};

// Only the newest row of each series, written time-major at finish (memory: one row per series).
class Latest {
 public:
  explicit Latest(RowSink out) : out_(std::move(out)) {}
  void push(PriceRow&& r);
  void finish();

 private:
  RowSink out_;
  std::map<std::tuple<std::string, std::string, std::string, std::string, int>, PriceRow, std::less<>> last_;
};

struct DayCheck {
  PriceRow key;  // node, node_type, iso, market, minutes
  UtcTime day_start{}, day_end{};
  std::string local_date;
  long expected = 0, found = 0, duplicates = 0;
  std::vector<UtcTime> gaps;
  bool complete() const { return found == expected && duplicates == 0; }
};

// Per series and local market day: expected versus found intervals, duplicates and gaps, from
// the merged stream before deduplication. Days come out by day start, then series. A day
// without a single row is a day too (found 0, every interval a gap): between two days with
// rows, and, where a window [from, to) is given, every whole local day of it before a series'
// first row or after its last. Such a day comes out when the series' next row (or the end)
// shows it, so after days of other series that start later.
class DayChecker {
 public:
  DayChecker(std::string generic_tz, std::function<void(DayCheck&&)> out, std::optional<UtcTime> from = {},
             std::optional<UtcTime> to = {});
  void push(PriceRow&& r);
  void finish();
  // Per series with days lacking every row: "NODE ISO market: N whole days without data (the
  // months YYYY-MM, ... entirely)", for a summary on stderr; empty when none.
  std::vector<std::string> missing_summary() const;

 private:
  struct Open {
    DayCheck day;
    std::vector<UtcTime> seen;  // distinct starts of the day, in order (at most 100 for 15 min)
    bool open = false;
    bool any = false;            // a day of this series was opened
    PriceRow key;                // the series (node, node_type, iso, market, minutes)
    UtcTime last_end{};          // the end of its last day
    std::string zone;
    std::map<std::string, int> missing_by_month;  // "YYYY-MM" -> whole days without a row
  };
  // Days without a row from `a` to `b` (local days starting at or after a, ending at or before b).
  void missing_days(Open& o, UtcTime a, UtcTime b);
  void close(Open& o);
  void advance(UtcTime t);
  std::string tz_;
  std::function<void(DayCheck&&)> out_;
  std::optional<UtcTime> from_, to_;
  std::map<std::tuple<std::string, std::string, std::string, std::string, int>, Open, std::less<>> series_;
  std::map<UtcTime, std::vector<DayCheck>> done_;
  UtcTime now_{UtcTime::min()}, next_end_{UtcTime::max()};
};

struct Stats {
  PriceRow key;
  UtcTime first{}, last{};
  long count = 0;
  double mean = 0, min = 0, max = 0, p5 = 0, p50 = 0, p95 = 0, p99 = 0, negative_share = 0;
  std::optional<double> hours_above;
};

// Per node (intervals of different lengths of one node are one summary). Keeps running sums and,
// for the percentiles, every price of the node (8 bytes per interval).
class StatsCollector {
 public:
  explicit StatsCollector(std::optional<double> above) : above_(above) {}
  void push(PriceRow&& r);
  std::vector<Stats> finish();  // by node, node_type, iso, market

 private:
  struct Acc {
    PriceRow key;
    UtcTime first{}, last{};
    std::vector<double> prices;
    double weighted = 0, minutes = 0, hours_above = 0;
    long negative = 0;
  };
  std::optional<double> above_;
  std::map<std::tuple<std::string, std::string, std::string, std::string>, Acc, std::less<>> nodes_;
};

}  // namespace hs::market
