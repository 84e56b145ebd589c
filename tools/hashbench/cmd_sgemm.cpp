// hashbench sgemm: sustained fp32 SGEMM GFLOP/s on one device (kernels/sgemm.cl on OpenCL,
// OpenBLAS on the native device), verified against the double-precision CPU reference.
// Also the SGEMM half of hashbench tune (--workload sgemm).
#include <memory>
#include <optional>

#include "commands.hpp"
#include "compute/power.hpp"
#include "compute/sgemm_run.hpp"
#include "compute/sgemm_tune_cache.hpp"
#include "compute/tune_cache.hpp"
#include "core/cli.hpp"
#include "core/io.hpp"
#include "core/parse.hpp"
#include "core/record.hpp"
#include "core/record_output.hpp"

namespace hashbench {

namespace {
struct SgemmOptions {
  hs::OutputOptions out;
  std::int64_t m = 1024, n = 1024, k = 1024;
  float alpha = 1.0f, beta = 0.0f;
  double seconds = 5;
  double warmup = 0.5;
  std::size_t samples = 256;
  std::optional<double> watts;
  std::string device;
  std::string tuning;
  std::string cache_file;
};

hs::sgemm::Params parse_tuning_option(const std::string& text) {
  try {
    return hs::sgemm::parse_params(text, "--tuning");
  } catch (const hs::Error& e) {
    hs::throw_usage(e.what());
  }
}

std::vector<hs::Cell> result_cells(const hs::sgemm::Result& r, const std::string& device,
                                   std::optional<double> watts, const std::string& source, const hs::peak::Peak& peak) {
  hs::Cell w = std::monostate{}, gpw = std::monostate{};
  if (watts) {
    w = hs::Fixed{*watts, 1};
    gpw = hs::Fixed{r.gflops / *watts, 3};
  }
  hs::Cell pk = std::monostate{}, frac = std::monostate{};
  if (peak.value) {
    pk = hs::Fixed{*peak.value / 1e9, 1};
    frac = hs::Fixed{r.gflops / (*peak.value / 1e9), 4};
  }
  return {device, r.backend, r.tuning, r.problem.m, r.problem.n, r.problem.k, static_cast<double>(r.problem.alpha),
          static_cast<double>(r.problem.beta), r.products, hs::Fixed{r.seconds, 3}, hs::Fixed{r.gflops, 2}, w,
          source.empty() ? hs::Cell{} : hs::Cell{source}, gpw, r.check.max_rel_error, r.check.bound,
          r.check.passed, r.partial, pk, peak.source.empty() ? hs::Cell{} : hs::Cell{peak.source}, frac};
}

int run_sgemm(const SgemmOptions& o) {
  const auto fmt = o.out.fmt();
  if (!(o.seconds > 0)) hs::throw_usage("--seconds: must be positive");
  if (o.warmup < 0) hs::throw_usage("--warmup: must not be negative");
  if (o.watts && !(*o.watts > 0)) hs::throw_usage("--watts: must be positive");
  if (o.samples < 1) hs::throw_usage("--samples: must be at least 1");
  const hs::sgemm::Problem p{o.m, o.n, o.k, o.alpha, o.beta};
  hs::sgemm::check_limits(p, 0, 0, "the host");  // sizes first, before any device is opened
  auto dev = hs::select_compute_device(o.device);
  hs::sgemm::RunOptions opt;
  opt.problem = p;
  opt.seconds = o.seconds;
  opt.warmup_seconds = o.warmup;
  opt.samples = o.samples;
  std::unique_ptr<hs::PowerMeter> meter;
  meter = power_meter_for(dev, o.watts);
  opt.meter = meter.get();
  hs::install_interrupt_handler();

  hs::sgemm::Result r;
  if (dev.native) {
    r = hs::sgemm::run_native(opt);
  } else {
    hs::sgemm::Params params = hs::sgemm::default_params(dev.info.type);
    if (!o.tuning.empty())
      params = parse_tuning_option(o.tuning);
    else if (auto e = hs::sgemm::read_tune_cache(hs::tune_cache_path(o.cache_file), dev.cl->cache_key()))
      params = e->params;
    r = hs::sgemm::run_opencl(*dev.cl, params, opt);
  }
  // Refuse to report a rate from a kernel that disagrees with the reference.
  if (!r.check.passed) throw hs::Error(hs::exit_code::software, hs::sgemm::disagreement_message(r));

  const std::optional<double> watts = o.watts ? o.watts : r.watts;
  const std::string source = o.watts ? "user" : (r.watts ? meter->source() : "");
  hs::write_records(o.out.output, fmt, "sgemm_result", [&](hs::RecordWriter& w) {
    w.write(result_cells(r, dev.info.name, watts, source, device_fp32_peak(dev)));
  });
  return run_ending(r.partial, "partial result after " + hs::format_fixed(r.seconds, 2) + " s");
}
}  // namespace

int run_sgemm_tune(const std::string& device, double seconds, const std::string& cache_file,
                   const std::string& output, const std::string& format) {
  const hs::OutputOptions out{output, format};
  const auto fmt = out.fmt();
  if (!(seconds > 0)) hs::throw_usage("--seconds: must be positive");
  auto dev = hs::select_compute_device(device, /*allow_native=*/false);
  const std::string path = hs::tune_cache_path(cache_file);
  hs::install_interrupt_handler();
  std::optional<hs::sgemm::TuneEntry> best;
  hs::write_records(out.output, fmt, "sgemm_result", [&](hs::RecordWriter& w) {
    // The sizes the tuning serves: large enough to reach the sustained rate, small enough that
    // a dozen candidates take well under a minute on two CPU cores.
    hs::sgemm::RunOptions opt;
    opt.problem = hs::sgemm::Problem{1024, 1024, 1024, 1.0f, 0.0f};
    opt.seconds = seconds;
    opt.warmup_seconds = 0.1;
    const hs::peak::Peak peak = device_fp32_peak(dev);
    for (const auto& params : hs::sgemm::tuning_candidates(dev.info.type)) {
      if (hs::interrupted()) break;
      if (static_cast<std::size_t>(params.local_m() * params.local_n()) > dev.info.max_work_group_size) continue;
      const auto r = hs::sgemm::run_opencl(*dev.cl, params, opt);
      hs::note("tune sgemm: " + params.to_string() + ": " + hs::format_fixed(r.gflops, 1) + " GFLOP/s" +
               (r.check.passed ? "" : " (WRONG, ignored)"));
      w.write(result_cells(r, dev.info.name, std::nullopt, "", peak));
      if (r.check.passed && !r.partial && (!best || r.gflops > best->gflops))
        best = hs::sgemm::TuneEntry{params, r.gflops};
    }
  });
  if (hs::interrupted()) return run_ending(true, "partial tuning, cache not updated");
  if (!best) throw hs::Error(hs::exit_code::software, "no sgemm tuning agreed with the CPU reference");
  hs::sgemm::write_tune_cache(path, dev.cl->cache_key(), *best);
  hs::note("tune sgemm: best " + best->params.to_string() + " at " + hs::format_fixed(best->gflops, 1) +
           " GFLOP/s, saved to " + path);
  return hs::exit_code::ok;
}

hs::Runner add_sgemm(CLI::App& sub) {
  auto o = std::make_shared<SgemmOptions>();
  sub.add_option("--m", o->m, "Rows of A and C (default 1024)")->type_name("M");
  sub.add_option("--n", o->n, "Columns of B and C (default 1024)")->type_name("N");
  sub.add_option("--k", o->k, "Columns of A, rows of B (default 1024)")->type_name("K");
  sub.add_option("--alpha", o->alpha, "Scale of A*B (default 1)")->type_name("X");
  sub.add_option("--beta", o->beta, "Scale of the previous C (default 0)")->type_name("X");
  sub.add_option("--seconds", o->seconds, "Timed seconds after the warm-up (default 5)")->type_name("S");
  sub.add_option("--warmup", o->warmup, "Warm-up seconds, not counted (default 0.5)")->type_name("S");
  sub.add_option("--samples", o->samples, "Elements of C checked against the double-precision reference (default 256)")
      ->type_name("N");
  sub.add_option("--watts", o->watts, "Power draw of the device in watts, when known (else read from NVML or RAPL)")
      ->type_name("W");
  sub.add_option("--tuning", o->tuning,
                 "Kernel parameters, e.g. 'MWG=64 NWG=64 KWG=64 MWI=8 NWI=32 VW=16' (default: tuned, else the "
                 "device type's default)")
      ->type_name("PARAMS");
  sub.add_option("--cache-file", o->cache_file,
                 "Tuning cache to read (default: $XDG_CACHE_HOME/hybridsite/hashbench-tune.csv or "
                 "~/.cache/hybridsite/hashbench-tune.csv)")
      ->type_name("FILE");
  add_device_option(sub, o->device);
  hs::add_output_options(sub, o->out);
  return [o] { return run_sgemm(*o); };
}

}  // namespace hashbench
