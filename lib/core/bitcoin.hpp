#pragma once
// Bitcoin's issuance schedule and hashprice, in integer satoshis as consensus computes them;
// defined once for the tools that need them (powerfeed's hashprice fetch, allocate's mining
// revenue, leasecalc's mining model).
#include <cstdint>

namespace hs::bitcoin {

inline constexpr std::int64_t sats_per_btc = 100'000'000;
inline constexpr std::int64_t halving_interval = 210'000;

// Block subsidy at a height: 50 BTC shifted right once per 210,000 blocks (GetBlockSubsidy in
// Bitcoin Core); zero once the shift reaches 64. A negative height is an Error(65).
std::int64_t block_subsidy_sats(std::int64_t height);

// Sum of the subsidies of blocks [height, height + count), exact across halvings.
std::int64_t subsidy_sum_sats(std::int64_t height, std::int64_t count);

// Expected satoshis per PH/s per day: 86400 s x 1e15 H/s x reward / (difficulty x 2^32),
// floored to whole satoshis.
std::int64_t hashprice_sats_per_ph_day(double difficulty, std::int64_t reward_sats_per_block);

// The same in USD at a BTC price.
double hashprice_usd_per_ph_day(double difficulty, std::int64_t reward_sats_per_block, double btc_usd);

}  // namespace hs::bitcoin
