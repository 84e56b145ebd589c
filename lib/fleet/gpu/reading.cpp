#include "fleet/gpu/reading.hpp"

#include <algorithm>

namespace hs::fleet::gpu {

double NodeReading::watts() const {
  double sum = 0;
  for (const auto& g : gpus)
    if (g.watts) sum += *g.watts;
  return sum;
}

bool NodeReading::watts_complete() const {
  return !gpus.empty() && std::all_of(gpus.begin(), gpus.end(), [](const GpuReading& g) { return g.watts.has_value(); });
}

std::optional<double> NodeReading::limit_watts() const {
  if (gpus.empty()) return std::nullopt;
  double sum = 0;
  for (const auto& g : gpus) {
    if (!g.limit_watts) return std::nullopt;  // a partial sum would understate the node's cap
    sum += *g.limit_watts;
  }
  return sum;
}

std::optional<double> NodeReading::hottest_c() const {
  std::optional<double> hot;
  for (const auto& g : gpus)
    if (g.temp_c && (!hot || *g.temp_c > *hot)) hot = g.temp_c;
  return hot;
}

}  // namespace hs::fleet::gpu
