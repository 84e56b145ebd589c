#pragma once
// A hashprice snapshot: what one PH/s earns per day now, from the network's difficulty at the
// tip, the tip's subsidy, the mean fees per block over the last N blocks and the BTC/USD price
// (the median of the exchanges that answered). Written as a `hashprice` record, which allocate
// reads wherever it reads a hashprice file.
#include <cstdint>
#include <string>
#include <vector>

#include "core/record.hpp"
#include "core/time.hpp"
#include "market/bitcoin/replies.hpp"

namespace hs::market::bitcoin {

struct Snapshot {
  UtcTime valid_from{};         // when it was taken (the fetch time)
  std::string chain;            // main, regtest, ...
  std::int64_t block_height = 0;  // the tip
  std::string block_hash;
  double difficulty = 0;
  std::int64_t subsidy_sats = 0;   // the tip's
  std::int64_t fees_sats = 0;      // mean over `blocks`, floored to whole satoshis
  int blocks = 0;
  double btc_usd = 0;
  double hashprice_usd_per_ph_day = 0;
  std::string sources;  // where each part came from: "bitcoind URL; coinbase 73367.8; kraken ..."
};

// Median of the quotes (the mean of the middle two for an even count). None: Error(69).
double median_price(const std::vector<PriceQuote>& quotes);

// The snapshot of `blocks` (newest first, the tip first) and the quotes. The tip's difficulty
// is tip.difficulty. Blocks missing or out of order are Error(65) naming the height.
Snapshot make_snapshot(UtcTime at, const ChainTip& tip, const std::vector<BlockReward>& blocks,
                       const std::vector<PriceQuote>& quotes, const std::string& network_source);

// The record's cells, in the order of records/allocate.cpp's `hashprice`.
std::vector<Cell> snapshot_cells(const Snapshot& s);

}  // namespace hs::market::bitcoin
