// powerfeed stats: per node count, mean, extremes, percentiles, negative share, hours above X.
#include <memory>
#include <optional>

#include "commands.hpp"
#include "core/record_output.hpp"
#include "market/record_cells.hpp"
#include "options.hpp"

namespace powerfeed {

namespace {
struct StatsCmd {
  Common common;
  hs::OutputOptions out;
  std::optional<double> above;
};

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
  hs::write_records(c.out, "price_stats", [&](hs::RecordWriter& w) {
    for (const auto& s : stats) w.write(hs::market::stats_cells(s));
  });
  return bad_rows ? hs::exit_code::data : 0;
}
}  // namespace

Runner add_stats(CLI::App& app) {
  auto c = std::make_shared<StatsCmd>();
  add_stats_options(app, *c);
  return [c] { return run_stats(*c); };
}

}  // namespace powerfeed
