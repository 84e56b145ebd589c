#include "compute/sha256d_tuning.hpp"

namespace hs {

std::string Sha256dTuning::text() const {
  return "vw=" + std::to_string(vector_width) + " npi=" + std::to_string(nonces_per_item) +
         " ls=" + (local_size ? std::to_string(local_size) : std::string("auto"));
}

std::optional<std::string> Sha256dTuning::problem() const {
  const int vw = vector_width;
  if (vw != 1 && vw != 2 && vw != 4 && vw != 8 && vw != 16)
    return "vector width must be 1, 2, 4, 8 or 16, got " + std::to_string(vw);
  if (nonces_per_item < 1 || nonces_per_item > 4096)
    return "nonces per item must be 1 to 4096, got " + std::to_string(nonces_per_item);
  return std::nullopt;
}

}  // namespace hs
