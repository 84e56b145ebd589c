#include "dispatch/prices.hpp"

#include "core/error.hpp"
#include "core/record.hpp"

namespace hs::dispatch {

PriceStream read_prices(const std::string& path, const PriceOptions& opt) {
  const RecordSpec& spec = record_spec("price");
  RecordReader rd(path, spec);
  const std::size_t f_start = spec.at("interval_start"), f_min = spec.at("interval_minutes"),
                    f_node = spec.at("node"), f_price = spec.at("price_per_mwh"), f_cur = spec.at("currency");
  PriceStream ps;
  Record rec;
  while (rd.next(rec)) {
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
    ps.intervals.push_back(iv);
  }
  if (ps.intervals.empty()) {
    throw Error(exit_code::data, rd.display_name() + ": no price records" +
                                     (opt.node.empty() ? std::string() : " for node '" + opt.node + "'"));
  }
  check_continuity(ps, opt.allow_gaps, rd.display_name());
  return ps;
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
