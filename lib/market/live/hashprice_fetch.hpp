#pragma once
// powerfeed fetch bitcoind|mempool: a hashprice snapshot from the Bitcoin network. The chain
// (tip, difficulty, each recent block's subsidy and fees) comes from a Bitcoin Core node over
// JSON-RPC or from a mempool.space-compatible REST API; the BTC/USD price from public exchange
// tickers (and/or mempool's /api/v1/prices), the median of those that answer. Blocks deeper
// than refresh_blocks are read once and kept in the archive; each snapshot is kept there too.
#include <string>
#include <vector>

#include "core/credentials.hpp"
#include "market/fetch.hpp"
#include "market/live/archive.hpp"

namespace hs::market::live {

struct HashpricePlan {
  std::string source;                      // bitcoind or mempool
  std::string base_url;                    // empty: POWERFEED_<SOURCE>_BASE_URL, else the default
  std::vector<std::string> price_sources;  // coinbase, kraken, bitstamp, mempool
  int blocks = 144;                        // fees are the mean over this many blocks (a day)
  int refresh_blocks = 6;                  // the newest blocks are read again each time (reorgs)
  std::string cookie_file;                 // bitcoind: --rpc-cookie
  FetchOptions http;
  int rate_per_minute = -1;                // -1: each API's own limit; 0: none
  double max_spread = 0.02;                // exchanges further apart than this are warned about
};

struct HashpriceFetch {
  bitcoin::Snapshot snapshot;
  std::size_t requests = 0, blocks_read = 0, blocks_archived = 0;
  std::vector<std::string> failed_prices;  // price sources that did not answer, with why
};

// The price sources powerfeed knows, in the order they are listed.
const std::vector<std::string>& price_source_names();

// Takes one snapshot at `now` and stores it (and the blocks read) in the archive. A node or API
// that fails is Error(69) (77 for refused credentials); a price source that fails is warned
// about while another answers.
HashpriceFetch fetch_hashprice(const HashpricePlan& plan, const Credentials& creds, Archive& archive, UtcTime now);

}  // namespace hs::market::live
