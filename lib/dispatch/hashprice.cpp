#include "dispatch/hashprice.hpp"

#include <cmath>

#include "core/error.hpp"

namespace hs::dispatch {

std::int64_t block_subsidy_sats(std::int64_t height) {
  if (height < 0) throw Error(exit_code::data, "block height must not be negative");
  const std::int64_t halvings = height / 210'000;
  if (halvings >= 64) return 0;
  return (50 * sats_per_btc) >> halvings;
}

std::int64_t hashprice_sats_per_ph_day(double difficulty, std::int64_t reward_sats_per_block) {
  if (!(difficulty > 0)) throw Error(exit_code::data, "network difficulty must be positive");
  // Each hash finds a block with probability 1 / (difficulty x 2^32).
  const long double hashes = 86400.0L * 1e15L;
  const long double sats = hashes * static_cast<long double>(reward_sats_per_block) /
                           (static_cast<long double>(difficulty) * 4294967296.0L);
  return static_cast<std::int64_t>(std::floor(sats));
}

double hashprice_usd_per_ph_day(double difficulty, std::int64_t reward_sats_per_block, double btc_usd) {
  return static_cast<double>(hashprice_sats_per_ph_day(difficulty, reward_sats_per_block)) /
         static_cast<double>(sats_per_btc) * btc_usd;
}

}  // namespace hs::dispatch
