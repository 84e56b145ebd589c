#pragma once
// The GPUs of a node as NVIDIA's dcgm-exporter serves them (http://HOST:9400/metrics,
// Prometheus text format 0.0.4; fetching is the caller's). Each sample carries its GPU in the
// labels gpu (the index), UUID, modelName and Hostname; the fields read are
//   DCGM_FI_DEV_POWER_USAGE               W   (in dcgm-exporter's default counters)
//   DCGM_FI_DEV_GPU_TEMP                  C   (default)
//   DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION  mJ  (default; a counter since the driver loaded)
//   DCGM_FI_DEV_ENFORCED_POWER_LIMIT      W   (when the counters file adds it; else
//   DCGM_FI_DEV_POWER_MGMT_LIMIT          W    the management limit is taken as the cap)
//   DCGM_FI_DEV_POWER_MGMT_LIMIT_MIN/_MAX W   (when added)
// Every other metric and every sample without a gpu label is passed over. A NaN or infinite
// value leaves the figure empty. Where one GPU has several series of a field (Kubernetes pod
// labels, MIG instances: the device's figure repeated), the first is kept.
#include <cstdint>
#include <string_view>
#include <vector>

#include "fleet/gpu/prometheus.hpp"
#include "fleet/gpu/reading.hpp"

namespace hs::fleet::gpu {

// Reads a /metrics response line by line (the text need not be whole in memory: feed lines as
// they arrive). Memory: one line plus the GPUs read so far.
class DcgmMetricsReader {
 public:
  // The next line, without its '\n'. After a malformed line the rest is passed over: the
  // whole response is refused, as Prometheus refuses a scrape it cannot parse.
  void line(std::string_view text);
  // The GPUs in index order, or the error "line N: what" for the first malformed line, or
  // an error when no sample named a GPU (the endpoint is not dcgm-exporter's).
  NodeReading finish();

  static constexpr std::size_t kMaxGpus = 1024;  // beyond any node; bounds what a bad endpoint costs

 private:
  struct Slot {
    GpuReading gpu;
    bool enforced = false;  // limit_watts came from DCGM_FI_DEV_ENFORCED_POWER_LIMIT
  };
  Slot* slot(unsigned index);
  std::vector<Slot> slots_;
  prom::Line line_;  // kept between lines so its label storage is reused
  std::uint64_t lines_ = 0;
  std::string error_;
};

// The whole response at once.
NodeReading parse_dcgm_metrics(std::string_view text);

}  // namespace hs::fleet::gpu
