#pragma once
// The streaming stages of stream.hpp applied to a whole vector of rows: for tests and for
// small in-memory series. Rows come back time-major (interval start, then series).
#include <optional>
#include <string>
#include <vector>

#include "market/stream.hpp"

namespace hs::market {

// The series a row belongs to: node, node_type, iso, market (and interval length).
bool same_series(const PriceRow& a, const PriceRow& b);
// Sorts by time then series, keeping input order among equals (for first/last).
void sort_rows(std::vector<PriceRow>& rows);

// Sorts, then drops duplicates and resolves conflicts as Dedup does. Returns the rows dropped.
std::size_t normalize(std::vector<PriceRow>& rows, OnConflict rule, const std::vector<std::string>& sources);

// Only the newest interval of each series (rows already normalized).
void keep_latest(std::vector<PriceRow>& rows);

// Resampling as Resampler does (rows normalized). Returns the intervals dropped.
std::size_t resample(std::vector<PriceRow>& rows, long every_s, bool drop_incomplete, const std::string& generic_tz);

// Per series and local market day (rows sorted, not deduplicated).
std::vector<DayCheck> check_days(const std::vector<PriceRow>& rows, const std::string& generic_tz);

// Per node (rows normalized). Percentiles by nearest rank.
std::vector<Stats> compute_stats(const std::vector<PriceRow>& rows, std::optional<double> above);

}  // namespace hs::market
