#pragma once
// Sustained sha256d rate of an engine: warm-up, then a timed run over a moving nonce range,
// with the power meter (if any) read across the timed part only. SIGINT (hs::interrupted)
// ends the timed part early; the result is then marked partial.
#include <cstdint>
#include <optional>

#include "compute/power.hpp"
#include "compute/sha256d.hpp"

namespace hs {

struct RateResult {
  std::uint64_t hashes = 0;
  double seconds = 0;
  bool partial = false;
  std::optional<double> watts;  // from the meter
  double hashes_per_second() const { return seconds > 0 ? static_cast<double>(hashes) / seconds : 0; }
};

RateResult measure_rate(Sha256dEngine& e, const BlockHeader& h, double warmup_seconds, double seconds,
                        PowerMeter* meter = nullptr);

// Sample check before reporting: candidate sets on a few thousand nonces at spread offsets
// must equal the CPU reference's. Returns "" when they agree.
std::string verify_engine_sample(Sha256dEngine& e, const BlockHeader& h);

}  // namespace hs
