#include "compute/devices.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "core/cli.hpp"

namespace hs {

namespace {
std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The host's maximum clock in MHz: cpufreq's cpuinfo_max_freq where the kernel has it, else
// the first "cpu MHz" of /proc/cpuinfo (the current clock, all a VM may show); 0 when neither.
cl_uint host_clock_mhz() {
  std::ifstream f("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq");
  unsigned long khz = 0;
  if (f >> khz && khz > 0) return static_cast<cl_uint>(khz / 1000);
  std::ifstream info("/proc/cpuinfo");
  std::string line;
  while (std::getline(info, line))
    if (line.rfind("cpu MHz", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return static_cast<cl_uint>(std::atof(line.c_str() + colon + 1) + 0.5);
    }
  return 0;
}

ComputeDevice native_device(int index) {
  ComputeDevice d;
  d.index = index;
  d.native = true;
  d.info.platform = "native";
  NativeSha256d engine;
  d.info.name = engine.device_name();
  d.info.vendor = "";
  d.info.type = "native";
  d.info.driver = engine.variant().substr(7);  // "sha-ni x4", "avx512 x16", ... without "native "
  d.native_choice = engine.choice();
  d.info.compute_units = std::max(1u, std::thread::hardware_concurrency());
  d.info.clock_mhz = host_clock_mhz();
  return d;
}
}  // namespace

std::vector<ComputeDevice> list_compute_devices() {
  std::vector<ComputeDevice> out;
  std::vector<cl::Device> devs;
  try {
    devs = cl::all_devices();
  } catch (const Error& e) {
    warn(std::string("OpenCL: ") + e.what());
  }
  for (auto& d : devs) {
    ComputeDevice c;
    c.index = static_cast<int>(out.size());
    c.cl = d;
    c.info = d.info();
    out.push_back(std::move(c));
  }
  out.push_back(native_device(static_cast<int>(out.size())));
  return out;
}

ComputeDevice select_compute_device(const std::string& spec, bool allow_native) {
  auto all = list_compute_devices();
  bool have_cl = all.size() > 1;
  auto pick = [&](ComputeDevice d) {
    if (d.native && !allow_native)
      throw Error(exit_code::unavailable, "this needs an OpenCL device; " +
                                              std::string(have_cl ? "the native path was chosen"
                                                                  : "no OpenCL platform or device found"));
    return d;
  };
  if (spec.empty()) {
    for (const char* want : {"gpu", "cpu"})
      for (auto& d : all)
        if (d.info.type == want) return d;
    if (!have_cl && allow_native) note("no OpenCL platform or device found; using the native CPU path");
    if (!have_cl && !allow_native) throw Error(exit_code::unavailable, "no OpenCL platform or device found");
    return pick(have_cl ? all.front() : all.back());
  }
  if (lower(spec) == "native") return pick(all.back());
  if (std::all_of(spec.begin(), spec.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    std::size_t idx = spec.size() > 9 ? all.size() : std::stoul(spec);
    if (idx >= all.size())
      throw_usage("--device: no device with index " + spec + " (valid: 0 to " + std::to_string(all.size() - 1) +
                  "; see hashbench devices)");
    return pick(all[idx]);
  }
  auto want = lower(spec);
  for (auto& d : all)
    if (lower(d.info.name).find(want) != std::string::npos) return pick(d);
  throw Error(exit_code::unavailable, "--device: no device whose name contains \"" + spec + "\" (see hashbench devices)");
}

std::unique_ptr<Sha256dEngine> make_engine(const ComputeDevice& d, const Sha256dTuning& tuning, unsigned threads) {
  if (d.native) return std::make_unique<NativeSha256d>(threads);
  return std::make_unique<ClSha256d>(*d.cl, tuning);
}

}  // namespace hs
