#pragma once
// Hashprice from the block reward (core/bitcoin.hpp): what one PH/s earns per day at a network
// difficulty, with the subsidy by Bitcoin's halving rule in integer satoshis.
#include "core/bitcoin.hpp"

namespace hs::dispatch {

using hs::bitcoin::block_subsidy_sats;
using hs::bitcoin::hashprice_sats_per_ph_day;
using hs::bitcoin::hashprice_usd_per_ph_day;
using hs::bitcoin::sats_per_btc;

}  // namespace hs::dispatch
