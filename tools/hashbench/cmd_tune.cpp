// hashbench tune: runs lib/compute's sha256d tuner on one OpenCL device, each trial a real
// kernel checked against the CPU reference; writes one sha256d_result per trial and caches
// the fastest.
#include <memory>
#include <optional>

#include "commands.hpp"
#include "compute/rate.hpp"
#include "compute/sha256d_result.hpp"
#include "compute/sha256d_tuner.hpp"
#include "compute/tune_cache.hpp"
#include "core/cli.hpp"
#include "core/io.hpp"
#include "core/parse.hpp"
#include "core/record.hpp"
#include "core/record_output.hpp"

namespace hashbench {

namespace {
struct TuneOptions {
  hs::OutputOptions out;
  double seconds = 0.5;
  std::string device;
  std::string cache_file;
  std::string workload = "sha256d";  // or sgemm (part 2: run_sgemm_tune in cmd_sgemm.cpp)
};

int run_tune(const TuneOptions& o) {
  if (o.workload == "sgemm") return run_sgemm_tune(o.device, o.seconds, o.cache_file, o.out.output, o.out.format);
  if (o.workload != "sha256d") hs::throw_usage("--workload: unknown workload \"" + o.workload + "\" (known: sha256d, sgemm)");
  auto fmt = o.out.fmt();
  if (!(o.seconds > 0)) hs::throw_usage("--seconds: must be positive");
  auto dev = hs::select_compute_device(o.device, /*allow_native=*/false);
  auto header = hs::parse_header_hex(kGenesisHeaderHex);
  std::string path = hs::tune_cache_path(o.cache_file);
  hs::install_interrupt_handler();
  hs::Sha256dTuneResult tuned;
  hs::write_records(o.out.output, fmt, "sha256d_result", [&](hs::RecordWriter& w) {
    auto trial = [&](const hs::Sha256dTuning& t) -> std::optional<double> {
      if (hs::interrupted()) return std::nullopt;
      hs::ClSha256d engine(*dev.cl, t);
      bool ok = hs::verify_engine_sample(engine, header).empty();
      auto r = hs::measure_rate(engine, header, 0.1, o.seconds);
      double hps = r.hashes_per_second();
      hs::note("tune: " + t.text() + ": " + hs::format_fixed(hps / 1e6, 2) + " MH/s" + (ok ? "" : " (WRONG, ignored)"));
      hs::Sha256dResult row;
      row.device = engine.device_name();
      row.kernel = engine.variant();
      row.tuning = t;
      row.rate = r;
      row.verified = ok;
      w.write(row.cells());
      if (!ok || r.partial) return std::nullopt;
      return hps;
    };
    const hs::Sha256dDeviceLimits limits{dev.info.preferred_vector_width_int, dev.info.max_work_group_size};
    tuned = hs::tune_sha256d(hs::Sha256dTuneSpace{}, limits, trial);
  });
  if (hs::interrupted()) return run_ending(true, "partial tuning, cache not updated");
  if (!tuned.found()) throw hs::Error(hs::exit_code::software, "no kernel variant agreed with the CPU reference");
  hs::write_tune_cache(path, dev.cl->cache_key(), {tuned.best, tuned.hashes_per_second});
  hs::note("tune: best " + tuned.best.text() + " at " + hs::format_fixed(tuned.hashes_per_second / 1e6, 2) +
           " MH/s, saved to " + path);
  return hs::exit_code::ok;
}
}  // namespace

hs::Runner add_tune(CLI::App& sub) {
  auto o = std::make_shared<TuneOptions>();
  sub.add_option("--seconds", o->seconds, "Timed seconds per trial (default 0.5)")->type_name("S");
  add_device_option(sub, o->device);
  sub.add_option("--workload", o->workload, "Kernel to tune: sha256d or sgemm (default sha256d)")->type_name("NAME");
  sub.add_option("--cache-file", o->cache_file,
                 "Tuning cache to update (default: $XDG_CACHE_HOME/hybridsite/hashbench-tune.csv or "
                 "~/.cache/hybridsite/hashbench-tune.csv)")
      ->type_name("FILE");
  hs::add_output_options(sub, o->out);
  return [o] { return run_tune(*o); };
}

}  // namespace hashbench
