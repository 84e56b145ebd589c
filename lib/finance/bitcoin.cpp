#include "finance/bitcoin.hpp"

#include <algorithm>

namespace hs::finance {

std::int64_t block_subsidy_sats(std::int64_t height) {
  if (height < 0) return 0;
  const std::int64_t halvings = height / halving_interval;
  if (halvings >= 64) return 0;
  return (50 * sats_per_btc) >> halvings;
}

std::int64_t subsidy_sum_sats(std::int64_t height, std::int64_t count) {
  std::int64_t total = 0;
  while (count > 0) {
    // Blocks left in this halving era, then the rest at the next subsidy.
    std::int64_t era_end = (height / halving_interval + 1) * halving_interval;
    std::int64_t n = std::min(count, era_end - height);
    total += n * block_subsidy_sats(height);
    height += n;
    count -= n;
  }
  return total;
}

}  // namespace hs::finance
