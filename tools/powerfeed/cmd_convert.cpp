// powerfeed [options] INPUT...: the normalized price series.
#include <memory>
#include <optional>

#include "commands.hpp"

#include "core/cli.hpp"
#include "core/metrics.hpp"
#include "core/parse.hpp"
#include "options.hpp"
#include "core/record_output.hpp"
#include "market/record_cells.hpp"

namespace powerfeed {

namespace {
struct Convert {
  Common common;
  hs::OutputOptions out;
  std::string every;
  std::string incomplete = "flag";
  bool latest = false;
  std::string metrics;
};

void add_convert_options(CLI::App& app, Convert& c) {
  add_common_options(app, c.common);
  hs::add_output_options(app, c.out);
  app.add_option("--every", c.every, "Resample time-weighted to 5m, 15m, 1h or 1d (the local market day)")
      ->check(CLI::IsMember({"5m", "15m", "1h", "1d"}))
      ->type_name("STEP");
  app.add_option("--incomplete", c.incomplete, "With --every: flag partly covered intervals, or drop them with a warning")
      ->check(CLI::IsMember({"flag", "drop"}))
      ->type_name("flag|drop");
  app.add_flag("--latest", c.latest, "Only the newest interval of each node");
  hs::metrics::add_option(app, c.metrics);
}

// Stages, each streaming into the next: merged inputs -> Dedup -> [Resampler] -> [Latest] -> writer.
int run_convert(const Convert& c) {
  namespace m = hs::market;
  const bool with_complete = !c.every.empty();
  const auto& sources = c.common.inputs;
  std::uint64_t bad_rows = 0, rows = 0;
  std::optional<hs::UtcTime> newest;
  // The output is opened first, so an unwritable path fails before any input is read.
  hs::write_records(c.out, "price", [&](hs::RecordWriter& w) {
    std::vector<hs::Cell> cells;
    m::RowSink sink = [&](m::PriceRow&& r) {
      const auto source = r.source;
      ++rows;
      if (!newest || r.start > *newest) newest = r.start;
      m::price_cells(std::move(r), sources[source], with_complete, cells);
      w.write(cells);
    };
    std::optional<m::Latest> latest;
    if (c.latest) {
      latest.emplace(std::move(sink));
      sink = [&](m::PriceRow&& r) { latest->push(std::move(r)); };
    }
    std::optional<m::Resampler> resampler;
    if (!c.every.empty()) {
      long every_s = static_cast<long>(hs::try_parse_duration(c.every)->count());
      resampler.emplace(every_s, c.incomplete == "drop", c.common.read.generic.tz, std::move(sink));
      sink = [&](m::PriceRow&& r) { resampler->push(std::move(r)); };
    }
    m::Dedup dedup(conflict_rule(c.common), sources, std::move(sink));
    bad_rows = stream_inputs(c.common, [&](m::PriceRow&& r) { dedup.push(std::move(r)); });
    dedup.finish();
    if (resampler) {
      resampler->finish();
      if (resampler->dropped())
        hs::warn("dropped " + std::to_string(resampler->dropped()) + " interval(s) not fully covered by the input");
    }
    if (latest) latest->finish();
  });
  hs::metrics::gauge("price_rows", "Price rows the last run wrote.", static_cast<double>(rows));
  if (newest)
    hs::metrics::gauge("price_newest_interval_start_timestamp_seconds", "Start of the newest interval written, Unix time.",
                       static_cast<double>(newest->time_since_epoch().count()));
  hs::metrics::gauge("price_bad_rows", "Bad rows the last run left out (--keep-going).", static_cast<double>(bad_rows));
  if (bad_rows) {
    hs::warn(std::to_string(bad_rows) + " bad row(s) reported above were left out");
    return hs::exit_code::data;
  }
  return 0;
}
}  // namespace

Runner add_convert(CLI::App& app) {
  auto c = std::make_shared<Convert>();
  add_convert_options(app, *c);
  return [c] {
    hs::metrics::enable(c->metrics, "convert");
    if (c->common.inputs.empty()) hs::throw_usage("no input given (see powerfeed --help)");
    return run_convert(*c);
  };
}

}  // namespace powerfeed
