// CAISO OASIS PRC_LMP (day-ahead hourly), PRC_INTVL_LMP (5-minute) and PRC_RTPD_LMP (15-minute):
// long format, one row per LMP component; only LMP_TYPE=LMP is a price. Times come from the
// *_GMT columns, so the repeated fall-back hour (OPR_HR=25) needs no local-time guessing.
#include "core/parse.hpp"
#include "market/formats.hpp"

namespace hs::market {

void parse_caiso(RowSource& rows, const std::vector<std::string>& header, ParseContext& ctx) {
  int start = find_column(header, {"intervalstarttimegmt"});
  int end = find_column(header, {"intervalendtimegmt"});
  int node = find_column(header, {"node", "nodeid", "resourcename"});
  int type = find_column(header, {"lmptype"});
  int run = find_column(header, {"marketrunid"});
  int price = find_column(header, {"mw", "value", "prc", "lmpprc"});
  if (start < 0 || end < 0 || node < 0 || price < 0)
    throw_data_error(Location{rows.name(), 1}, {},
                     "CAISO OASIS table needs INTERVALSTARTTIME_GMT, INTERVALENDTIME_GMT, NODE and MW/VALUE/PRC");
  const int need = std::max({start, end, node, type, run, price}) + 1;
  std::vector<std::string> f;
  while (rows.next(f)) {
    guarded(ctx, [&] {
      Location loc{rows.name(), rows.line()};
      if (skip_short_row(f, need, loc)) return;
      if (type >= 0 && trim(f[static_cast<std::size_t>(type)]) != "LMP") return;  // MCE, MCC, MCL components
      std::string market = "rt";
      if (run >= 0 && trim(f[static_cast<std::size_t>(run)]) == "DAM") market = "da";
      auto n = trim(f[static_cast<std::size_t>(node)]);
      if (!ctx.filter.accepts_node(n, "", market)) return;
      PriceRow r;
      r.start = parse_iso8601(f[static_cast<std::size_t>(start)], loc, header[static_cast<std::size_t>(start)]);
      auto e = parse_iso8601(f[static_cast<std::size_t>(end)], loc, header[static_cast<std::size_t>(end)]);
      if (e <= r.start) throw_data_error(loc, header[static_cast<std::size_t>(end)], "interval ends before it starts");
      r.minutes = static_cast<int>((e - r.start).count() / 60);
      r.iso = "CAISO";
      r.market = market;
      r.node = n;
      r.price = parse_double(f[static_cast<std::size_t>(price)], loc, header[static_cast<std::size_t>(price)]);
      r.currency = "USD";
      r.line = loc.line;
      ctx.emit(std::move(r));
    });
  }
}

}  // namespace hs::market
