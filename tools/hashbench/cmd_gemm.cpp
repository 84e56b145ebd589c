// hashbench gemm: dense GEMM per precision through cuBLASLt on an NVIDIA GPU (the tensor-core
// rates AI capacity is sold at), verified on a sample against the double reference, with the
// device's peak for each precision and the power draw from NVML. Needs no CUDA at build time:
// without the library or a GPU it says so and exits 69, writing nothing.
#include <memory>
#include <optional>

#include "commands.hpp"
#include "compute/record_cells.hpp"
#include "compute/gemm_cublaslt.hpp"
#include "compute/power.hpp"
#include "core/cli.hpp"
#include "core/io.hpp"
#include "core/parse.hpp"
#include "core/record.hpp"
#include "core/record_output.hpp"

namespace hashbench {

namespace {
struct GemmOptions {
  hs::OutputOptions out;
  int gpu = 0;
  std::vector<std::string> precisions;
  std::int64_t m = 8192, n = 8192, k = 8192;
  double seconds = 2;
  double warmup = 0.3;
  std::size_t samples = 256;
  std::optional<double> watts;
};

int run_gemm(const GemmOptions& o) {
  const auto fmt = o.out.fmt();
  if (!(o.seconds > 0)) hs::throw_usage("--seconds: must be positive");
  if (o.warmup < 0) hs::throw_usage("--warmup: must not be negative");
  if (o.watts && !(*o.watts > 0)) hs::throw_usage("--watts: must be positive");
  if (o.samples < 1) hs::throw_usage("--samples: must be at least 1");
  if (o.gpu < 0) hs::throw_usage("--gpu: must not be negative");
  std::vector<hs::gemm::Precision> which;
  for (const auto& t : o.precisions) {
    auto p = hs::gemm::parse_precision(t);
    if (!p) hs::throw_usage("--precision: unknown \"" + t + "\" (known: fp32, tf32, fp16, bf16, fp8_e4m3)");
    which.push_back(*p);
  }
  if (which.empty()) which = hs::gemm::all_precisions();
  hs::gemm::check_sizes(o.m, o.n, o.k);

  hs::gemm::CublasLtBench bench(o.gpu);  // Error(69) when the library or the GPU is absent
  const auto& props = bench.props();
  hs::note("gemm: " + props.name + " (compute capability " + props.cc() + ", " + std::to_string(props.sms) +
           " SMs, " + hs::format_fixed(props.clock_mhz, 0) + " MHz) with " + bench.library());
  std::unique_ptr<hs::PowerMeter> meter;
  if (!o.watts) meter = hs::open_nvml_meter(static_cast<unsigned>(o.gpu));
  hs::install_interrupt_handler();

  hs::gemm::RunOptions opt;
  opt.m = o.m;
  opt.n = o.n;
  opt.k = o.k;
  opt.seconds = o.seconds;
  opt.warmup_seconds = o.warmup;
  opt.samples = o.samples;
  opt.meter = meter.get();
  std::vector<hs::gemm::Result> results;
  for (auto p : which) {
    if (hs::interrupted()) break;
    if (auto why = bench.unsupported(p); !why.empty()) {
      hs::note(hs::gemm::name(p) + " skipped: " + why);
      continue;
    }
    hs::progress("gemm: " + hs::gemm::name(p));
    try {
      results.push_back(bench.run(p, opt));
    } catch (const hs::Error& e) {
      if (e.code() != hs::exit_code::unavailable) throw;
      hs::note(hs::gemm::name(p) + " skipped: " + e.what());
      continue;
    }
    if (!results.back().check.passed) throw hs::Error(hs::exit_code::software, hs::gemm::disagreement_message(results.back()));
  }
  hs::progress_done();
  if (results.empty() && !hs::interrupted())
    throw hs::Error(hs::exit_code::unavailable, "no precision could be measured on " + props.name);

  hs::write_records(o.out.output, fmt, "gemm_result", [&](hs::RecordWriter& w) {
    const hs::GemmRunContext ctx{o.gpu, props.cc(), bench.library(), o.watts};
    for (const auto& r : results) w.write(hs::gemm_result_cells(r, ctx));
  });
  return run_ending(hs::interrupted(), "partial gemm results");
}
}  // namespace

hs::Runner add_gemm(CLI::App& sub) {
  auto o = std::make_shared<GemmOptions>();
  sub.add_option("--gpu", o->gpu, "CUDA device index (default 0)")->type_name("N");
  sub.add_option("--precision", o->precisions,
                 "fp32, tf32, fp16, bf16 or fp8_e4m3; repeatable (default: all the GPU has)")
      ->type_name("P");
  sub.add_option("--m", o->m, "Rows of A and C, a multiple of 16 (default 8192)")->type_name("M");
  sub.add_option("--n", o->n, "Columns of B and C, a multiple of 16 (default 8192)")->type_name("N");
  sub.add_option("--k", o->k, "Columns of A, rows of B, a multiple of 16 (default 8192)")->type_name("K");
  sub.add_option("--seconds", o->seconds, "Timed seconds per precision after the warm-up (default 2)")->type_name("S");
  sub.add_option("--warmup", o->warmup, "Warm-up seconds, not counted (default 0.3)")->type_name("S");
  sub.add_option("--samples", o->samples, "Elements of C checked against the double reference (default 256)")
      ->type_name("N");
  sub.add_option("--watts", o->watts, "Power draw of the GPU in watts, when known (else read from NVML)")
      ->type_name("W");
  hs::add_output_options(sub, o->out);
  return [o] { return run_gemm(*o); };
}

}  // namespace hashbench
