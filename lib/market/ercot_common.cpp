#include <charconv>
#include <cmath>

#include <date/date.h>

#include "core/parse.hpp"
#include "market/ercot.hpp"
#include "market/formats.hpp"

namespace hs::market::ercot {

Columns find_columns(const std::vector<std::string>& header, const std::string& where) {
  Columns c;
  c.date = find_column(header, {"deliverydate", "operdate", "operatingday"});
  c.hour = find_column(header, {"deliveryhour", "hourending"});
  c.interval = find_column(header, {"deliveryinterval"});
  c.flag = find_column(header, {"dstflag", "repeatedhourflag"});
  c.node = find_column(header, {"settlementpointname", "settlementpoint"});
  c.type = find_column(header, {"settlementpointtype"});
  c.price = find_column(header, {"settlementpointprice"});
  if (c.date < 0 || c.hour < 0 || c.node < 0 || c.price < 0) {
    std::string seen;
    for (const auto& h : header) seen += (seen.empty() ? "" : ", ") + h;
    throw_data_error(Location{where, 1}, {},
                     "not an ERCOT settlement point price table (need Delivery Date, Delivery Hour or "
                     "Hour Ending, Settlement Point, Settlement Point Price); headers seen: " + seen);
  }
  return c;
}

static bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char ch : s)
    if (ch < '0' || ch > '9') return false;
  return true;
}

static int to_int(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

bool parse_date(std::string_view text, int& y, unsigned& m, unsigned& d) {
  auto t = trim(text);
  if (t.size() == 10 && t[2] == '/' && t[5] == '/') {
    auto mm = t.substr(0, 2), dd = t.substr(3, 2), yy = t.substr(6, 4);
    if (!all_digits(mm) || !all_digits(dd) || !all_digits(yy)) return false;
    y = to_int(yy), m = static_cast<unsigned>(to_int(mm)), d = static_cast<unsigned>(to_int(dd));
  } else if (t.size() == 10 && t[4] == '-' && t[7] == '-') {
    auto yy = t.substr(0, 4), mm = t.substr(5, 2), dd = t.substr(8, 2);
    if (!all_digits(mm) || !all_digits(dd) || !all_digits(yy)) return false;
    y = to_int(yy), m = static_cast<unsigned>(to_int(mm)), d = static_cast<unsigned>(to_int(dd));
  } else if (auto serial = try_parse_double(t)) {
    // Excel serial day: days since 1899-12-30 (the 1900 leap-year bug makes that the epoch).
    if (*serial < 1 || *serial > 2958465 || *serial != std::floor(*serial)) return false;
    auto days = date::sys_days{date::year{1899} / 12 / 30} + date::days{static_cast<int>(*serial)};
    date::year_month_day ymd{days};
    y = int(ymd.year()), m = unsigned(ymd.month()), d = unsigned(ymd.day());
    return true;
  } else {
    return false;
  }
  return date::year_month_day{date::year{y}, date::month{m}, date::day{d}}.ok();
}

int parse_hour(std::string_view text) {
  auto t = trim(text);
  if (t.size() == 5 && t[2] == ':' && t.substr(3) == "00") t = t.substr(0, 2);
  if (auto v = try_parse_double(t)) {
    if (*v != std::floor(*v) || *v < 0 || *v > 24) return -1;
    return static_cast<int>(*v);
  }
  return -1;
}

RowConverter::RowConverter(const Columns& c, ParseContext& ctx)
    : c_(c), ctx_(ctx), need_(std::max({c.date, c.hour, c.interval, c.flag, c.node, c.type, c.price}) + 1) {}

void RowConverter::row(const std::string_view* f, std::size_t n, const std::string& name, std::uint64_t line) {
  const Columns& c = c_;
  ParseContext& ctx = ctx_;
  const bool rt = c.real_time();
  if (static_cast<int>(n) < need_) {
    if (n == 1 && trim(f[0]).empty()) return;  // blank line
    throw_data_error(Location{name, line}, {}, "expected " + std::to_string(need_) + " fields, got " + std::to_string(n));
  }
  auto at = [&](int i) { return f[static_cast<std::size_t>(i)]; };
  std::string_view node = trim(at(c.node));
  std::string_view type = c.type >= 0 ? trim(at(c.type)) : std::string_view{};
  if (!ctx.filter.accepts_node(node, type, rt ? "rt" : "da")) return;
  const Location loc{name, line};  // built only for kept rows: it copies the name
  // The rows of one interval share its date, hour, interval and flag texts: their time is
  // worked out once (the conversion through the zone database is the costly part of a row).
  auto flag_text = c.flag >= 0 ? at(c.flag) : std::string_view{};
  const bool same_time = time_.valid && at(c.date) == time_.date && at(c.hour) == time_.hour &&
                         (!rt || at(c.interval) == time_.interval) && flag_text == time_.flag;
  if (!same_time) {
    time_.valid = false;
    int y;
    unsigned m, d;
    if (!parse_date(at(c.date), y, m, d)) throw_expected(loc, "DeliveryDate", "a date MM/DD/YYYY", at(c.date));
    int hour = parse_hour(at(c.hour));
    if (hour < 1) throw_expected(loc, rt ? "DeliveryHour" : "HourEnding", "an hour ending 1..24", at(c.hour));
    int interval = 1;
    if (rt) {
      interval = parse_hour(at(c.interval));
      if (interval < 1 || interval > 4) throw_expected(loc, "DeliveryInterval", "an interval 1..4", at(c.interval));
    }
    bool flagged = false;
    if (c.flag >= 0) {
      auto fl = trim(flag_text);
      if (fl == "Y" || fl == "y") flagged = true;
      else if (!(fl == "N" || fl == "n" || fl.empty())) throw_expected(loc, "DSTFlag", "Y or N", fl);
    }
    // Hour ending h, interval i: the interval starts (h-1) hours and (i-1) quarters after midnight.
    LocalTime lt = make_local(y, m, d) + std::chrono::hours(hour - 1) + std::chrono::minutes((interval - 1) * 15);
    auto status = classify_local(lt, zone);
    if (flagged && status != LocalTimeStatus::ambiguous)
      throw_data_error(loc, "DSTFlag", "repeated-hour flag Y on an hour that is not repeated");
    time_.start = local_to_utc(lt, zone, flagged, loc, rt ? "DeliveryHour" : "HourEnding");
    time_.local = lt;
    time_.ambiguous_unflagged = status == LocalTimeStatus::ambiguous && !flagged && c.flag >= 0;
    time_.date = at(c.date), time_.hour = at(c.hour), time_.interval = rt ? at(c.interval) : std::string_view{};
    time_.flag = flag_text;
    time_.valid = true;
  }
  if (time_.ambiguous_unflagged) {
    auto key = std::make_tuple(std::string(node), std::string(type), time_.local.time_since_epoch().count());
    if (!first_seen_.insert(key).second)
      throw_data_error(loc, "DSTFlag", "repeated fall-back hour without its flag (the second occurrence must be Y)");
  }
  PriceRow r;
  r.start = time_.start;
  r.minutes = rt ? 15 : 60;
  r.iso = "ERCOT";
  r.market = rt ? "rt" : "da";
  r.node = node;
  r.node_type = type;
  r.price = parse_double(at(c.price), loc, "SettlementPointPrice");
  r.currency = "USD";
  r.line = loc.line;
  ctx.emit(std::move(r));
}

void parse_rows(RowSource& rows, const Columns& c, ParseContext& ctx) {
  RowConverter conv(c, ctx);
  std::vector<std::string> f;
  std::vector<std::string_view> views;
  while (rows.next(f)) {
    views.assign(f.begin(), f.end());
    guarded(ctx, [&] { conv.row(views.data(), views.size(), rows.name(), rows.line()); });
  }
}

}  // namespace hs::market::ercot
