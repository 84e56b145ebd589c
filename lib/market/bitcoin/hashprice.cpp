#include "market/bitcoin/hashprice.hpp"

#include <algorithm>

#include "core/bitcoin.hpp"
#include "core/error.hpp"
#include "core/parse.hpp"

namespace hs::market::bitcoin {

double median_price(const std::vector<PriceQuote>& quotes) {
  if (quotes.empty()) throw Error(exit_code::unavailable, "hashprice: no BTC/USD price: every price source failed");
  std::vector<double> p;
  for (const auto& q : quotes) p.push_back(q.btc_usd);
  std::sort(p.begin(), p.end());
  const std::size_t n = p.size();
  return n % 2 ? p[n / 2] : (p[n / 2 - 1] + p[n / 2]) / 2;
}

Snapshot make_snapshot(UtcTime at, const ChainTip& tip, const std::vector<BlockReward>& blocks,
                       const std::vector<PriceQuote>& quotes, const std::string& network_source) {
  if (blocks.empty()) throw Error(exit_code::data, "hashprice: no blocks to take fees from");
  if (blocks.front().height != tip.height)
    throw Error(exit_code::data, "hashprice: the newest block read is " + std::to_string(blocks.front().height) +
                                     ", not the tip " + std::to_string(tip.height));
  Snapshot s;
  s.valid_from = at;
  s.chain = tip.chain;
  s.block_height = tip.height;
  s.block_hash = tip.hash;
  s.difficulty = tip.difficulty;
  s.subsidy_sats = blocks.front().subsidy_sats;
  std::int64_t fees = 0;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    if (blocks[i].height != tip.height - static_cast<std::int64_t>(i))
      throw Error(exit_code::data, "hashprice: block " + std::to_string(tip.height - static_cast<std::int64_t>(i)) +
                                       " missing (read " + std::to_string(blocks[i].height) + " in its place)");
    fees += blocks[i].fees_sats;
  }
  s.blocks = static_cast<int>(blocks.size());
  s.fees_sats = fees / static_cast<std::int64_t>(blocks.size());
  s.btc_usd = median_price(quotes);
  s.hashprice_usd_per_ph_day = hs::bitcoin::hashprice_usd_per_ph_day(s.difficulty, s.subsidy_sats + s.fees_sats, s.btc_usd);
  s.sources = network_source;
  for (const auto& q : quotes) s.sources += "; " + q.source + " " + format_double(q.btc_usd);
  return s;
}

std::vector<Cell> snapshot_cells(const Snapshot& s) {
  const auto btc = [](std::int64_t sats) {
    return static_cast<double>(sats) / static_cast<double>(hs::bitcoin::sats_per_btc);
  };
  return {s.valid_from,   s.hashprice_usd_per_ph_day,     s.btc_usd,  s.difficulty,
          s.block_height, btc(s.fees_sats),               btc(s.subsidy_sats),
          std::int64_t{s.blocks}, s.chain, s.sources};
}

}  // namespace hs::market::bitcoin
