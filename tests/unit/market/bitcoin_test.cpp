// The hashprice sources' replies, from the bytes real systems sent (../shared/data/bitcoin,
// provenance in its README): mempool.space's recorded init message (blocks 837043..837050 and
// its USD conversion), ccxt's recorded Coinbase Exchange ticker, Bitcoin Core's regtest
// getblockstats replies; and the snapshot's hashprice, worked by hand.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "core/bitcoin.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "market/bitcoin/hashprice.hpp"
#include "market/bitcoin/replies.hpp"
#include "shared_data.hpp"

using namespace hs::market::bitcoin;
using nlohmann::json;

namespace {

json recording(const std::string& name) {
  return json::parse(hs::read_whole_file(hs::test::shared_data("bitcoin/" + name)));
}

// The mempool init message's `blocks` (the items /api/v1/blocks sends), newest first as the API sends them.
std::string mempool_blocks() {
  json blocks = recording("mempool__mainnet_mempoolInfo.json").at("blocks");
  std::reverse(blocks.begin(), blocks.end());
  return blocks.dump();
}

int code_of(const std::function<void()>& f, std::string& message) {
  try {
    f();
  } catch (const hs::Error& e) {
    message = e.what();
    return e.code();
  }
  return 0;
}

}  // namespace

TEST_CASE("mempool.space blocks: reward less fees is the subsidy, difficulty per block") {
  auto blocks = parse_mempool_blocks(mempool_blocks(), "blocks");
  REQUIRE(blocks.size() == 8);
  CHECK(blocks.front().height == 837050);
  CHECK(blocks.back().height == 837043);
  CHECK(blocks.back().hash == "0000000000000000000200e0829f5dd72b02401660837bf67379f6a7adf4d8c9");
  CHECK(blocks.back().time == 1711850338);
  CHECK(blocks.back().fees_sats == 10081690);   // extras.totalFees
  CHECK(blocks.back().subsidy_sats == 625000000);  // 635081690 - 10081690: 6.25 BTC before the 2024 halving
  CHECK(*blocks.back().difficulty == 83126997340024.61);
  for (const auto& b : blocks) CHECK(b.subsidy_sats == hs::bitcoin::block_subsidy_sats(b.height));
}

TEST_CASE("mempool.space prices and the Coinbase Exchange ticker") {
  auto conv = recording("mempool__mainnet_mempoolInfo.json").at("conversions").dump();
  auto q = parse_mempool_prices(conv, "prices");
  CHECK(q.btc_usd == 69880);
  CHECK(*q.time == 1711854906);
  auto ticker = recording("ccxt__coinbaseexchange.json").at("methods").at("fetchTicker").at(0).at("httpResponse").dump();
  auto c = parse_coinbase_ticker(ticker, "ticker");
  CHECK(c.btc_usd == 73367.8);                // a price sent as the string "73367.8"
  CHECK(*c.time == 1710328241);               // 2024-03-13T11:10:41.270099Z
}

TEST_CASE("Bitcoin Core getblockstats (regtest) inside its JSON-RPC envelope") {
  const json stats = recording("bitcoincore__rpc_getblockstats_regtest.json").at("stats");
  const json reply = {{"result", stats.at(2)}, {"error", nullptr}, {"id", 3}};
  auto b = parse_blockstats(reply.dump(), "node");
  CHECK(b.height == 103);
  CHECK(b.fees_sats == 56860);  // 3740 + 49800 + 3320
  CHECK(b.subsidy_sats == 5000000000);
  CHECK(b.time == 1536411754);
  CHECK(b.hash == "4ac7022a3f15b93d437c1e22b8ab5e0c8c4dd7352a35dd0de4a39c33d2efccc0");
  std::string msg;
  const json err = {{"result", nullptr}, {"error", {{"code", -8}, {"message", "Block not found"}}}, {"id", 4}};
  CHECK(code_of([&] { parse_blockstats(err.dump(), "node"); }, msg) == hs::exit_code::unavailable);
  CHECK(msg == "node: the node answered error -8: Block not found");
  const json partial = {{"result", {{"height", 103}, {"blockhash", "ab"}, {"time", 1}, {"subsidy", 1}}}, {"error", nullptr}};
  CHECK(code_of([&] { parse_blockstats(partial.dump(), "node"); }, msg) == hs::exit_code::data);
  CHECK(msg == "node: result.totalfee: expected a member \"totalfee\"");
}

TEST_CASE("Kraken and Bitstamp tickers, from their documented shapes (no recording exists)") {
  auto k = parse_kraken_ticker(R"({"error":[],"result":{"XXBTZUSD":{"a":["69915.5","1","1.000"],"c":["69915.4","0.001"]}}})", "k");
  CHECK(k.btc_usd == 69915.4);
  std::string msg;
  CHECK(code_of([&] { parse_kraken_ticker(R"({"error":["EQuery:Unknown asset pair"]})", "k"); }, msg) ==
        hs::exit_code::unavailable);
  CHECK(msg == "k: Kraken answered: [\"EQuery:Unknown asset pair\"]");
  auto b = parse_bitstamp_ticker(R"({"timestamp":"1711854900","last":"69902","bid":"69901"})", "b");
  CHECK(b.btc_usd == 69902);
  CHECK(*b.time == 1711854900);
  CHECK(code_of([&] { parse_bitstamp_ticker(R"({"last":"-3"})", "b"); }, msg) == hs::exit_code::data);
  CHECK(code_of([&] { parse_coinbase_ticker("<html>busy</html>", "c"); }, msg) == hs::exit_code::data);
  CHECK(msg.rfind("c: not JSON (17 bytes", 0) == 0);
}

TEST_CASE("a snapshot of 2024-03-31: 154540 sat per PH/s a day, worked by hand") {
  auto blocks = parse_mempool_blocks(mempool_blocks(), "blocks");
  ChainTip tip{"main", 837050, blocks.front().hash, 83126997340024.61};
  const auto at = hs::make_utc(2024, 3, 31, 3, 15);
  auto s = make_snapshot(at, tip, blocks, {{"mempool", 69880, {}}}, "mempool test");
  // Fees 108814114 sat over 8 blocks: 13601764 a block (floored). Reward 625000000 + 13601764.
  CHECK(s.fees_sats == 13601764);
  CHECK(s.subsidy_sats == 625000000);
  // 86400 x 1e15 x 638601764 / (83126997340024.61 x 2^32) = 154540.35 -> 154540 sat.
  CHECK(hs::bitcoin::hashprice_sats_per_ph_day(s.difficulty, s.subsidy_sats + s.fees_sats) == 154540);
  CHECK(s.hashprice_usd_per_ph_day == Approx(0.00154540 * 69880).epsilon(1e-12));
  CHECK(s.sources == "mempool test; mempool 69880");
  // The median of three quotes, the mean of the middle two of four.
  CHECK(median_price({{"a", 3, {}}, {"b", 1, {}}, {"c", 2, {}}}) == 2);
  CHECK(median_price({{"a", 4, {}}, {"b", 1, {}}, {"c", 2, {}}, {"d", 3, {}}}) == 2.5);
  // A gap in the blocks is refused, naming the missing height.
  std::vector<BlockReward> gap = {blocks[0], blocks[2]};
  std::string msg;
  CHECK(code_of([&] { make_snapshot(at, tip, gap, {{"m", 1, {}}}, "x"); }, msg) == hs::exit_code::data);
  CHECK(msg == "hashprice: block 837049 missing (read 837048 in its place)");
}
