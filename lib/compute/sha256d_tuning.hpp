#pragma once
// The sha256d kernel's tuning parameters and the rule for which ones the kernel can be built
// with, apart from any device: one rule for what the engine refuses and what the tuning cache
// will hand it (a cache line the kernel cannot build with is skipped, not a later usage error).
#include <cstddef>
#include <optional>
#include <string>

namespace hs {

struct Sha256dTuning {
  int vector_width = 8;          // 1, 2, 4, 8, 16
  int nonces_per_item = 16;      // vectors per work-item (NPI), 1 to 4096
  std::size_t local_size = 0;    // 0: the implementation chooses
  std::string text() const;      // "vw=8 npi=16 ls=64"
  // Why the kernel cannot be built with these values, or none. The device's work-group limit
  // on local_size is checked where the device is known (ClSha256d).
  std::optional<std::string> problem() const;
};

}  // namespace hs
