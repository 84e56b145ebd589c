#include "compute/power.hpp"

#include <dlfcn.h>

#include <chrono>
#include <filesystem>
#include <fstream>

namespace hs {

namespace {

std::optional<std::uint64_t> read_u64(const std::string& path) {
  std::ifstream in(path);
  std::uint64_t v = 0;
  if (!(in >> v)) return std::nullopt;
  return v;
}

class RaplMeter : public PowerMeter {
 public:
  explicit RaplMeter(std::string dir) : dir_(std::move(dir)) {
    range_ = read_u64(dir_ + "/max_energy_range_uj").value_or(0);
  }
  void start() override {
    e0_ = read_u64(dir_ + "/energy_uj").value_or(0);
    t0_ = std::chrono::steady_clock::now();
  }
  std::optional<double> stop() override {
    auto e1 = read_u64(dir_ + "/energy_uj");
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
    if (!e1 || s <= 0) return std::nullopt;
    std::uint64_t d = *e1 >= e0_ ? *e1 - e0_ : *e1 + range_ - e0_;  // the counter wraps
    return static_cast<double>(d) / 1e6 / s;
  }
  std::string source() const override { return "rapl"; }

 private:
  std::string dir_;
  std::uint64_t range_ = 0, e0_ = 0;
  std::chrono::steady_clock::time_point t0_;
};

// NVML through dlopen: only the few calls needed, with their documented C signatures.
class NvmlMeter : public PowerMeter {
 public:
  using InitFn = int (*)();
  using HandleFn = int (*)(unsigned, void**);
  using PowerFn = int (*)(void*, unsigned*);
  using EnergyFn = int (*)(void*, unsigned long long*);
  static std::unique_ptr<NvmlMeter> open(unsigned index = 0) {
    void* lib = dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!lib) return nullptr;
    auto m = std::unique_ptr<NvmlMeter>(new NvmlMeter);
    m->lib_ = lib;
    auto init = reinterpret_cast<InitFn>(dlsym(lib, "nvmlInit_v2"));
    auto handle = reinterpret_cast<HandleFn>(dlsym(lib, "nvmlDeviceGetHandleByIndex_v2"));
    m->power_ = reinterpret_cast<PowerFn>(dlsym(lib, "nvmlDeviceGetPowerUsage"));
    m->energy_ = reinterpret_cast<EnergyFn>(dlsym(lib, "nvmlDeviceGetTotalEnergyConsumption"));
    if (!init || !handle || !m->power_ || init() != 0 || handle(index, &m->dev_) != 0) return nullptr;
    return m;
  }
  ~NvmlMeter() override {
    if (lib_) dlclose(lib_);
  }
  void start() override {
    t0_ = std::chrono::steady_clock::now();
    have_e0_ = energy_ && energy_(dev_, &e0_) == 0;
  }
  std::optional<double> stop() override {
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
    unsigned long long e1 = 0;
    // Total energy (mJ) over the run when the GPU has the counter; else the power now (mW).
    if (have_e0_ && energy_(dev_, &e1) == 0 && s > 0.5 && e1 > e0_) return static_cast<double>(e1 - e0_) / 1e3 / s;
    unsigned mw = 0;
    if (power_(dev_, &mw) != 0) return std::nullopt;
    return mw / 1e3;
  }
  std::string source() const override { return "nvml"; }

 private:
  NvmlMeter() = default;
  void* lib_ = nullptr;
  void* dev_ = nullptr;
  PowerFn power_ = nullptr;
  EnergyFn energy_ = nullptr;
  unsigned long long e0_ = 0;
  bool have_e0_ = false;
  std::chrono::steady_clock::time_point t0_;
};

}  // namespace

std::unique_ptr<PowerMeter> open_nvml_meter(unsigned index) { return NvmlMeter::open(index); }

std::string no_power_meter_reason(const std::string& device_type, const std::string& vendor) {
  if (device_type == "gpu") {
    if (vendor.find("NVIDIA") == std::string::npos)
      return "no power sensor is read for " + (vendor.empty() ? std::string("this") : vendor) +
             " GPUs (only NVIDIA's, through NVML)";
    return "NVML (libnvidia-ml.so.1) was not found, or it does not see this GPU";
  }
  if (device_type == "cpu" || device_type == "native") {
    namespace fs = std::filesystem;
    std::error_code ec;
    for (const char* d : {"/sys/class/powercap/intel-rapl:0", "/sys/class/powercap/amd-rapl:0"})
      if (fs::exists(d, ec))
        return std::string("the RAPL energy counter ") + d + "/energy_uj cannot be read (root only on most kernels)";
    return "this machine has no RAPL energy counter (no /sys/class/powercap/intel-rapl:0 or amd-rapl:0; "
           "a virtual machine or a CPU without RAPL)";
  }
  return "no power sensor is read for devices of type " + device_type;
}

std::unique_ptr<PowerMeter> open_power_meter(const std::string& device_type, const std::string& vendor) {
  if (device_type == "gpu") {
    if (vendor.find("NVIDIA") == std::string::npos) return nullptr;
    return NvmlMeter::open();
  }
  if (device_type == "cpu" || device_type == "native") {
    namespace fs = std::filesystem;
    for (const char* d : {"/sys/class/powercap/intel-rapl:0", "/sys/class/powercap/amd-rapl:0"}) {
      std::error_code ec;
      if (fs::exists(d, ec) && read_u64(std::string(d) + "/energy_uj")) return std::make_unique<RaplMeter>(d);
    }
  }
  return nullptr;
}

}  // namespace hs
