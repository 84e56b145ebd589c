// Any other CSV with a time column and a price column (--time-column, --price-column), times
// with an offset or local in --tz, intervals of --interval.
#include "core/parse.hpp"
#include "market/formats.hpp"

namespace hs::market {

void parse_generic(RowSource& rows, const std::vector<std::string>& header, ParseContext& ctx) {
  const auto& g = ctx.opts.generic;
  if (g.time_column.empty() || g.price_column.empty())
    throw_usage("--source generic needs --time-column and --price-column");
  auto dur = try_parse_duration(g.interval.empty() ? "1h" : g.interval);
  if (!dur || dur->count() <= 0 || dur->count() % 60 != 0) throw_usage("--interval: expected 5m, 15m, 1h, ...");
  auto col = [&](const std::string& name) {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (trim(header[i]) == name) return int(i);
    return -1;
  };
  int tc = col(g.time_column), pc = col(g.price_column), nc = g.node_column.empty() ? -1 : col(g.node_column);
  if (tc < 0 || pc < 0 || (!g.node_column.empty() && nc < 0)) {
    std::string seen;
    for (const auto& h : header) seen += (seen.empty() ? "" : ", ") + h;
    throw_data_error(Location{rows.name(), 1}, {}, "column not found; headers seen: " + seen);
  }
  std::string default_node = ctx.opts.node_name.empty() ? "default" : ctx.opts.node_name;
  const int need = std::max({tc, pc, nc}) + 1;
  std::vector<std::string> f;
  while (rows.next(f)) {
    guarded(ctx, [&] {
      Location loc{rows.name(), rows.line()};
      if (skip_short_row(f, need, loc)) return;
      std::string node = nc >= 0 ? std::string(trim(f[static_cast<std::size_t>(nc)])) : default_node;
      if (!ctx.filter.accepts_node(node, "", g.market)) return;
      PriceRow r;
      r.start = parse_iso8601(f[static_cast<std::size_t>(tc)], loc, g.time_column, g.tz);
      r.minutes = static_cast<int>(dur->count() / 60);
      r.iso = "GENERIC";
      r.market = g.market;
      r.node = node;
      r.price = parse_double(f[static_cast<std::size_t>(pc)], loc, g.price_column);
      r.currency = g.currency;
      r.line = loc.line;
      ctx.emit(std::move(r));
    });
  }
}

}  // namespace hs::market
