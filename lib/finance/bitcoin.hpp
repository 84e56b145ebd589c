#pragma once
// Bitcoin's issuance schedule, in integer satoshis as consensus computes it (core/bitcoin.hpp).
#include "core/bitcoin.hpp"

namespace hs::finance {

using hs::bitcoin::block_subsidy_sats;
using hs::bitcoin::halving_interval;
using hs::bitcoin::sats_per_btc;
using hs::bitcoin::subsidy_sum_sats;

}  // namespace hs::finance
