// powerfeed stats: per node count, mean, extremes, percentiles, negative share, hours above X.
#include "cmd_convert.hpp"
#include "core/record.hpp"

namespace powerfeed {

void add_stats_options(CLI::App& app, StatsCmd& c) {
  add_common_options(app, c.common);
  hs::add_output_options(app, c.out);
  app.add_option("--above", c.above, "Also count the hours with a price above X")->type_name("X");
}

int run_stats(const StatsCmd& c) {
  // Per node: running sums and the node's prices (for the percentiles), from the deduplicated stream.
  hs::market::StatsCollector collector(c.above);
  hs::market::Dedup dedup(conflict_rule(c.common), c.common.inputs,
                          [&](hs::market::PriceRow&& r) { collector.push(std::move(r)); });
  auto bad_rows = stream_inputs(c.common, [&](hs::market::PriceRow&& r) { dedup.push(std::move(r)); });
  dedup.finish();
  auto stats = collector.finish();
  hs::AtomicOutput out(c.out.output);
  const auto& spec = hs::record_spec("price_stats");
  hs::RecordWriter w(out, spec, c.out.fmt());
  // Mean, share and hours are derived: 4 decimals. Min, max and percentiles are prices as read.
  for (const auto& s : stats) {
    w.write({s.key.node, s.key.node_type, s.key.iso, s.key.market, s.key.currency, s.first, s.last,
             std::int64_t{s.count}, hs::Fixed{s.mean, 4}, s.min, s.max, s.p5, s.p50, s.p95, s.p99,
             hs::Fixed{s.negative_share, 4}, s.hours_above ? hs::Cell{hs::Fixed{*s.hours_above, 4}} : hs::Cell{}});
  }
  w.finish();
  out.commit();
  return bad_rows ? hs::exit_code::data : 0;
}

}  // namespace powerfeed
