#pragma once
// Bitcoin's issuance schedule, in integer satoshis as consensus computes it.
#include <cstdint>

namespace hs::finance {

inline constexpr std::int64_t sats_per_btc = 100'000'000;
inline constexpr std::int64_t halving_interval = 210'000;

// Block subsidy at a height: 50 BTC shifted right once per 210,000 blocks (consensus rule
// GetBlockSubsidy); zero once the shift reaches 64.
std::int64_t block_subsidy_sats(std::int64_t height);

// Sum of subsidies of blocks [height, height + count), exact across halvings.
std::int64_t subsidy_sum_sats(std::int64_t height, std::int64_t count);

}  // namespace hs::finance
