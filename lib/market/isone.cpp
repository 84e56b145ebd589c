// ISO-NE ISO Express hourly LMP reports: the first field is a record type (C comment, H header
// rows: names then types, D data, T trailer); "Hour Ending" 01..24 in America/New_York, with
// "02X" for the repeated fall-back hour.
#include <date/date.h>

#include "core/parse.hpp"
#include "market/formats.hpp"

namespace hs::market {

namespace {
constexpr const char* zone = "America/New_York";
}

void parse_isone(RowSource& rows, const std::vector<std::string>& first, ParseContext& ctx) {
  std::string market = "da";
  std::vector<std::string> f = first, names;
  // Comment rows before the header say which market ("Day-Ahead" or "Real-Time").
  do {
    if (f.empty()) continue;
    auto kind = trim(f[0]);
    if (kind == "C") {
      for (const auto& c : f)
        if (c.find("Real-Time") != std::string::npos) market = "rt";
    } else if (kind == "H") {
      names = f;
      break;
    } else {
      throw_data_error(Location{rows.name(), rows.line()}, {}, "ISO-NE report: data before the H header row");
    }
  } while (rows.next(f));
  int date = find_column(names, {"date"});
  int hour = find_column(names, {"hourending"});
  int node = find_column(names, {"locationname"});
  int type = find_column(names, {"locationtype"});
  int price = find_column(names, {"locationalmarginalprice"});
  if (date < 0 || hour < 0 || node < 0 || price < 0)
    throw_data_error(Location{rows.name(), rows.line()}, {},
                     "ISO-NE report needs Date, Hour Ending, Location Name and Locational Marginal Price");
  const int need = std::max({date, hour, node, type, price}) + 1;
  while (rows.next(f)) {
    guarded(ctx, [&] {
      Location loc{rows.name(), rows.line()};
      auto kind = f.empty() ? std::string_view{} : trim(f[0]);
      if (kind != "D") return;  // C, H (the types row) and T rows carry no prices
      if (static_cast<int>(f.size()) < need)
        throw_data_error(loc, {}, "expected " + std::to_string(need) + " fields, got " + std::to_string(f.size()));
      auto n = trim(f[static_cast<std::size_t>(node)]);
      auto t = type >= 0 ? trim(f[static_cast<std::size_t>(type)]) : std::string_view{};
      if (!ctx.filter.accepts_node(n, t, market)) return;
      auto d = trim(f[static_cast<std::size_t>(date)]);
      auto y = try_parse_int64(d.size() == 10 ? d.substr(6, 4) : "x");
      auto m = try_parse_int64(d.size() == 10 ? d.substr(0, 2) : "x");
      auto dd = try_parse_int64(d.size() == 10 ? d.substr(3, 2) : "x");
      if (!y || !m || !dd || !date::year_month_day{date::year{int(*y)}, date::month{unsigned(*m)}, date::day{unsigned(*dd)}}.ok())
        throw_expected(loc, "Date", "a date MM/DD/YYYY", d);
      auto h = trim(f[static_cast<std::size_t>(hour)]);
      bool repeated = !h.empty() && (h.back() == 'X' || h.back() == 'x');
      if (repeated) h.remove_suffix(1);
      auto he = try_parse_int64(h);
      if (!he || *he < 1 || *he > 24) throw_expected(loc, "Hour Ending", "an hour ending 01..24 (02X repeated)", f[static_cast<std::size_t>(hour)]);
      LocalTime lt = make_local(int(*y), unsigned(*m), unsigned(*dd)) + std::chrono::hours(*he - 1);
      if (repeated && classify_local(lt, zone) != LocalTimeStatus::ambiguous)
        throw_data_error(loc, "Hour Ending", "hour marked X (repeated) on an hour that is not repeated");
      PriceRow r;
      r.start = local_to_utc(lt, zone, repeated, loc, "Hour Ending");
      r.minutes = 60;
      r.iso = "ISONE";
      r.market = market;
      r.node = n;
      r.node_type = t;
      r.price = parse_double(f[static_cast<std::size_t>(price)], loc, "Locational Marginal Price");
      r.currency = "USD";
      r.line = loc.line;
      ctx.emit(std::move(r));
    });
  }
}

}  // namespace hs::market
