#include "dispatch/prices.hpp"

#include "core/error.hpp"
#include "core/record.hpp"

#include <algorithm>
#include <map>

namespace hs::dispatch {

namespace {

// Reads one file's price rows, actual ones into `actual`, forecasts into `forecast` (or left
// out when it is null). The node is chosen across files (ps.node).
void read_rows(const std::string& path, const PriceOptions& opt, PriceStream& ps,
               std::map<UtcTime, std::vector<Interval>>* forecast, std::string& display) {
  const RecordSpec& spec = record_spec("price");
  RecordReader rd(path, spec, {}, opt.allow_empty);
  display = rd.display_name();
  const std::size_t f_start = spec.at("interval_start"), f_min = spec.at("interval_minutes"),
                    f_node = spec.at("node"), f_price = spec.at("price_per_mwh"), f_cur = spec.at("currency"),
                    f_pub = spec.at("published_at");
  Record rec;
  while (rd.next(rec)) {
    ++ps.rows_read;
    const bool is_forecast = rec.has(f_pub);
    if (is_forecast && !forecast) continue;
    const std::string node(rec.text(f_node));
    if (!opt.node.empty() && node != opt.node) continue;
    if (ps.node.empty()) {
      ps.node = node;
    } else if (node != ps.node) {
      throw_data_error(rec.loc, "node",
                       "the stream has several nodes ('" + ps.node + "', '" + node + "'); choose one with --node");
    }
    Interval iv;
    iv.start = rec.time(f_start);
    const std::int64_t m = rec.integer(f_min);
    if (m <= 0 || m > 24 * 60) throw_expected(rec.loc, "interval_minutes", "a length from 1 to 1440", rec.text(f_min));
    iv.minutes = static_cast<int>(m);
    iv.price_per_mwh = rec.number(f_price);
    if (rec.has(f_cur) && rec.text(f_cur) != opt.site_currency) {
      if (!opt.fx) {
        throw_data_error(rec.loc, "currency",
                         "prices are in " + std::string(rec.text(f_cur)) + " but the site is in " + opt.site_currency +
                             "; give the exchange rate with --fx (" + opt.site_currency + " per " +
                             std::string(rec.text(f_cur)) + ")");
      }
      iv.price_per_mwh *= *opt.fx;
    }
    if (!is_forecast) {
      ps.intervals.push_back(iv);
      continue;
    }
    auto& v = (*forecast)[rec.time(f_pub)];
    if (!v.empty() && v.back().start >= iv.start) {
      // Out of order within the vintage: sorted later; a repeat is refused there.
      v.push_back(iv);
      std::sort(v.begin(), v.end(), [](const Interval& a, const Interval& b) { return a.start < b.start; });
      for (std::size_t i = 1; i < v.size(); ++i)
        if (v[i].start == v[i - 1].start)
          throw_data_error(rec.loc, "interval_start",
                           "the forecast published at " + std::string(rec.text(f_pub)) + " gives " +
                               format_iso8601_utc(iv.start) + " twice");
      continue;
    }
    v.push_back(iv);
  }
}

}  // namespace

PriceStream read_prices(const std::string& path, const PriceOptions& opt) {
  PriceStream ps;
  std::string display;
  read_rows(path, opt, ps, nullptr, display);
  if (ps.intervals.empty() && !(opt.allow_empty && ps.rows_read == 0)) {
    throw Error(exit_code::data, display + ": no price records" +
                                     (opt.node.empty() ? std::string() : " for node '" + opt.node + "'"));
  }
  check_continuity(ps, opt.allow_gaps, display);
  return ps;
}

PriceBook read_price_book(const std::vector<std::string>& paths, const PriceOptions& opt) {
  PriceBook book;
  std::map<UtcTime, std::vector<Interval>> forecast;
  std::string first, display;
  for (const auto& p : paths) {
    read_rows(p, opt, book.actual, &forecast, display);
    if (first.empty()) first = display;
  }
  if (book.actual.intervals.empty() && !(opt.allow_empty && book.actual.rows_read == 0)) {
    throw Error(exit_code::data, first + ": no actual price records (rows without published_at)" +
                                     (opt.node.empty() ? std::string() : " for node '" + opt.node + "'"));
  }
  // Actual rows from several files are joined in time order before the continuity check.
  std::stable_sort(book.actual.intervals.begin(), book.actual.intervals.end(),
                   [](const Interval& a, const Interval& b) { return a.start < b.start; });
  check_continuity(book.actual, opt.allow_gaps, first);
  for (auto& [t, v] : forecast) book.vintages.push_back({t, std::move(v)});
  return book;
}

void check_continuity(PriceStream& ps, bool allow_gaps, const std::string& source) {
  for (std::size_t i = 1; i < ps.intervals.size(); ++i) {
    const Interval& a = ps.intervals[i - 1];
    const Interval& b = ps.intervals[i];
    const UtcTime end = a.start + std::chrono::minutes(a.minutes);
    if (b.start < end) {
      throw Error(exit_code::data, source + ": intervals overlap or are out of order: " + format_iso8601_utc(b.start) +
                                       " starts before " + format_iso8601_utc(a.start) + " + " +
                                       std::to_string(a.minutes) + " min ends");
    }
    if (b.start > end) {
      std::string g = format_iso8601_utc(end) + ".." + format_iso8601_utc(b.start);
      if (!allow_gaps) {
        throw Error(exit_code::data, source + ": gap in the price stream from " + format_iso8601_utc(end) + " to " +
                                         format_iso8601_utc(b.start) + " (use --allow-gaps to plan around it)");
      }
      ps.gaps.push_back(std::move(g));
    }
  }
}

}  // namespace hs::dispatch
