#include "compute/sha256d_result.hpp"

namespace hs {

std::optional<double> Sha256dResult::joules_per_th() const {
  const double hps = rate.hashes_per_second();
  if (!watts || !(hps > 0)) return std::nullopt;
  return *watts / (hps / 1e12);
}

std::vector<Cell> Sha256dResult::cells() const {
  auto integer = [](auto v) { return Cell(static_cast<std::int64_t>(v)); };
  Cell local_size, vector_width, nonces_per_item, thread_count, watts_cell, joules;
  if (tuning) {
    if (tuning->local_size) local_size = integer(tuning->local_size);
    vector_width = integer(tuning->vector_width);
    nonces_per_item = integer(tuning->nonces_per_item);
  }
  if (threads) thread_count = integer(*threads);
  if (watts) watts_cell = watts_from_user ? Cell(*watts) : Cell(Fixed{*watts, 1});
  if (auto j = joules_per_th()) joules = Fixed{*j, 1};
  return {device,
          kernel,
          local_size,
          vector_width,
          nonces_per_item,
          thread_count,
          integer(rate.hashes),
          Fixed{rate.seconds, 3},
          Fixed{rate.hashes_per_second(), 0},
          watts_cell,
          watts_source,
          joules,
          verified,
          rate.partial};
}

}  // namespace hs
