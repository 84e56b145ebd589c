#include "compute/sha256d_tuner.hpp"

#include <algorithm>

namespace hs {

Sha256dTuneResult tune_sha256d(const Sha256dTuneSpace& space, const Sha256dDeviceLimits& device,
                               const Sha256dTrial& trial) {
  Sha256dTuneResult r;
  auto attempt = [&](const Sha256dTuning& t) {
    if (t.local_size > device.max_work_group_size) return;
    ++r.trials;
    const auto hps = trial(t);
    if (hps && *hps > r.hashes_per_second) {
      r.hashes_per_second = *hps;
      r.best = t;
    }
  };
  const unsigned widest = std::max(4u, space.widest_per_preferred * device.preferred_vector_width_int);
  for (int vw : space.vector_widths)
    if (static_cast<unsigned>(vw) <= widest) attempt({vw, space.first_nonces_per_item, 0});
  Sha256dTuning base = r.best;
  for (int npi : space.nonces_per_item)
    if (npi != base.nonces_per_item) attempt({base.vector_width, npi, 0});
  base = r.best;
  for (std::size_t ls : space.local_sizes) attempt({base.vector_width, base.nonces_per_item, ls});
  return r;
}

}  // namespace hs
