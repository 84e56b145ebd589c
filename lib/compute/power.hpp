#pragma once
// Power draw while a benchmark runs, from the device where it can be read: NVML on NVIDIA
// (libnvidia-ml loaded with dlopen, so the tool runs where it is absent), the powercap/RAPL
// package energy counter on a CPU (/sys/class/powercap/*-rapl:0/energy_uj, often root-only).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace hs {

class PowerMeter {
 public:
  virtual ~PowerMeter() = default;
  virtual void start() = 0;
  // Average watts since start(), or nothing when the reading failed.
  virtual std::optional<double> stop() = 0;
  virtual std::string source() const = 0;  // "rapl" or "nvml"
};

// A meter for an OpenCL device of this type ("gpu"/"cpu"/"native") and vendor, or null.
std::unique_ptr<PowerMeter> open_power_meter(const std::string& device_type, const std::string& vendor);
// Why open_power_meter has no meter for such a device, in words for a warning.
std::string no_power_meter_reason(const std::string& device_type, const std::string& vendor);
// NVML's meter for the NVIDIA GPU of this NVML index (the CUDA index unless
// CUDA_VISIBLE_DEVICES reorders them), or null where NVML or the GPU is absent.
std::unique_ptr<PowerMeter> open_nvml_meter(unsigned index);

}  // namespace hs
