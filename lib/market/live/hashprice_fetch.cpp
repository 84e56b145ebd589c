#include "market/live/hashprice_fetch.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "core/cli.hpp"
#include "core/error.hpp"
#include "core/parse.hpp"
#include "market/bitcoin/replies.hpp"
#include "market/live/fetcher.hpp"
#include "market/live/rate_limit.hpp"

namespace hs::market::live {

namespace {

namespace btc = hs::market::bitcoin;

// Each API's default base URL and request limit. Coinbase Exchange documents 10 public
// requests a second per IP, Kraken's public endpoints about one a second, Bitstamp 400 a
// second; mempool.space publishes no figure, so one a second; a local node has none.
struct Api {
  const char* name;
  const char* base;
  int per_minute;
};
const Api* find_api(const std::string& name) {
  static const Api apis[] = {
      {"bitcoind", "http://127.0.0.1:8332", 0},
      {"mempool", "https://mempool.space", 60},
      {"coinbase", "https://api.exchange.coinbase.com", 600},
      {"kraken", "https://api.kraken.com", 60},
      {"bitstamp", "https://www.bitstamp.net", 600},
  };
  for (const auto& a : apis)
    if (name == a.name) return &a;
  return nullptr;
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string trim_slash(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

// One API's requests: its base URL, its limit, the count.
class Client {
 public:
  Client(const std::string& name, const std::string& given_base, const HashpricePlan& plan, std::size_t& requests)
      : api_(find_api(name)),
        base_(trim_slash(env_or("POWERFEED_" + upper(name) + "_BASE_URL", given_base, api_->base))),
        limiter_(plan.rate_per_minute >= 0 ? plan.rate_per_minute : api_->per_minute),
        http_(plan.http),
        requests_(requests) {}
  const std::string& base() const { return base_; }
  std::string get(const std::string& path, std::string& what) {
    HttpRequest req;
    req.url = base_ + path;
    req.headers = {"Accept: application/json"};
    return send(std::move(req), what);
  }
  std::string send(HttpRequest req, std::string& what) {
    what = redact_url(req.url);
    if (double w = limiter_.acquire(); w >= 1)
      note("waited " + std::to_string(static_cast<int>(w + 0.5)) + " s for " + api_->name + "'s request limit");
    ++requests_;
    return http_fetch(req, http_).body;
  }

 private:
  const Api* api_;
  std::string base_;
  RateLimiter limiter_;
  FetchOptions http_;
  std::size_t& requests_;
};

// Bitcoin Core's JSON-RPC: user and password from BITCOIND_RPCUSER/BITCOIND_RPCPASSWORD or the
// credentials file's [bitcoind], else the node's cookie file (--rpc-cookie, [bitcoind]
// cookie_file, or ~/.bitcoin/.cookie), which like the credentials file must be the owner's alone.
std::string rpc_auth(const HashpricePlan& plan, const Credentials& creds) {
  auto user = creds.get("bitcoind", "rpcuser", "BITCOIND_RPCUSER");
  auto pass = creds.get("bitcoind", "rpcpassword", "BITCOIND_RPCPASSWORD");
  if (user && pass) return base64(*user + ":" + *pass);
  std::string cookie = plan.cookie_file;
  if (cookie.empty()) cookie = creds.get("bitcoind", "cookie_file", "BITCOIND_COOKIE_FILE").value_or("");
  if (cookie.empty())
    if (const char* home = std::getenv("HOME"); home && std::filesystem::exists(std::string(home) + "/.bitcoin/.cookie"))
      cookie = std::string(home) + "/.bitcoin/.cookie";
  if (cookie.empty())
    throw_usage("fetch bitcoind: no RPC credentials: set BITCOIND_RPCUSER and BITCOIND_RPCPASSWORD (or [bitcoind] "
                "rpcuser, rpcpassword in the credentials file), or give the node's cookie file with --rpc-cookie");
  check_private_file(cookie);
  std::ifstream in(cookie);
  std::string line;
  if (!in || !std::getline(in, line) || line.find(':') == std::string::npos)
    throw Error(exit_code::data, cookie + ": expected the node's cookie, USER:PASSWORD on one line");
  return base64(line);
}

class Node {
 public:
  Node(const HashpricePlan& plan, const Credentials& creds, std::size_t& requests)
      : client_("bitcoind", plan.base_url, plan, requests), auth_(rpc_auth(plan, creds)) {}
  std::string source() const { return "bitcoind " + redact_url(client_.base()); }
  btc::ChainTip tip() {
    std::string what;
    auto body = call("getblockchaininfo", "[]", what);
    return btc::parse_blockchaininfo(body, what);
  }
  btc::BlockReward stats(std::int64_t height) {
    std::string what;
    auto body = call("getblockstats",
                     "[" + std::to_string(height) + R"(,["height","blockhash","time","subsidy","totalfee"]])", what);
    auto b = btc::parse_blockstats(body, what);
    if (b.height != height)
      throw Error(exit_code::data, what + ": getblockstats " + std::to_string(height) + " answered height " +
                                       std::to_string(b.height));
    return b;
  }

 private:
  std::string call(const std::string& method, const std::string& params, std::string& what) {
    HttpRequest req;
    req.url = client_.base() + "/";
    req.headers = {"Authorization: Basic " + auth_};
    req.form = btc::rpc_body(method, params, ++id_);
    req.content_type = "application/json";
    req.json_rpc = true;
    req.auth_hint = "the node refused the RPC credentials (BITCOIND_RPCUSER/BITCOIND_RPCPASSWORD, or --rpc-cookie)";
    try {
      return client_.send(std::move(req), what);
    } catch (const Error& e) {
      throw Error(e.code(), e.what() + std::string(" (") + method + ")");
    }
  }
  Client client_;
  std::string auth_;
  int id_ = 0;
};

std::string chain_of_mempool(const std::string& base) {
  for (const char* net : {"testnet4", "testnet", "signet"})
    if (base.find(std::string("/") + net) != std::string::npos) return net;
  return "main";
}

btc::PriceQuote quote(const std::string& name, const HashpricePlan& plan, std::size_t& requests) {
  Client c(name, name == plan.source ? plan.base_url : "", plan, requests);
  std::string what;
  if (name == "coinbase") return btc::parse_coinbase_ticker(c.get("/products/BTC-USD/ticker", what), what);
  if (name == "kraken") return btc::parse_kraken_ticker(c.get("/0/public/Ticker?pair=XBTUSD", what), what);
  if (name == "bitstamp") return btc::parse_bitstamp_ticker(c.get("/api/v2/ticker/btcusd/", what), what);
  return btc::parse_mempool_prices(c.get("/api/v1/prices", what), what);
}

}  // namespace

const std::vector<std::string>& price_source_names() {
  static const std::vector<std::string> names = {"coinbase", "kraken", "bitstamp", "mempool"};
  return names;
}

HashpriceFetch fetch_hashprice(const HashpricePlan& plan, const Credentials& creds, Archive& archive, UtcTime now) {
  if (plan.blocks < 1 || plan.blocks > 2016) throw_usage("--blocks: expected 1 to 2016 blocks");
  for (const auto& p : plan.price_sources)
    if (std::find(price_source_names().begin(), price_source_names().end(), p) == price_source_names().end())
      throw_usage("--btc-usd: unknown price source \"" + p + "\" (coinbase, kraken, bitstamp, mempool)");
  if (plan.price_sources.empty()) throw_usage("--btc-usd: give at least one price source");
  HashpriceFetch out;
  btc::ChainTip tip;
  std::vector<btc::BlockReward> blocks;  // newest first
  std::vector<btc::BlockReward> fresh;   // read now, to archive
  std::string chain, network;
  // Blocks deeper than refresh_blocks below the tip come from the archive when it has them.
  const auto archived = [&](std::int64_t h) -> std::optional<btc::BlockReward> {
    if (tip.height - h < plan.refresh_blocks) return std::nullopt;
    return archive.block(chain, h);
  };
  if (plan.source == "bitcoind") {
    Node node(plan, creds, out.requests);
    network = node.source();
    progress("fetch bitcoind: chain tip");
    tip = node.tip();
    chain = tip.chain;
    for (std::int64_t i = 0; i < plan.blocks && tip.height - i >= 0; ++i) {
      const std::int64_t h = tip.height - i;
      if (auto b = archived(h)) {
        blocks.push_back(*b), ++out.blocks_archived;
        continue;
      }
      if (interrupted()) throw Error(exit_code::interrupted, "fetch: interrupted; nothing written");
      progress("fetch bitcoind: block " + std::to_string(h));
      fresh.push_back(node.stats(h));
      blocks.push_back(fresh.back());
    }
    progress_done();
  } else if (plan.source == "mempool") {
    Client c("mempool", plan.base_url, plan, out.requests);
    network = "mempool " + redact_url(c.base());
    chain = chain_of_mempool(c.base());
    std::string what;
    std::map<std::int64_t, btc::BlockReward> got;
    auto page = btc::parse_mempool_blocks(c.get("/api/v1/blocks", what), what);
    if (page.empty()) throw Error(exit_code::data, what + ": no blocks");
    tip.chain = chain, tip.height = page.front().height, tip.hash = page.front().hash;
    tip.difficulty = page.front().difficulty.value_or(0);
    if (!(tip.difficulty > 0)) throw Error(exit_code::data, what + ": [0].difficulty: expected a positive difficulty");
    for (auto& b : page) got.emplace(b.height, b), fresh.push_back(b);
    for (std::int64_t i = 0; i < plan.blocks && tip.height - i >= 0; ++i) {
      const std::int64_t h = tip.height - i;
      if (!got.count(h)) {
        if (auto b = archived(h)) {
          got.emplace(h, *b), ++out.blocks_archived;
        } else {
          // A page of up to 15 blocks from h down.
          auto more = btc::parse_mempool_blocks(c.get("/api/v1/blocks/" + std::to_string(h), what), what);
          if (more.empty() || more.front().height != h)
            throw Error(exit_code::data, what + ": expected the blocks from height " + std::to_string(h) + " down");
          for (auto& m : more) got.emplace(m.height, m), fresh.push_back(m);
        }
      }
      blocks.push_back(got.at(h));
    }
  } else {
    throw_usage("fetch: unknown hashprice source \"" + plan.source + "\" (bitcoind, mempool)");
  }
  out.blocks_read = fresh.size();
  std::vector<btc::PriceQuote> quotes;
  for (const auto& p : plan.price_sources) {
    try {
      quotes.push_back(quote(p, plan, out.requests));
    } catch (const Error& e) {
      if (e.code() == exit_code::interrupted) throw;
      out.failed_prices.push_back(e.what());
      warn(std::string("BTC/USD from ") + p + " failed: " + e.what());
    }
  }
  if (quotes.empty())
    throw Error(exit_code::unavailable, "fetch " + plan.source + ": no BTC/USD price: every price source failed");
  if (quotes.size() > 1) {
    auto [lo, hi] = std::minmax_element(quotes.begin(), quotes.end(),
                                        [](const auto& a, const auto& b) { return a.btc_usd < b.btc_usd; });
    if (hi->btc_usd > lo->btc_usd * (1 + plan.max_spread))
      warn("BTC/USD prices disagree: " + lo->source + " " + format_double(lo->btc_usd) + ", " + hi->source + " " +
           format_double(hi->btc_usd) + " (over " + format_double(plan.max_spread * 100) + "% apart); the median is used");
  }
  out.snapshot = btc::make_snapshot(now, tip, blocks, quotes, network);
  archive.store_blocks(chain, fresh);
  archive.store_snapshot(plan.source, out.snapshot);
  return out;
}

}  // namespace hs::market::live
