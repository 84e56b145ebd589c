#pragma once
// Best sgemm kernel parameters per device, found by hashbench tune --workload sgemm. They
// share part 1's cache file (tune_cache.hpp) as lines of their own shape,
//   sgemm;<device key>,<Params::to_string()>,<gflops>
// which the sha256d reader skips (it wants 5 fields) and its writer keeps (another key).
#include <optional>
#include <string>

#include "compute/sgemm_params.hpp"

namespace hs::sgemm {

struct TuneEntry {
  Params params;
  double gflops = 0;
};

// Entry for the device key; a missing file or a bad line is "none" (a cache never fails a run).
std::optional<TuneEntry> read_tune_cache(const std::string& path, const std::string& device_key);
// Replaces the device's sgemm line, keeping every other line. Failure: Error(73).
void write_tune_cache(const std::string& path, const std::string& device_key, const TuneEntry& e);

}  // namespace hs::sgemm
