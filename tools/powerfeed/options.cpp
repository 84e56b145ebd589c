#include "options.hpp"

#include "core/cli.hpp"
#include "market/formats.hpp"
#include "market/input.hpp"

namespace powerfeed {

void add_common_options(CLI::App& app, Common& c) {
  app.add_option("inputs", c.inputs, "Price files or http(s) URLs; - is stdin")->type_name("FILE|URL")->required();
  app.add_option("--source", c.read.source, "Read every input as this format instead of detecting it")
      ->check(CLI::IsMember(hs::market::source_names()))
      ->type_name("NAME");
  app.add_option("--node", c.nodes, "Keep nodes matching this shell pattern (repeatable)")->type_name("PATTERN");
  app.add_option("--node-type", c.node_type, "Keep only this node type (ERCOT: HU, LZ, LZEW, RN, ...)")
      ->type_name("TYPE");
  app.add_option("--market", c.market, "Keep only this market")->check(CLI::IsMember({"rt", "da"}))->type_name("rt|da");
  app.add_option("--from", c.from, "Keep intervals starting at or after this time (ISO 8601)")->type_name("TIME");
  app.add_option("--to", c.to, "Keep intervals starting before this time (ISO 8601)")->type_name("TIME");
  app.add_option("--on-conflict", c.on_conflict, "Two prices for one node and interval: error, or keep first|last")
      ->check(CLI::IsMember({"error", "first", "last"}))
      ->type_name("RULE");
  app.add_flag("--keep-going", c.read.keep_going, "Report and count bad rows on stderr instead of stopping");
  app.add_flag("--unsorted", c.read.unsorted,
               "Inputs are not in time order: hold each whole in memory and sort it (default: stream)");
  app.add_option("--time-column", c.read.generic.time_column, "Generic CSV: the time column")->type_name("NAME");
  app.add_option("--price-column", c.read.generic.price_column, "Generic CSV: the price column")->type_name("NAME");
  app.add_option("--node-column", c.read.generic.node_column, "Generic CSV: the node column (optional)")
      ->type_name("NAME");
  app.add_option("--tz", c.read.generic.tz, "Generic CSV: IANA zone of times written without an offset")
      ->type_name("ZONE");
  app.add_option("--interval", c.read.generic.interval, "Generic CSV: interval length (5m, 15m, 1h)")
      ->type_name("DURATION");
  app.add_option("--currency", c.read.generic.currency, "Generic CSV: currency of the prices")->type_name("CODE");
  app.add_option("--node-name", c.read.node_name,
                 "Node name for inputs that carry none (older ENTSO-E layout, generic CSV)")
      ->type_name("NAME");
  app.add_option("--timeout", c.read.timeout_s, "URLs: seconds before a transfer is given up")->type_name("SECONDS");
  app.add_option("--retries", c.read.retries, "URLs: extra attempts on 429, 5xx and refused connections")
      ->type_name("N");
  app.add_option("--cache", c.read.cache_dir, "URLs: keep bodies here and ask with ETag / Last-Modified")
      ->type_name("DIR");
}

hs::market::OnConflict conflict_rule(const Common& c) {
  if (c.on_conflict == "first") return hs::market::OnConflict::first;
  if (c.on_conflict == "last") return hs::market::OnConflict::last;
  return hs::market::OnConflict::error;
}

namespace {
std::optional<hs::UtcTime> bound(const std::string& text, const char* option) {
  if (text.empty()) return std::nullopt;
  auto t = hs::try_parse_iso8601(text);
  if (!t) hs::throw_usage(std::string(option) + ": expected an ISO 8601 time with an offset, got \"" + text + "\"");
  return t;
}
}  // namespace

std::optional<hs::UtcTime> window_from(const Common& c) { return bound(c.from, "--from"); }
std::optional<hs::UtcTime> window_to(const Common& c) { return bound(c.to, "--to"); }

std::uint64_t stream_inputs(const Common& c, const hs::market::RowSink& out) {
  namespace m = hs::market;
  m::Filter filter;
  filter.nodes = c.nodes;
  filter.node_type = c.node_type;
  filter.market = c.market;
  filter.prepare();
  if (auto t = window_from(c)) filter.has_from = true, filter.from = *t;
  if (auto t = window_to(c)) filter.has_to = true, filter.to = *t;
  std::vector<std::uint64_t> bad(c.inputs.size(), 0);
  std::vector<m::Producer> producers;
  for (std::size_t i = 0; i < c.inputs.size(); ++i) {
    producers.push_back([&, i](const m::RowSink& sink) {
      m::ParseContext ctx{c.read, filter, {}, {}, static_cast<std::uint32_t>(i)};
      ctx.hold_all = c.read.unsorted;
      m::ReorderWindow window(ctx.display, m::reorder_lag, sink);
      ctx.sink = [&](m::PriceRow&& r) { window.push(std::move(r), ctx.hold_all); };
      bad[i] = m::read_input(c.inputs[i], ctx);
      window.finish();
    });
  }
  m::merge_inputs(producers, out);
  std::uint64_t total = 0;
  for (auto b : bad) total += b;
  return total;
}

}  // namespace powerfeed
