#include "market/series.hpp"

#include <algorithm>

namespace hs::market {

bool same_series(const PriceRow& a, const PriceRow& b) { return series_tie(a) == series_tie(b); }

void sort_rows(std::vector<PriceRow>& rows) { std::stable_sort(rows.begin(), rows.end(), time_major_less); }

std::size_t normalize(std::vector<PriceRow>& rows, OnConflict rule, const std::vector<std::string>& sources) {
  sort_rows(rows);
  std::vector<PriceRow> out;
  Dedup d(rule, sources, [&](PriceRow&& r) { out.push_back(std::move(r)); });
  for (auto& r : rows) d.push(std::move(r));
  d.finish();
  rows = std::move(out);
  return d.dropped();
}

void keep_latest(std::vector<PriceRow>& rows) {
  std::vector<PriceRow> out;
  Latest l([&](PriceRow&& r) { out.push_back(std::move(r)); });
  for (auto& r : rows) l.push(std::move(r));
  l.finish();
  rows = std::move(out);
}

std::size_t resample(std::vector<PriceRow>& rows, long every_s, bool drop_incomplete, const std::string& generic_tz) {
  sort_rows(rows);
  std::vector<PriceRow> out;
  Resampler rs(every_s, drop_incomplete, generic_tz, [&](PriceRow&& r) { out.push_back(std::move(r)); });
  for (auto& r : rows) rs.push(std::move(r));
  rs.finish();
  rows = std::move(out);
  return rs.dropped();
}

std::vector<DayCheck> check_days(const std::vector<PriceRow>& rows, const std::string& generic_tz) {
  auto sorted = rows;
  sort_rows(sorted);
  std::vector<DayCheck> out;
  DayChecker c(generic_tz, [&](DayCheck&& d) { out.push_back(std::move(d)); });
  for (auto& r : sorted) c.push(std::move(r));
  c.finish();
  return out;
}

std::vector<Stats> compute_stats(const std::vector<PriceRow>& rows, std::optional<double> above) {
  StatsCollector s(above);
  for (auto r : rows) s.push(std::move(r));
  return s.finish();
}

}  // namespace hs::market
