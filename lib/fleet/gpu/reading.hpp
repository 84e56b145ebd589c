#pragma once
// What fleet reads of an AI server's GPUs, whatever the source (NVML on this node,
// dcgm-exporter's /metrics, a BMC's Redfish): one reading per GPU, in watts and degrees C.
// A figure the source did not give (unsupported on that GPU, a NaN sample) stays empty,
// never zero, so a sum or a ramp never mistakes "unknown" for "off".
#include <optional>
#include <string>
#include <vector>

namespace hs::fleet::gpu {

struct GpuReading {
  unsigned index = 0;                  // NVML's index; dcgm-exporter's `gpu` label
  std::string name, uuid;              // "NVIDIA H100 80GB HBM3", "GPU-6f0b..."
  std::string host;                    // dcgm-exporter's `Hostname` label (empty from NVML)
  std::optional<double> watts;         // power draw now
  std::optional<double> limit_watts;   // the power cap in force
  std::optional<double> limit_min_watts, limit_max_watts;  // the range a cap may be set in
  std::optional<double> temp_c;        // GPU core temperature
  std::optional<double> energy_j;      // energy counter since the driver loaded (joules)
  std::string error;                   // why this GPU alone could not be read (e.g. lost off the bus)
};

struct NodeReading {
  std::vector<GpuReading> gpus;  // in index order
  std::string error;             // why the node could not be read at all; empty when it was

  bool ok() const { return error.empty(); }
  // Sum of the GPUs that reported power (see watts_complete for whether that is all of them).
  double watts() const;
  // Every GPU reported its power, and there is at least one GPU.
  bool watts_complete() const;
  // Sum of the power caps in force, where every GPU reported one; else empty.
  std::optional<double> limit_watts() const;
  // The hottest GPU, or empty when none reported a temperature.
  std::optional<double> hottest_c() const;
};

}  // namespace hs::fleet::gpu
