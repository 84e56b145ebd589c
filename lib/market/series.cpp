#include "market/series.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/cli.hpp"
#include <date/date.h>

#include "core/parse.hpp"

namespace hs::market {

namespace {

auto series_tie(const PriceRow& r) { return std::tie(r.node, r.node_type, r.iso, r.market, r.minutes); }

std::string place(const PriceRow& r, const std::vector<std::string>& sources) {
  std::string s = r.source < sources.size() ? sources[r.source] : "?";
  return r.line ? s + ":" + std::to_string(r.line) : s;
}

}  // namespace

bool same_series(const PriceRow& a, const PriceRow& b) { return series_tie(a) == series_tie(b); }

void sort_rows(std::vector<PriceRow>& rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const PriceRow& a, const PriceRow& b) {
    auto c = series_tie(a) <=> series_tie(b);
    if (c != 0) return c < 0;
    return a.start < b.start;
  });
}

std::size_t normalize(std::vector<PriceRow>& rows, OnConflict rule, const std::vector<std::string>& sources) {
  sort_rows(rows);
  std::size_t out = 0, i = 0;
  const std::size_t n = rows.size();
  while (i < n) {
    std::size_t j = i + 1;
    while (j < n && rows[j].start == rows[i].start && same_series(rows[i], rows[j])) ++j;
    // rows[i..j) share a key. The highest version wins over lower ones (PJM corrections).
    int best_version = rows[i].version;
    for (std::size_t k = i; k < j; ++k) best_version = std::max(best_version, rows[k].version);
    std::size_t pick = n;
    for (std::size_t k = i; k < j; ++k) {
      if (rows[k].version != best_version) continue;
      if (pick == n) {
        pick = k;
      } else if (rows[k].price != rows[pick].price) {
        if (rule == OnConflict::error)
          throw Error(exit_code::data, "conflicting prices for " + rows[k].node +
                                           (rows[k].node_type.empty() ? "" : " (" + rows[k].node_type + ")") + " at " +
                                           format_iso8601_utc(rows[k].start) + ": " + format_double(rows[pick].price) +
                                           " at " + place(rows[pick], sources) + " and " +
                                           format_double(rows[k].price) + " at " + place(rows[k], sources) +
                                           " (choose with --on-conflict first|last)");
        if (rule == OnConflict::last) pick = k;
      }
    }
    if (out != pick) rows[out] = std::move(rows[pick]);
    ++out;
    i = j;
  }
  std::size_t dropped = n - out;
  rows.resize(out);
  return dropped;
}

void keep_latest(std::vector<PriceRow>& rows) {
  std::size_t out = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    bool last_of_series = i + 1 == rows.size() || !same_series(rows[i], rows[i + 1]);
    if (last_of_series) {
      if (out != i) rows[out] = std::move(rows[i]);
      ++out;
    }
  }
  rows.resize(out);
}

std::string market_zone(const std::string& iso, const std::string& generic_tz) {
  if (iso == "ERCOT") return "America/Chicago";
  if (iso == "PJM" || iso == "ISONE") return "America/New_York";
  if (iso == "CAISO") return "America/Los_Angeles";
  if (iso == "ENTSOE") return "Europe/Brussels";
  return generic_tz.empty() ? "UTC" : generic_tz;
}

namespace {

// The local market day holding t: its start and end as UTC instants and its date text.
struct LocalDay {
  UtcTime start, end;
  std::string date;
};

LocalDay local_day(UtcTime t, const std::string& zone) {
  auto lt = utc_to_local(t, zone);
  auto day = std::chrono::floor<date::days>(lt);
  date::year_month_day ymd{date::sys_days{day.time_since_epoch()}};
  auto next = day + date::days{1};
  Location none{};
  // Midnight exists in every zone powerfeed knows (transitions are at 01:00-03:00 local).
  LocalDay d{local_to_utc(LocalTime{day.time_since_epoch()}, zone, false, none, "day"),
             local_to_utc(LocalTime{next.time_since_epoch()}, zone, false, none, "day"), date::format("%F", ymd)};
  return d;
}

}  // namespace

std::size_t resample(std::vector<PriceRow>& rows, long every_s, bool drop_incomplete, const std::string& generic_tz) {
  std::vector<PriceRow> out;
  std::size_t dropped = 0;
  std::size_t i = 0;
  while (i < rows.size()) {
    std::size_t j = i;
    while (j < rows.size() && same_series(rows[i], rows[j])) ++j;
    const std::string zone = market_zone(rows[i].iso, generic_tz);
    // bucket start -> (price x seconds, covered seconds, bucket end)
    struct Acc {
      double weighted = 0;
      long covered = 0;
      UtcTime end;
    };
    std::map<UtcTime, Acc> buckets;
    for (std::size_t k = i; k < j; ++k) {
      UtcTime s = rows[k].start, e = s + std::chrono::minutes(rows[k].minutes);
      while (s < e) {
        UtcTime bs, be;
        if (every_s == 86400) {
          auto d = local_day(s, zone);
          bs = d.start, be = d.end;
        } else {
          auto secs = s.time_since_epoch().count();
          bs = UtcTime{std::chrono::seconds{secs - ((secs % every_s) + every_s) % every_s}};
          be = bs + std::chrono::seconds{every_s};
        }
        UtcTime pe = std::min(e, be);
        auto& a = buckets[bs];
        a.end = be;
        long part = static_cast<long>((pe - s).count());
        a.weighted += rows[k].price * static_cast<double>(part);
        a.covered += part;
        s = pe;
      }
    }
    for (auto& [bs, a] : buckets) {
      long len = static_cast<long>((a.end - bs).count());
      bool complete = a.covered >= len;
      if (!complete && drop_incomplete) {
        ++dropped;
        continue;
      }
      PriceRow r = rows[i];
      r.start = bs;
      r.minutes = static_cast<int>(len / 60);
      r.price = a.weighted / static_cast<double>(a.covered);
      r.complete = complete;
      r.line = 0;
      out.push_back(std::move(r));
    }
    i = j;
  }
  rows = std::move(out);
  return dropped;
}

std::vector<DayCheck> check_days(const std::vector<PriceRow>& rows, const std::string& generic_tz) {
  std::vector<DayCheck> out;
  std::size_t i = 0;
  while (i < rows.size()) {
    const std::string zone = market_zone(rows[i].iso, generic_tz);
    auto day = local_day(rows[i].start, zone);
    const auto step = std::chrono::minutes(rows[i].minutes);
    DayCheck c;
    c.key = rows[i];
    c.local_date = day.date;
    c.expected = static_cast<long>((day.end - day.start) / step);
    std::set<UtcTime> seen;
    std::size_t j = i;
    for (; j < rows.size() && same_series(rows[i], rows[j]) && rows[j].start < day.end; ++j) {
      if (!seen.insert(rows[j].start).second) ++c.duplicates;
    }
    c.found = static_cast<long>(seen.size());
    for (UtcTime t = day.start; t < day.end; t += step)
      if (!seen.count(t)) c.gaps.push_back(t);
    out.push_back(std::move(c));
    i = j;
  }
  return out;
}

std::vector<Stats> compute_stats(const std::vector<PriceRow>& rows, std::optional<double> above) {
  std::vector<Stats> out;
  std::size_t i = 0;
  while (i < rows.size()) {
    std::size_t j = i;
    // Stats are per node: intervals of different lengths of one node are one summary.
    auto node_tie = [](const PriceRow& r) { return std::tie(r.node, r.node_type, r.iso, r.market); };
    while (j < rows.size() && node_tie(rows[j]) == node_tie(rows[i])) ++j;
    Stats s;
    s.key = rows[i];
    std::vector<double> prices;
    double weighted = 0, minutes = 0, hours_above = 0;
    long negative = 0;
    s.first = rows[i].start, s.last = rows[i].start;
    for (std::size_t k = i; k < j; ++k) {
      const auto& r = rows[k];
      prices.push_back(r.price);
      weighted += r.price * r.minutes;
      minutes += r.minutes;
      if (r.price < 0) ++negative;
      if (above && r.price > *above) hours_above += r.minutes / 60.0;
      s.first = std::min(s.first, r.start);
      s.last = std::max(s.last, r.start);
    }
    std::sort(prices.begin(), prices.end());
    s.count = static_cast<long>(prices.size());
    s.mean = weighted / minutes;
    s.min = prices.front();
    s.max = prices.back();
    // Nearest rank: the smallest value with at least p% of the values at or below it.
    auto pct = [&](double p) {
      auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(prices.size())));
      return prices[std::clamp<std::size_t>(rank, 1, prices.size()) - 1];
    };
    s.p5 = pct(5), s.p50 = pct(50), s.p95 = pct(95), s.p99 = pct(99);
    s.negative_share = static_cast<double>(negative) / static_cast<double>(s.count);
    if (above) s.hours_above = hours_above;
    out.push_back(std::move(s));
    i = j;
  }
  return out;
}

}  // namespace hs::market
