#pragma once
// Hashprice from the block reward: what one PH/s earns per day at a network difficulty.
// The subsidy follows Bitcoin's rule exactly, in integer satoshis: 50 BTC halved (a right
// shift) every 210,000 blocks, zero after 64 halvings.
#include <cstdint>

namespace hs::dispatch {

inline constexpr std::int64_t sats_per_btc = 100'000'000;

// Block subsidy at a height, satoshis (GetBlockSubsidy in Bitcoin Core).
std::int64_t block_subsidy_sats(std::int64_t height);

// Expected satoshis per PH/s per day: 86400 s x 1e15 H/s x reward / (difficulty x 2^32),
// floored to whole satoshis.
std::int64_t hashprice_sats_per_ph_day(double difficulty, std::int64_t reward_sats_per_block);

// The same in USD at a BTC price.
double hashprice_usd_per_ph_day(double difficulty, std::int64_t reward_sats_per_block, double btc_usd);

}  // namespace hs::dispatch
