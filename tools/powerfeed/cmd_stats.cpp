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
  auto loaded = load(c.common);
  hs::market::normalize(loaded.rows, conflict_rule(c.common), loaded.sources);
  auto stats = hs::market::compute_stats(loaded.rows, c.above);
  hs::AtomicOutput out(c.out.output);
  const auto& spec = hs::record_spec("price_stats");
  hs::RecordWriter w(out, spec, c.out.fmt());
  for (const auto& s : stats) {
    w.write({s.key.node, s.key.node_type, s.key.iso, s.key.market, s.key.currency, s.first, s.last,
             std::int64_t{s.count}, s.mean, s.min, s.max, s.p5, s.p50, s.p95, s.p99, s.negative_share,
             s.hours_above ? hs::Cell{*s.hours_above} : hs::Cell{}});
  }
  w.finish();
  out.commit();
  return loaded.bad_rows ? hs::exit_code::data : 0;
}

}  // namespace powerfeed
