#pragma once
// Replies of the sources powerfeed fetch reads hashprice from, parsed into what the hashprice
// needs: Bitcoin Core's JSON-RPC (getblockchaininfo, getblockstats), a mempool.space-compatible
// REST API (/api/v1/blocks, /api/v1/prices) and the BTC/USD tickers of public exchange APIs
// (Coinbase Exchange, Kraken, Bitstamp). A reply that is not the documented shape is Error(65)
// naming `what` (the URL without credentials) and the member that is wrong.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hs::market::bitcoin {

struct ChainTip {
  std::string chain;       // main, test, testnet4, signet, regtest
  std::int64_t height = 0;
  std::string hash;
  double difficulty = 0;
};

// One block's reward, as the hashprice needs it.
struct BlockReward {
  std::int64_t height = 0;
  std::string hash;
  std::int64_t time = 0;           // header time, Unix seconds
  std::int64_t subsidy_sats = 0;
  std::int64_t fees_sats = 0;
  std::optional<double> difficulty;  // mempool gives it per block; getblockstats does not
};

struct PriceQuote {
  std::string source;                 // coinbase, kraken, bitstamp, mempool
  double btc_usd = 0;
  std::optional<std::int64_t> time;   // Unix seconds, where the reply says
};

// A JSON-RPC 1.0/2.0 request body, as bitcoin-cli sends it; params a JSON array text.
std::string rpc_body(const std::string& method, const std::string& params_json, int id);
// getblockchaininfo's result.
ChainTip parse_blockchaininfo(std::string_view body, const std::string& what);
// getblockstats' result (at least height, blockhash, time, subsidy, totalfee).
BlockReward parse_blockstats(std::string_view body, const std::string& what);

// GET /api/v1/blocks[/:height]: up to 15 blocks, newest first, each with extras.reward and
// extras.totalFees (subsidy = reward - totalFees).
std::vector<BlockReward> parse_mempool_blocks(std::string_view body, const std::string& what);
// GET /api/v1/prices: {"time": ..., "USD": ...}.
PriceQuote parse_mempool_prices(std::string_view body, const std::string& what);

// GET /products/BTC-USD/ticker (Coinbase Exchange): "price" as a string.
PriceQuote parse_coinbase_ticker(std::string_view body, const std::string& what);
// GET /0/public/Ticker?pair=XBTUSD (Kraken): result.<pair>.c[0], the last trade; a non-empty
// "error" array is Error(69) with Kraken's words.
PriceQuote parse_kraken_ticker(std::string_view body, const std::string& what);
// GET /api/v2/ticker/btcusd/ (Bitstamp): "last" and "timestamp" as strings.
PriceQuote parse_bitstamp_ticker(std::string_view body, const std::string& what);

}  // namespace hs::market::bitcoin
