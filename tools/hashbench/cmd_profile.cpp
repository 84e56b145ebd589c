// hashbench profile: each device's sha256d and fp32 SGEMM rates in site terms (one profile
// record per device and workload), measured with fixed sizes and checked against the CPU
// reference; or, with --spec, hand-written profile records (spec sheets) validated and
// normalized to the same units.
//
// Fixed work (documented in hashbench(1)): sha256d on the genesis block header with the
// device's tuned kernel; SGEMM with M = N = K = 1024, alpha 1, beta 0 and the device's tuned
// parameters; each timed for --seconds (default 3) after a 0.5 s warm-up.
#include <algorithm>
#include <memory>
#include <optional>

#include "commands.hpp"
#include "compute/bandwidth.hpp"
#include "compute/gemm_cublaslt.hpp"
#include "compute/power.hpp"
#include "records/profile_record.hpp"
#include "compute/rate.hpp"
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
constexpr std::int64_t kProfileSgemmSize = 1024;
constexpr double kProfileWarmup = 0.5;
constexpr std::int64_t kProfileGemmSize = 8192;            // cuBLASLt: M = N = K (--gemm-size)
constexpr std::uint64_t kProfileArrayBytes = 256ull << 20;  // bandwidth: each array

struct ProfileOptions {
  hs::OutputOptions out;
  std::string device;  // "" = every device
  std::vector<std::string> workloads;
  double seconds = 3;
  std::optional<double> watts;
  std::string spec;
  std::string cache_file;
  int gpu = 0;
  std::int64_t gemm_size = kProfileGemmSize;
};

bool cuda_workload(const std::string& wl) { return wl.rfind("gemm_", 0) == 0 || wl == "bandwidth_memcpy"; }

void set_peak(hs::profile::Row& row, const hs::peak::Peak& p, double unit) {
  if (p.value) row.peak_rate = *p.value / unit;
  row.peak_source = p.source;
}

// Watts for a row: the user's, else the meter's average over the timed part.
void set_watts(hs::profile::Row& row, const std::optional<double>& user, const std::optional<double>& measured,
               const hs::PowerMeter* meter) {
  if (user) {
    row.watts = user;
    row.watts_source = "user";
  } else if (measured && meter) {
    row.watts = measured;
    row.watts_source = meter->source();
  }
}

std::optional<hs::profile::Row> profile_sha256d(const hs::ComputeDevice& dev, const ProfileOptions& o) {
  TuningOptions t;
  t.cache_file = o.cache_file;
  auto engine = hs::make_engine(dev, resolve_tuning(dev, t), 0);
  const auto header = hs::parse_header_hex(kGenesisHeaderHex);
  if (auto why = hs::verify_engine_sample(*engine, header); !why.empty()) {
    hs::warn("sha256d on " + dev.info.name + " disagrees with the CPU reference (" + why + "); no rate reported");
    return std::nullopt;
  }
  std::unique_ptr<hs::PowerMeter> meter;
  meter = power_meter_for(dev, o.watts);
  const auto r = hs::measure_rate(*engine, header, kProfileWarmup, o.seconds, meter.get());
  hs::profile::Row row;
  row.device = dev.info.name;
  row.workload = "sha256d";
  row.rate = r.hashes_per_second();
  row.rate_unit = "H/s";
  row.verified = true;
  set_watts(row, o.watts, r.watts, meter.get());
  return row;
}

std::optional<hs::profile::Row> profile_sgemm(const hs::ComputeDevice& dev, const ProfileOptions& o) {
  hs::sgemm::RunOptions opt;
  opt.problem = hs::sgemm::Problem{kProfileSgemmSize, kProfileSgemmSize, kProfileSgemmSize, 1.0f, 0.0f};
  opt.seconds = o.seconds;
  opt.warmup_seconds = kProfileWarmup;
  std::unique_ptr<hs::PowerMeter> meter;
  meter = power_meter_for(dev, o.watts);
  opt.meter = meter.get();
  hs::sgemm::Result r;
  if (dev.native) {
    r = hs::sgemm::run_native(opt);
  } else {
    auto params = hs::sgemm::default_params(dev.info.type);
    if (auto e = hs::sgemm::read_tune_cache(hs::tune_cache_path(o.cache_file), dev.cl->cache_key())) params = e->params;
    r = hs::sgemm::run_opencl(*dev.cl, params, opt);
  }
  if (!r.check.passed) {
    hs::warn(hs::sgemm::disagreement_message(r));
    return std::nullopt;
  }
  hs::profile::Row row;
  row.device = dev.info.name;
  row.workload = "sgemm_fp32";
  row.rate = r.gflops;
  row.rate_unit = "GFLOP/s";
  row.verified = true;
  set_watts(row, o.watts, r.watts, meter.get());
  set_peak(row, device_fp32_peak(dev), 1e9);
  return row;
}

std::optional<hs::profile::Row> profile_bandwidth_cl(const hs::ComputeDevice& dev, hs::bandwidth::Kernel k,
                                                     const ProfileOptions& o) {
  hs::bandwidth::Options opt;
  opt.array_bytes = std::min<std::uint64_t>(kProfileArrayBytes, dev.info.max_alloc);
  if (dev.info.global_mem > 0) opt.array_bytes = std::min<std::uint64_t>(opt.array_bytes, dev.info.global_mem / 4);
  opt.seconds = o.seconds;
  opt.warmup_seconds = kProfileWarmup;
  std::unique_ptr<hs::PowerMeter> meter;
  meter = power_meter_for(dev, o.watts);
  opt.meter = meter.get();
  const auto r = hs::bandwidth::run_opencl(*dev.cl, k, opt);
  if (!r.verified) {
    hs::warn("bandwidth " + hs::bandwidth::name(k) + " on " + dev.info.name + ": wrong result (" + r.mismatch + ")");
    return std::nullopt;
  }
  hs::profile::Row row;
  row.device = dev.info.name;
  row.workload = "bandwidth_" + hs::bandwidth::name(k);
  row.rate = r.gb_per_s;
  row.rate_unit = "GB/s";
  row.verified = true;
  set_watts(row, o.watts, r.watts, meter.get());
  set_peak(row, r.peak, 1e9);
  return row;
}

// The CUDA rows: gemm_<precision> through cuBLASLt and bandwidth_memcpy on GPU --gpu.
// `explicit_request`: the user named them, so a missing library or GPU is an error (69).
int profile_cuda(const std::vector<std::string>& workloads, bool explicit_request, const ProfileOptions& o,
                 hs::RecordWriter& w) {
  std::unique_ptr<hs::gemm::CublasLtBench> bench;
  try {
    bench = std::make_unique<hs::gemm::CublasLtBench>(o.gpu);
  } catch (const hs::Error& e) {
    if (explicit_request || e.code() != hs::exit_code::unavailable) throw;
    hs::note(std::string("no CUDA rows: ") + e.what());
    return 0;
  }
  int refused = 0;
  const auto& props = bench->props();
  for (const auto& wl : workloads) {
    if (hs::interrupted()) break;
    std::unique_ptr<hs::PowerMeter> meter;
    if (!o.watts) meter = hs::open_nvml_meter(static_cast<unsigned>(o.gpu));
    hs::profile::Row row;
    row.device = props.name;
    row.workload = wl;
    row.rate_unit = hs::profile::rate_unit_for(wl);
    hs::progress("profile: " + wl + " on " + props.name);
    if (wl == "bandwidth_memcpy") {
      hs::cuda::Gpu gpu = hs::cuda::open_gpu(o.gpu);
      hs::bandwidth::Options opt;
      opt.array_bytes = kProfileArrayBytes;
      opt.seconds = o.seconds;
      opt.warmup_seconds = kProfileWarmup;
      opt.meter = meter.get();
      const auto r = hs::bandwidth::run_cuda(gpu, opt);
      if (!r.verified) {
        hs::warn("bandwidth memcpy on " + props.name + ": wrong result (" + r.mismatch + ")");
        ++refused;
        continue;
      }
      row.rate = r.gb_per_s;
      set_watts(row, o.watts, r.watts, meter.get());
      set_peak(row, r.peak, 1e9);
    } else {
      const auto p = *hs::gemm::parse_precision(wl.substr(5));
      if (auto why = bench->unsupported(p); !why.empty()) {
        hs::note(wl + " skipped: " + why);
        continue;
      }
      hs::gemm::RunOptions opt;
      opt.m = opt.n = opt.k = o.gemm_size;
      opt.seconds = o.seconds;
      opt.warmup_seconds = kProfileWarmup;
      opt.meter = meter.get();
      const auto r = bench->run(p, opt);
      if (!r.check.passed) {
        hs::warn(hs::gemm::disagreement_message(r));
        ++refused;
        continue;
      }
      row.rate = r.tflops;
      set_watts(row, o.watts, r.watts, meter.get());
      set_peak(row, r.peak, 1e12);
    }
    row.verified = true;
    w.write(row.cells());
  }
  return refused;
}

int run_spec(const ProfileOptions& o, hs::Format fmt) {
  hs::RecordReader in(o.spec, hs::profile::spec_sheet_fields());
  std::vector<hs::profile::Row> rows;
  hs::Record rec;
  while (in.next(rec)) rows.push_back(hs::profile::normalize_spec(rec));
  hs::write_records(o.out.output, fmt, "profile", [&](hs::RecordWriter& w) {
    for (const auto& row : rows) w.write(row.cells());
  });
  return hs::exit_code::ok;
}

int run_profile(const ProfileOptions& o) {
  const auto fmt = o.out.fmt();
  if (!o.spec.empty()) {
    if (!o.device.empty() || !o.workloads.empty() || o.watts)
      hs::throw_usage("--spec reads hand-written records; it takes no --device, --workload or --watts");
    return run_spec(o, fmt);
  }
  if (!(o.seconds > 0)) hs::throw_usage("--seconds: must be positive");
  if (o.watts && !(*o.watts > 0)) hs::throw_usage("--watts: must be positive");
  hs::gemm::check_sizes(o.gemm_size, o.gemm_size, o.gemm_size);
  for (const auto& wl : o.workloads) hs::profile::rate_unit_for(wl);  // unknown: Error(64)
  // Default: sha256d and sgemm_fp32 on every device, and every CUDA row where CUDA is present.
  std::vector<std::string> workloads, cuda_workloads;
  const bool explicit_cuda = std::any_of(o.workloads.begin(), o.workloads.end(), cuda_workload);
  for (const auto& wl : o.workloads) (cuda_workload(wl) ? cuda_workloads : workloads).push_back(wl);
  if (o.workloads.empty()) {
    workloads = {"sha256d", "sgemm_fp32"};
    for (auto p : hs::gemm::all_precisions()) cuda_workloads.push_back("gemm_" + hs::gemm::name(p));
    cuda_workloads.push_back("bandwidth_memcpy");
  }
  std::vector<hs::ComputeDevice> devices;
  if (!workloads.empty()) {  // else CUDA rows only
    if (o.device.empty())
      devices = hs::list_compute_devices();
    else
      devices.push_back(hs::select_compute_device(o.device));
  }
  if (o.watts && devices.size() > 1) hs::throw_usage("--watts needs --device: it is one device's power draw");
  hs::install_interrupt_handler();

  int refused = 0;
  hs::write_records(o.out.output, fmt, "profile", [&](hs::RecordWriter& w) {
    for (const auto& dev : devices) {
      for (const auto& wl : workloads) {
        if (hs::interrupted()) break;
        std::optional<hs::profile::Row> row;
        if (wl == "bandwidth_copy" || wl == "bandwidth_triad") {
          if (dev.native) continue;  // the kernels are OpenCL's
          hs::progress("profile: " + wl + " on " + dev.info.name);
          row = profile_bandwidth_cl(
              dev, wl == "bandwidth_copy" ? hs::bandwidth::Kernel::copy : hs::bandwidth::Kernel::triad, o);
        } else {
          hs::progress("profile: " + wl + " on " + dev.info.name);
          row = wl == "sha256d" ? profile_sha256d(dev, o) : profile_sgemm(dev, o);
        }
        if (row)
          w.write(row->cells());
        else
          ++refused;
      }
    }
    if (!cuda_workloads.empty() && !hs::interrupted()) refused += profile_cuda(cuda_workloads, explicit_cuda, o, w);
    hs::progress_done();
  });
  if (hs::interrupted()) return run_ending(true, "profile incomplete");
  if (refused > 0) {
    hs::warn(std::to_string(refused) + " measurement(s) disagreed with the CPU reference and were left out");
    return hs::exit_code::software;
  }
  return hs::exit_code::ok;
}
}  // namespace

hs::Runner add_profile(CLI::App& sub) {
  auto o = std::make_shared<ProfileOptions>();
  sub.add_option("-d,--device", o->device,
                 "Device index (see hashbench devices), name substring, or 'native' (default: every device)")
      ->type_name("DEV");
  sub.add_option("--workload", o->workloads,
                 "sha256d, sgemm_fp32, gemm_fp32|tf32|fp16|bf16|fp8_e4m3, bandwidth_copy|triad|memcpy; repeatable "
                 "(default: sha256d and sgemm_fp32 on every device, gemm_* and bandwidth_memcpy where CUDA is)")
      ->type_name("NAME");
  sub.add_option("--gpu", o->gpu, "CUDA device index for the gemm_* and bandwidth_memcpy rows (default 0)")
      ->type_name("N");
  sub.add_option("--gemm-size", o->gemm_size, "M = N = K of the gemm_* rows, a multiple of 16 (default 8192)")
      ->type_name("N");
  sub.add_option("--seconds", o->seconds, "Timed seconds per device and workload (default 3)")->type_name("S");
  sub.add_option("--watts", o->watts, "Power draw of the one --device in watts (else read from NVML or RAPL)")
      ->type_name("W");
  sub.add_option("--spec", o->spec,
                 "Validate and normalize hand-written profile records (CSV or JSON Lines; - = stdin)")
      ->type_name("FILE");
  sub.add_option("--cache-file", o->cache_file,
                 "Tuning cache to read (default: $XDG_CACHE_HOME/hybridsite/hashbench-tune.csv or "
                 "~/.cache/hybridsite/hashbench-tune.csv)")
      ->type_name("FILE");
  hs::add_output_options(sub, o->out);
  return [o] { return run_profile(*o); };
}

}  // namespace hashbench
