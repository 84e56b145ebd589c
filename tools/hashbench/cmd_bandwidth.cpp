// hashbench bandwidth: sustained memory bandwidth, STREAM copy and triad through OpenCL on
// every OpenCL device (PoCL included), and a device-to-device cudaMemcpy on a CUDA GPU where
// the runtime and a GPU are present. Each result array is checked in full; bytes counted as
// STREAM does (copy 2x, triad 3x the array).
#include <memory>
#include <optional>

#include "commands.hpp"
#include "compute/bandwidth.hpp"
#include "compute/record_cells.hpp"
#include "compute/power.hpp"
#include "core/cli.hpp"
#include "core/io.hpp"
#include "core/parse.hpp"
#include "core/record.hpp"
#include "core/record_output.hpp"

namespace hashbench {

namespace {
struct BandwidthOptions {
  hs::OutputOptions out;
  std::string backend = "all";
  std::string device;  // OpenCL: "" = every device
  int gpu = 0;
  std::vector<std::string> kernels;
  double mib = 256;
  double seconds = 2;
  double warmup = 0.3;
  std::optional<double> watts;
};

int run_bandwidth(const BandwidthOptions& o) {
  const auto fmt = o.out.fmt();
  if (!(o.seconds > 0)) hs::throw_usage("--seconds: must be positive");
  if (o.warmup < 0) hs::throw_usage("--warmup: must not be negative");
  if (!(o.mib > 0)) hs::throw_usage("--mib: must be positive");
  if (o.watts && !(*o.watts > 0)) hs::throw_usage("--watts: must be positive");
  if (o.backend != "all" && o.backend != "opencl" && o.backend != "cuda")
    hs::throw_usage("--backend: expected opencl, cuda or all, got \"" + o.backend + "\"");
  std::vector<hs::bandwidth::Kernel> kernels;
  for (const auto& k : o.kernels) {
    if (k == "copy") kernels.push_back(hs::bandwidth::Kernel::copy);
    else if (k == "triad") kernels.push_back(hs::bandwidth::Kernel::triad);
    else hs::throw_usage("--kernel: expected copy or triad, got \"" + k + "\"");
  }
  if (kernels.empty()) kernels = {hs::bandwidth::Kernel::copy, hs::bandwidth::Kernel::triad};
  const bool want_cl = o.backend != "cuda", want_cuda = o.backend != "opencl";

  hs::bandwidth::Options opt;
  opt.array_bytes = static_cast<std::uint64_t>(o.mib * (1 << 20));
  opt.seconds = o.seconds;
  opt.warmup_seconds = o.warmup;

  // Devices first, so that nothing is written when there is nothing to measure.
  std::vector<hs::ComputeDevice> cl_devices;
  if (want_cl) {
    if (!o.device.empty()) {
      cl_devices.push_back(hs::select_compute_device(o.device, /*allow_native=*/false));
    } else {
      for (auto& d : hs::list_compute_devices())
        if (!d.native) cl_devices.push_back(d);
    }
  }
  std::optional<hs::cuda::Gpu> gpu;
  if (want_cuda) {
    try {
      gpu = hs::cuda::open_gpu(o.gpu);
    } catch (const hs::Error& e) {
      if (e.code() != hs::exit_code::unavailable || o.backend == "cuda") throw;
      hs::note(std::string("CUDA skipped: ") + e.what());
    }
  }
  if (cl_devices.empty() && !gpu)
    throw hs::Error(hs::exit_code::unavailable, "no OpenCL device and no CUDA GPU to measure");
  if (o.watts && cl_devices.size() + (gpu ? 1 : 0) > 1)
    hs::throw_usage("--watts is one device's power draw: choose it with --device or --backend");
  hs::install_interrupt_handler();

  std::vector<std::vector<hs::Cell>> rows;
  bool wrong = false;
  auto keep = [&](const hs::bandwidth::Result& r, const hs::PowerMeter* meter) {
    if (!r.verified) {
      hs::warn("bandwidth " + hs::bandwidth::name(r.kernel) + " on " + r.device + " wrote a wrong result (" +
               r.mismatch + "); no rate reported");
      wrong = true;
      return;
    }
    rows.push_back(hs::bandwidth_result_cells(r, o.watts, meter ? meter->source() : std::string()));
  };
  for (const auto& d : cl_devices) {
    for (auto k : kernels) {
      if (hs::interrupted()) break;
      hs::progress("bandwidth: " + hs::bandwidth::name(k) + " on " + d.info.name);
      std::unique_ptr<hs::PowerMeter> meter;
      if (!o.watts) meter = hs::open_power_meter(d.info.type, d.info.vendor);
      opt.meter = meter.get();
      keep(hs::bandwidth::run_opencl(*d.cl, k, opt), meter.get());
    }
  }
  if (gpu && !hs::interrupted()) {
    hs::progress("bandwidth: memcpy on " + gpu->props.name);
    std::unique_ptr<hs::PowerMeter> meter;
    if (!o.watts) meter = hs::open_nvml_meter(static_cast<unsigned>(o.gpu));
    opt.meter = meter.get();
    keep(hs::bandwidth::run_cuda(*gpu, opt), meter.get());
  }
  hs::progress_done();
  hs::write_records(o.out.output, fmt, "bandwidth_result", [&](hs::RecordWriter& w) {
    for (const auto& row : rows) w.write(row);
  });
  return run_ending(hs::interrupted(), "partial bandwidth results", wrong ? hs::exit_code::software : hs::exit_code::ok);
}
}  // namespace

hs::Runner add_bandwidth(CLI::App& sub) {
  auto o = std::make_shared<BandwidthOptions>();
  sub.add_option("--backend", o->backend, "opencl, cuda or all (default all: CUDA where present)")->type_name("B");
  sub.add_option("-d,--device", o->device, "OpenCL device index or name substring (default: every OpenCL device)")
      ->type_name("DEV");
  sub.add_option("--gpu", o->gpu, "CUDA device index (default 0)")->type_name("N");
  sub.add_option("--kernel", o->kernels, "copy or triad; repeatable (default both; CUDA runs memcpy)")->type_name("K");
  sub.add_option("--mib", o->mib, "Size of each array in MiB (default 256)")->type_name("MIB");
  sub.add_option("--seconds", o->seconds, "Timed seconds per kernel after the warm-up (default 2)")->type_name("S");
  sub.add_option("--warmup", o->warmup, "Warm-up seconds, not counted (default 0.3)")->type_name("S");
  sub.add_option("--watts", o->watts, "Power draw of the one device in watts (else NVML or RAPL)")->type_name("W");
  hs::add_output_options(sub, o->out);
  return [o] { return run_bandwidth(*o); };
}

}  // namespace hashbench
