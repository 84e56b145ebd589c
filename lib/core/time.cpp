#include "core/time.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <cctype>
#include <charconv>

namespace hs {
namespace {

bool read_int(std::string_view s, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > s.size()) return false;
  for (std::size_t i = pos; i < pos + len; ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  std::from_chars(s.data() + pos, s.data() + pos + len, out);
  return true;
}

const date::time_zone* find_zone(std::string_view zone) {
  try {
    return date::locate_zone(std::string(zone));
  } catch (const std::exception&) {
    throw Error(exit_code::usage, "unknown time zone \"" + std::string(zone) + "\" (expected an IANA name such as America/Chicago)");
  }
}

}  // namespace

LocalTime make_local(int year, unsigned month, unsigned day, int hour, int minute, int second) {
  auto d = date::local_days{date::year{year} / date::month{month} / date::day{day}};
  return LocalTime{d.time_since_epoch()} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
         std::chrono::seconds{second};
}

UtcTime make_utc(int year, unsigned month, unsigned day, int hour, int minute, int second) {
  return UtcTime{make_local(year, month, day, hour, minute, second).time_since_epoch()};
}

namespace {

std::optional<UtcTime> parse_iso8601_any_year(std::string_view s, std::string_view default_zone) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (!read_int(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !read_int(s, 5, 2, mo) || s[7] != '-' ||
      !read_int(s, 8, 2, d))
    return std::nullopt;
  auto ymd = date::year{y} / date::month{static_cast<unsigned>(mo)} / date::day{static_cast<unsigned>(d)};
  if (!ymd.ok()) return std::nullopt;
  std::size_t p = 10;
  if (p == s.size()) return make_utc(y, mo, d);  // a bare date is midnight UTC
  if (s[p] != 'T' && s[p] != 't' && s[p] != ' ') return std::nullopt;
  ++p;
  if (!read_int(s, p, 2, h) || p + 2 >= s.size() || s[p + 2] != ':' || !read_int(s, p + 3, 2, mi))
    return std::nullopt;
  p += 5;
  if (p < s.size() && s[p] == ':') {
    if (!read_int(s, p + 1, 2, sec)) return std::nullopt;
    p += 3;
    if (p < s.size() && (s[p] == '.' || s[p] == ',')) {  // fractional seconds: truncated
      ++p;
      std::size_t start = p;
      while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p]))) ++p;
      if (p == start) return std::nullopt;
    }
  }
  if (h > 24 || mi > 59 || sec > 60 || (h == 24 && (mi != 0 || sec != 0))) return std::nullopt;
  auto local = make_local(y, mo, d, h, mi, sec);
  if (p == s.size()) {
    if (default_zone.empty()) return std::nullopt;
    try {
      auto* tz = find_zone(default_zone);
      auto info = tz->get_info(date::local_seconds{local.time_since_epoch()});
      if (info.result != date::local_info::unique) return std::nullopt;
      return UtcTime{local.time_since_epoch() - info.first.offset};
    } catch (const Error&) {
      return std::nullopt;
    }
  }
  int sign = 0, oh = 0, om = 0;
  if (s[p] == 'Z' || s[p] == 'z') {
    if (p + 1 != s.size()) return std::nullopt;
  } else if (s[p] == '+' || s[p] == '-') {
    sign = s[p] == '+' ? 1 : -1;
    ++p;
    if (!read_int(s, p, 2, oh)) return std::nullopt;
    p += 2;
    if (p < s.size() && s[p] == ':') ++p;
    if (p < s.size()) {
      if (!read_int(s, p, 2, om)) return std::nullopt;
      p += 2;
    }
    if (p != s.size() || oh > 23 || om > 59) return std::nullopt;
  } else {
    return std::nullopt;
  }
  auto offset = std::chrono::hours{oh} + std::chrono::minutes{om};
  return UtcTime{local.time_since_epoch()} - sign * offset;
}

}  // namespace

// Only instants whose UTC text has a four-digit year (0000-01-01T00:00:00Z to
// 9999-12-31T23:59:59Z): a local time or an offset can push a time written in year 9999 or
// 0000 outside them, and its UTC text would then be one that no tool reads back.
std::optional<UtcTime> try_parse_iso8601(std::string_view s, std::string_view default_zone) {
  static const UtcTime first = make_utc(0, 1, 1), last = make_utc(9999, 12, 31, 23, 59, 59);
  auto t = parse_iso8601_any_year(s, default_zone);
  if (t && (*t < first || *t > last)) return std::nullopt;
  return t;
}

UtcTime parse_iso8601(std::string_view text, const Location& loc, std::string_view field,
                      std::string_view default_zone) {
  if (auto t = try_parse_iso8601(text, default_zone)) return *t;
  throw_expected(loc, field, "an ISO 8601 time with offset such as 2025-04-10T18:15:00Z", text);
}

// By hand rather than date::format: this runs once per output record (millions for a year of
// ERCOT nodes), and the stream-based formatter spent most of its time in locale lookups.
// Days to the civil date by the usual era arithmetic (400-year eras of 146097 days, years
// starting in March); years outside 0..9999 go through date::format.
std::string format_iso8601_utc(UtcTime t) {
  const std::int64_t secs = t.time_since_epoch().count();
  std::int64_t days = secs / 86400, sod = secs % 86400;
  if (sod < 0) sod += 86400, --days;
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;                                  // [0, 146096]
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);          // [0, 365]
  const std::int64_t mp = (5 * doy + 2) / 153;                               // [0, 11], March = 0
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 0 || y > 9999) return date::format("%FT%TZ", t);
  char b[20] = {'0', '0', '0', '0', '-', '0', '0', '-', '0', '0', 'T', '0', '0', ':', '0', '0', ':', '0', '0', 'Z'};
  auto put = [&b](int at, int digits, std::int64_t v) {
    for (int i = digits - 1; i >= 0; --i, v /= 10) b[at + i] = static_cast<char>('0' + v % 10);
  };
  put(0, 4, y);
  put(5, 2, m);
  put(8, 2, d);
  put(11, 2, sod / 3600);
  put(14, 2, sod / 60 % 60);
  put(17, 2, sod % 60);
  return std::string(b, sizeof b);
}

std::string format_iso8601_local(UtcTime t, std::string_view zone) {
  auto zt = date::make_zoned(find_zone(zone), t);
  std::string s = date::format("%FT%T%z", zt);
  s.insert(s.size() - 2, ":");  // +0200 -> +02:00
  return s;
}

LocalTimeStatus classify_local(LocalTime lt, std::string_view zone) {
  auto info = find_zone(zone)->get_info(date::local_seconds{lt.time_since_epoch()});
  switch (info.result) {
    case date::local_info::unique: return LocalTimeStatus::unique;
    case date::local_info::ambiguous: return LocalTimeStatus::ambiguous;
    default: return LocalTimeStatus::nonexistent;
  }
}

UtcTime local_to_utc(LocalTime lt, std::string_view zone, bool second_occurrence, const Location& loc,
                     std::string_view field) {
  auto info = find_zone(zone)->get_info(date::local_seconds{lt.time_since_epoch()});
  auto local = lt.time_since_epoch();
  switch (info.result) {
    case date::local_info::unique: return UtcTime{local - info.first.offset};
    case date::local_info::ambiguous:
      return UtcTime{local - (second_occurrence ? info.second.offset : info.first.offset)};
    default:
      throw_data_error(loc, field,
                       "local time " + date::format("%F %T", date::local_seconds{local}) + " does not exist in " +
                           std::string(zone) + " (skipped by the daylight-saving change)");
  }
}

LocalTime utc_to_local(UtcTime t, std::string_view zone) {
  auto zt = date::make_zoned(find_zone(zone), t);
  return LocalTime{zt.get_local_time().time_since_epoch()};
}

std::optional<std::chrono::seconds> try_parse_duration(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  char unit = text.back();
  std::int64_t n = 0;
  auto body = text.substr(0, text.size() - 1);
  auto [ptr, ec] = std::from_chars(body.data(), body.data() + body.size(), n);
  if (ec != std::errc() || ptr != body.data() + body.size() || n <= 0) return std::nullopt;
  std::int64_t per = 0;
  switch (unit) {
    case 's': per = 1; break;
    case 'm': per = 60; break;
    case 'h': per = 3600; break;
    case 'd': per = 86400; break;
    default: return std::nullopt;
  }
  // Nothing here lasts beyond a century; the bound also keeps n * per from overflowing.
  constexpr std::int64_t max_seconds = std::int64_t{100} * 366 * 86400;
  if (n > max_seconds / per) return std::nullopt;
  return std::chrono::seconds{n * per};
}

}  // namespace hs
