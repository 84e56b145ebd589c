#pragma once
// What powerfeed does with prices once read: merge and sort (time within node), drop exact
// duplicates, refuse or resolve conflicts, keep the latest, resample, check and summarise.
#include <optional>
#include <string>
#include <vector>

#include "market/price_row.hpp"

namespace hs::market {

enum class OnConflict { error, first, last };

// The series a row belongs to: node, node_type, iso, market (and interval length).
bool same_series(const PriceRow& a, const PriceRow& b);
// Sorts by series then time, keeping input order among equals (for first/last).
void sort_rows(std::vector<PriceRow>& rows);

// Sorts, then for each key (series + interval start): the highest PJM version wins, exact
// duplicates are dropped, different prices are an error naming both places (or first/last).
// sources: the input names by PriceRow::source. Returns the number of rows dropped.
std::size_t normalize(std::vector<PriceRow>& rows, OnConflict rule, const std::vector<std::string>& sources);

// Only the newest interval of each series (rows already normalized).
void keep_latest(std::vector<PriceRow>& rows);

// Time-weighted resampling to `every` seconds (86400 = the local market day). An output
// interval not fully covered gets complete=false, or is dropped when drop_incomplete (the
// count of dropped intervals is returned).
std::size_t resample(std::vector<PriceRow>& rows, long every_s, bool drop_incomplete, const std::string& generic_tz);

// The market's own zone, for market days ("UTC" for GENERIC unless --tz).
std::string market_zone(const std::string& iso, const std::string& generic_tz);

struct DayCheck {
  PriceRow key;  // node, node_type, iso, market, minutes
  std::string local_date;
  long expected = 0, found = 0, duplicates = 0;
  std::vector<UtcTime> gaps;
  bool complete() const { return found == expected && duplicates == 0; }
};
// Per series and local market day (rows sorted, not deduplicated).
std::vector<DayCheck> check_days(const std::vector<PriceRow>& rows, const std::string& generic_tz);

struct Stats {
  PriceRow key;
  UtcTime first{}, last{};
  long count = 0;
  double mean = 0, min = 0, max = 0, p5 = 0, p50 = 0, p95 = 0, p99 = 0, negative_share = 0;
  std::optional<double> hours_above;
};
// Per series (rows normalized). Percentiles by nearest rank.
std::vector<Stats> compute_stats(const std::vector<PriceRow>& rows, std::optional<double> above);

}  // namespace hs::market
