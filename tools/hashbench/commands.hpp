#pragma once
// hashbench subcommands, in the one idiom of every tool (hs::Subcommands, core/cli.hpp): each
// cmd_<sub>.cpp defines `hs::Runner add_<sub>(CLI::App& sub)`, which registers its options and
// returns the code that runs it. Adding a subcommand = one new cmd_<sub>.cpp plus one
// subs.add() line in main.cpp.
#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>

#include "compute/devices.hpp"
#include "compute/peak.hpp"
#include "compute/power.hpp"
#include "compute/sha256d_cl.hpp"
#include "core/cli.hpp"

namespace hashbench {

// Each registers its options on the subcommand main.cpp adds and returns the code that runs it.
hs::Runner add_devices(CLI::App& sub);
hs::Runner add_scan(CLI::App& sub);
hs::Runner add_sha256d(CLI::App& sub);
hs::Runner add_tune(CLI::App& sub);
hs::Runner add_sgemm(CLI::App& sub);      // cmd_sgemm.cpp
hs::Runner add_profile(CLI::App& sub);    // cmd_profile.cpp
hs::Runner add_gemm(CLI::App& sub);       // cmd_gemm.cpp (cuBLASLt, loaded at run time)
hs::Runner add_bandwidth(CLI::App& sub);  // cmd_bandwidth.cpp
// hashbench tune --workload sgemm (cmd_sgemm.cpp): tries sgemm tunings, caches the fastest.
int run_sgemm_tune(const std::string& device, double seconds, const std::string& cache_file,
                   const std::string& output, const std::string& format);

// --device, shared by every subcommand that runs on one device.
void add_device_option(CLI::App& sub, std::string& device);

// --vector-width, --nonces-per-item, --local-size, --cache-file, --threads.
struct TuningOptions {
  int vector_width = 0;  // 0: from the tune cache, else the default
  int nonces_per_item = 0;
  std::size_t local_size = 0;
  bool local_size_given = false;
  std::string cache_file;
  unsigned threads = 0;
};
void add_tuning_options(CLI::App& sub, TuningOptions& t);
// Options given on the command line win; then the tune cache for this device; then defaults.
hs::Sha256dTuning resolve_tuning(const hs::ComputeDevice& d, const TuningOptions& t);

// FP32 peak of a device (OpenCL: units x clock x table; native: the host's cores likewise).
hs::peak::Peak device_fp32_peak(const hs::ComputeDevice& d);

// The device's power meter, unless the user gave --watts; where there is none, a warning says
// why (watts and J/TH, GFLOP/s per W are then left empty).
std::unique_ptr<hs::PowerMeter> power_meter_for(const hs::ComputeDevice& d, const std::optional<double>& user_watts);

// How a run that has written its records ends: cut short (SIGINT), the warning
// "interrupted: WHAT" and exit 130, the records written being what was measured; else `code`.
int run_ending(bool stopped, const std::string& what, int code = hs::exit_code::ok);

// The genesis block header: the default work for hashbench sha256d.
extern const char* const kGenesisHeaderHex;

}  // namespace hashbench
