#include "commands.hpp"
#include "compute/peak_cl.hpp"
#include "compute/tune_cache.hpp"
#include "core/cli.hpp"

namespace hashbench {

const char* const kGenesisHeaderHex =
    "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f61"
    "7fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c";

void add_device_option(CLI::App& sub, std::string& device) {
  sub.add_option("-d,--device", device,
                 "Device index (see hashbench devices), name substring, or 'native'; default: first GPU, else "
                 "the OpenCL CPU device, else native")
      ->type_name("DEV");
}

void add_tuning_options(CLI::App& sub, TuningOptions& t) {
  sub.add_option("--vector-width", t.vector_width, "Nonces per OpenCL vector: 1, 2, 4, 8 or 16 (default: tuned)")
      ->check(CLI::IsMember({1, 2, 4, 8, 16}))
      ->type_name("N");
  sub.add_option("--nonces-per-item", t.nonces_per_item, "Vectors each work-item scans (default: tuned)")
      ->check(CLI::Range(1, 4096))
      ->type_name("N");
  sub.add_option_function<std::size_t>(
         "--local-size",
         [&t](const std::size_t& v) {
           t.local_size = v;
           t.local_size_given = true;
         },
         "OpenCL work-group size; 0 lets the driver choose (default: tuned)")
      ->type_name("N");
  sub.add_option("--cache-file", t.cache_file,
                 "Tuning cache (default: $XDG_CACHE_HOME/hybridsite/hashbench-tune.csv or "
                 "~/.cache/hybridsite/hashbench-tune.csv)")
      ->type_name("FILE");
  sub.add_option("--threads", t.threads, "CPU threads for the native path (default: one per CPU)")
      ->check(CLI::Range(1u, 1024u))
      ->type_name("N");
}

std::unique_ptr<hs::PowerMeter> power_meter_for(const hs::ComputeDevice& d, const std::optional<double>& user_watts) {
  if (user_watts) return nullptr;
  auto meter = hs::open_power_meter(d.info.type, d.info.vendor);
  if (!meter)
    hs::warn("no power reading for " + d.info.name + ": " + hs::no_power_meter_reason(d.info.type, d.info.vendor) +
             "; watts and the figures per watt are left empty (give them with --watts W)");
  return meter;
}

int run_ending(bool stopped, const std::string& what, int code) {
  if (!stopped) return code;
  hs::warn("interrupted: " + what);
  return hs::exit_code::interrupted;
}

hs::peak::Peak device_fp32_peak(const hs::ComputeDevice& d) {
  if (d.cl) return hs::peak::opencl_device_fp32(*d.cl, d.info);
  // The native path: the driver field names the vector code (avx512, avx2), which the table keys on.
  hs::peak::Peak p = hs::peak::opencl_fp32("cpu", d.info.vendor, d.info.name + " " + d.info.driver,
                                           d.info.compute_units, d.info.clock_mhz);
  if (d.info.clock_mhz == 0) p.source = "the host reports no clock (cpufreq, /proc/cpuinfo)";
  else if (p.source.rfind("opencl: ", 0) == 0) p.source = "host: " + p.source.substr(8);
  return p;
}

hs::Sha256dTuning resolve_tuning(const hs::ComputeDevice& d, const TuningOptions& t) {
  hs::Sha256dTuning r;  // defaults
  if (!d.native) {
    if (auto e = hs::read_tune_cache(hs::tune_cache_path(t.cache_file), d.cl->cache_key())) {
      r = e->tuning;
    } else {
      // Untuned: the device's preferred int vector width (16 on AVX-512 PoCL, 1 on most GPUs).
      unsigned p = d.info.preferred_vector_width_int;
      r.vector_width = p >= 16 ? 16 : p >= 8 ? 8 : p >= 4 ? 4 : p >= 2 ? 2 : 1;
    }
  }
  if (t.vector_width) r.vector_width = t.vector_width;
  if (t.nonces_per_item) r.nonces_per_item = t.nonces_per_item;
  if (t.local_size_given) r.local_size = t.local_size;
  return r;
}

}  // namespace hashbench
