// PJM Data Miner rt_hrl_lmps / da_hrl_lmps: times from datetime_beginning_utc (US style
// "M/D/YYYY h:mm:ss AM"), only row_is_current=True rows, the highest version_nbr wins.
#include <charconv>

#include <date/date.h>

#include "core/parse.hpp"
#include "market/formats.hpp"

namespace hs::market {

namespace {

// "5/1/2025 4:00:00 AM" (UTC) -> instant; false when malformed.
bool parse_us_datetime(std::string_view t, UtcTime& out) {
  t = trim(t);
  int v[6] = {};
  std::size_t pos = 0;
  const char seps[] = {'/', '/', ' ', ':', ':', ' '};
  for (int i = 0; i < 6; ++i) {
    auto [p, ec] = std::from_chars(t.data() + pos, t.data() + t.size(), v[i]);
    if (ec != std::errc()) return false;
    pos = static_cast<std::size_t>(p - t.data());
    if (pos >= t.size() || t[pos] != seps[i]) return false;
    ++pos;
  }
  auto ampm = t.substr(pos);
  int hour = v[3];
  if (hour < 1 || hour > 12 || v[4] > 59 || v[5] > 59) return false;
  if (ampm == "AM") hour = hour == 12 ? 0 : hour;
  else if (ampm == "PM") hour = hour == 12 ? 12 : hour + 12;
  else return false;
  date::year_month_day ymd{date::year{v[2]}, date::month{static_cast<unsigned>(v[0])},
                           date::day{static_cast<unsigned>(v[1])}};
  if (!ymd.ok()) return false;
  out = make_utc(v[2], static_cast<unsigned>(v[0]), static_cast<unsigned>(v[1]), hour, v[4], v[5]);
  return true;
}

}  // namespace

void parse_pjm(RowSource& rows, const std::vector<std::string>& header, ParseContext& ctx) {
  int when = find_column(header, {"datetimebeginningutc"});
  int node = find_column(header, {"pnodename"});
  int type = find_column(header, {"type"});
  int current = find_column(header, {"rowiscurrent"});
  int version = find_column(header, {"versionnbr"});
  int price = find_column(header, {"totallmprt"});
  std::string market = "rt";
  if (price < 0) {
    price = find_column(header, {"totallmpda"});
    market = "da";
  }
  if (when < 0 || node < 0 || price < 0)
    throw_data_error(Location{rows.name(), 1}, {},
                     "PJM table needs datetime_beginning_utc, pnode_name and total_lmp_rt or total_lmp_da");
  const int need = std::max({when, node, type, current, version, price}) + 1;
  std::vector<std::string> f;
  while (rows.next(f)) {
    guarded(ctx, [&] {
      Location loc{rows.name(), rows.line()};
      if (skip_short_row(f, need, loc)) return;
      // Superseded rows (row_is_current=False) are history, not prices of now.
      if (current >= 0 && trim(f[static_cast<std::size_t>(current)]) != "True") return;
      auto n = trim(f[static_cast<std::size_t>(node)]);
      auto t = type >= 0 ? trim(f[static_cast<std::size_t>(type)]) : std::string_view{};
      if (!ctx.filter.accepts_node(n, t, market)) return;
      PriceRow r;
      const auto& wt = f[static_cast<std::size_t>(when)];
      if (!parse_us_datetime(wt, r.start))
        throw_expected(loc, "datetime_beginning_utc", "a time M/D/YYYY h:mm:ss AM", wt);
      r.minutes = 60;
      r.iso = "PJM";
      r.market = market;
      r.node = n;
      r.node_type = t;
      r.price = parse_double(f[static_cast<std::size_t>(price)], loc, header[static_cast<std::size_t>(price)]);
      if (version >= 0) r.version = static_cast<int>(parse_int64(f[static_cast<std::size_t>(version)], loc, "version_nbr"));
      r.currency = "USD";
      r.line = loc.line;
      ctx.emit(std::move(r));
    });
  }
}

}  // namespace hs::market
