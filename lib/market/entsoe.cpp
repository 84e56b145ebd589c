// ENTSO-E Transparency day-ahead price exports, both layouts: "MTU (CET/CEST)" strings
// "dd.mm.yyyy HH:MM - dd.mm.yyyy HH:MM" (older) or "dd/mm/yyyy HH:MM:SS - ..." (newer, with an
// Area column). Times are wall clock in the zone the MTU header names (CET/CEST unless it says
// UTC, EET/EEST or WET/WEST): the fall-back hour comes twice with no flag
// (the order tells them apart), the skipped spring-forward hour may appear as a placeholder,
// "-" or "n/e" means not available. 15-minute MTUs exist since October 2025.
#include <charconv>
#include <set>
#include <tuple>

#include "core/cli.hpp"
#include <date/date.h>

#include "core/parse.hpp"
#include "market/formats.hpp"

namespace hs::market {

namespace {

// The zone of the MTU column, from its header: ENTSO-E exports in the time zone the user chose
// on the platform and names it there ("MTU (CET/CEST)", "MTU (UTC)", "MTU (EET/EEST)",
// "MTU (WET/WEST)"); a bare "MTU" is the platform's default, CET/CEST. The EU zones change
// clocks together, so one city stands for each. Anything else is refused rather than guessed:
// a wrong zone shifts every price by hours.
std::string mtu_zone(const std::string& header, const Location& loc) {
  const auto open = header.find('(');
  if (open == std::string::npos) return "Europe/Brussels";
  const auto close = header.find(')', open);
  const std::string label(trim(std::string_view(header).substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1)));
  if (label == "CET/CEST" || label == "CET") return "Europe/Brussels";
  if (label == "UTC") return "UTC";
  if (label == "EET/EEST" || label == "EET") return "Europe/Athens";
  if (label == "WET/WEST" || label == "WET") return "Europe/Lisbon";
  throw_data_error(loc, header,
                   "unknown MTU time zone '" + label + "' (expected CET/CEST, UTC, EET/EEST or WET/WEST)");
}

// "29.10.2023 02:00" or "29/10/2023 02:00:00" -> local time.
bool parse_local(std::string_view t, LocalTime& out) {
  t = trim(t);
  if (t.size() < 16) return false;
  auto num = [&](std::size_t pos, std::size_t len, int& v) {
    auto [p, ec] = std::from_chars(t.data() + pos, t.data() + pos + len, v);
    return ec == std::errc() && p == t.data() + pos + len;
  };
  int d, m, y, hh, mm, ss = 0;
  if (!(t[2] == '.' || t[2] == '/') || t[5] != t[2] || t[10] != ' ' || t[13] != ':') return false;
  if (!num(0, 2, d) || !num(3, 2, m) || !num(6, 4, y) || !num(11, 2, hh) || !num(14, 2, mm)) return false;
  if (t.size() >= 19 && t[16] == ':' && !num(17, 2, ss)) return false;
  if (!date::year_month_day{date::year{y}, date::month{unsigned(m)}, date::day{unsigned(d)}}.ok() || hh > 23 || mm > 59)
    return false;
  out = make_local(y, unsigned(m), unsigned(d), hh, mm, ss);
  return true;
}

// The bidding zone a header cell names, as ENTSO-E writes it: "BZN|DE-LU" alone or inside a
// longer header ("Day-ahead Price [EUR/MWh] - BZN|DE-LU", "... (BZN|IE(SEM))"); empty if none.
// The name runs to a space, quote, bracket, comma or semicolon, or to a ')' that closes
// nothing inside it (IE(SEM) keeps its own parentheses).
std::string zone_in_header(std::string_view h) {
  const auto at = h.find("BZN|");
  if (at == std::string_view::npos) return {};
  std::string zone;
  int open = 0;
  for (char c : h.substr(at + 4)) {
    if (c == '(') ++open;
    if (c == ')' && open-- == 0) break;
    if (c == ' ' || c == '"' || c == '[' || c == ']' || c == ',' || c == ';' || c == '\t') break;
    zone += c;
  }
  return zone;
}

bool not_available(std::string_view p) {
  p = trim(p);
  return p.empty() || p == "-" || p == "n/e" || p == "N/A" || p == "n/a";
}

}  // namespace

void parse_entsoe(RowSource& rows, const std::vector<std::string>& header, ParseContext& ctx) {
  int mtu = -1, price = -1;
  for (std::size_t i = 0; i < header.size(); ++i) {
    auto k = header_key(header[i]);
    if (mtu < 0 && k.rfind("mtu", 0) == 0) mtu = int(i);
    if (price < 0 && k.find("day-aheadprice") != std::string::npos) price = int(i);
  }
  int area = find_column(header, {"area", "biddingzone"});
  // The newer layout has a Sequence column: one area may have prices from several auctions for
  // the same MTU (e.g. "Sequence 1", "Sequence 2"). The sequence becomes the node type, part of
  // the series key, so they stay separate series (select one with --node-type) instead of
  // conflicting.
  int sequence = find_column(header, {"sequence"});
  if (mtu < 0 || price < 0)
    throw_data_error(Location{rows.name(), 1}, {}, "ENTSO-E export needs an MTU column and a Day-ahead Price column");
  const std::string zone = mtu_zone(header[static_cast<std::size_t>(mtu)], Location{rows.name(), 1});
  std::string currency = "EUR";
  const auto& ph = header[static_cast<std::size_t>(price)];
  if (auto p = ph.find_first_of("[("); p != std::string::npos && ph.size() >= p + 4) currency = ph.substr(p + 1, 3);
  // A file without an Area column is one area: the zone its header names ("BZN|DE-LU" in a
  // column header), else --node-name, else the file name (an export saved as entsoe.csv would
  // otherwise become node "entsoe").
  std::string default_node;
  for (const auto& h : header)
    if (default_node = zone_in_header(h); !default_node.empty()) break;
  if (default_node.empty()) default_node = ctx.opts.node_name;
  if (default_node.empty()) {
    auto base = rows.name().substr(rows.name().find_last_of('/') + 1);
    default_node = base.substr(0, base.find_first_of("_."));
  }
  std::set<std::tuple<std::string, std::string, std::int64_t>> seen_ambiguous;  // node, sequence, local time
  std::uint64_t placeholders = 0;
  const int need = std::max({mtu, price, area, sequence}) + 1;
  std::vector<std::string> f;
  while (rows.next(f)) {
    guarded(ctx, [&] {
      Location loc{rows.name(), rows.line()};
      if (skip_short_row(f, need, loc)) return;
      std::string node = area >= 0 ? std::string(trim(f[static_cast<std::size_t>(area)])) : default_node;
      if (auto bar = node.find('|'); bar != std::string::npos) node = node.substr(bar + 1);  // "BZN|FR"
      const std::string_view seq = sequence >= 0 ? trim(f[static_cast<std::size_t>(sequence)]) : std::string_view{};
      if (!ctx.filter.accepts_node(node, seq, "da")) return;
      const auto& m = f[static_cast<std::size_t>(mtu)];
      auto dash = m.find(" - ");
      LocalTime a, b;
      if (dash == std::string::npos || !parse_local(std::string_view(m).substr(0, dash), a) ||
          !parse_local(std::string_view(m).substr(dash + 3), b) || b <= a)
        throw_expected(loc, "MTU", "\"dd.mm.yyyy HH:MM - dd.mm.yyyy HH:MM\"", m);
      const auto& p = f[static_cast<std::size_t>(price)];
      auto status = classify_local(a, zone);
      if (status == LocalTimeStatus::nonexistent) {
        // The hour skipped by spring-forward: ENTSO-E lists it as a placeholder row.
        if (!not_available(p))
          warn(format_location(loc) + "placeholder for the skipped spring-forward hour carries a price (" +
               std::string(trim(p)) + "); dropped");
        ++placeholders;
        return;
      }
      if (not_available(p)) return;  // "-": not available, nothing to report
      bool second = false;
      if (status == LocalTimeStatus::ambiguous)
        second = !seen_ambiguous.insert({node, std::string(seq), a.time_since_epoch().count()}).second;
      PriceRow r;
      r.start = local_to_utc(a, zone, second, loc, "MTU");
      r.minutes = static_cast<int>((b - a).count() / 60);
      r.iso = "ENTSOE";
      r.market = "da";
      r.node = node;
      r.node_type = seq;
      r.price = parse_double(p, loc, header[static_cast<std::size_t>(price)]);
      r.currency = currency;
      r.line = loc.line;
      ctx.emit(std::move(r));
    });
  }
}

}  // namespace hs::market
