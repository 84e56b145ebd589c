#include "core/bitcoin.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace hs::bitcoin {

std::int64_t block_subsidy_sats(std::int64_t height) {
  if (height < 0) throw Error(exit_code::data, "block height must not be negative");
  const std::int64_t halvings = height / halving_interval;
  if (halvings >= 64) return 0;
  return (50 * sats_per_btc) >> halvings;
}

std::int64_t subsidy_sum_sats(std::int64_t height, std::int64_t count) {
  std::int64_t total = 0;
  height = std::max<std::int64_t>(height, 0);
  while (count > 0) {
    // Blocks left in this halving era, then the rest at the next subsidy.
    const std::int64_t era_end = (height / halving_interval + 1) * halving_interval;
    const std::int64_t n = std::min(count, era_end - height);
    total += n * block_subsidy_sats(height);
    height += n;
    count -= n;
  }
  return total;
}

namespace {
// 86400 s x 1e15 H/s x reward / (difficulty x 2^32), floored: each hash finds a block with
// probability 1 / (difficulty x 2^32).
long double sats_per_ph_day(double difficulty, std::int64_t reward_sats_per_block) {
  if (!(difficulty > 0)) throw Error(exit_code::data, "network difficulty must be positive");
  const long double hashes = 86400.0L * 1e15L;
  return std::floor(hashes * static_cast<long double>(reward_sats_per_block) /
                    (static_cast<long double>(difficulty) * 4294967296.0L));
}
}  // namespace

std::int64_t hashprice_sats_per_ph_day(double difficulty, std::int64_t reward_sats_per_block) {
  const long double sats = sats_per_ph_day(difficulty, reward_sats_per_block);
  // A test network's minimum difficulty gives more than an int64 holds.
  if (sats >= 9.2e18L)
    throw Error(exit_code::data, "hashprice: difficulty " + std::to_string(difficulty) + " gives over 2^63 satoshis per PH/s a day");
  return static_cast<std::int64_t>(sats);
}

double hashprice_usd_per_ph_day(double difficulty, std::int64_t reward_sats_per_block, double btc_usd) {
  // Whole satoshis first, as the integer figure; a test network's is kept in long double.
  return static_cast<double>(sats_per_ph_day(difficulty, reward_sats_per_block) /
                             static_cast<long double>(sats_per_btc) * static_cast<long double>(btc_usd));
}

}  // namespace hs::bitcoin
