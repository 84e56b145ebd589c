#include "market/bitcoin/replies.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/parse.hpp"
#include "core/time.hpp"

namespace hs::market::bitcoin {

namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& what, const std::string& member, const std::string& expected) {
  throw Error(exit_code::data, what + ": " + member + ": expected " + expected);
}

json parse_json(std::string_view body, const std::string& what) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded()) {
    std::string head(body.substr(0, 60));
    for (char& c : head)
      if (c == '\n' || c == '\r') c = ' ';
    throw Error(exit_code::data, what + ": not JSON (" + std::to_string(body.size()) + " bytes, starting \"" + head + "\")");
  }
  return j;
}

const json& member(const json& j, const char* key, const std::string& path, const std::string& what) {
  if (!j.is_object() || !j.contains(key)) bad(what, path + key, "a member \"" + std::string(key) + "\"");
  return j.at(key);
}

std::int64_t whole(const json& j, const char* key, const std::string& path, const std::string& what) {
  const json& v = member(j, key, path, what);
  if (v.is_number_integer()) return v.get<std::int64_t>();
  bad(what, path + key, "a whole number, got " + v.dump());
}

double number(const json& j, const char* key, const std::string& path, const std::string& what) {
  const json& v = member(j, key, path, what);
  if (v.is_number() && std::isfinite(v.get<double>())) return v.get<double>();
  bad(what, path + key, "a number, got " + v.dump());
}

// Exchanges send prices as decimal strings ("73367.8"); a number is taken too.
double price_text(const json& v, const std::string& member_path, const std::string& what) {
  std::optional<double> p;
  if (v.is_string()) p = try_parse_double(v.get<std::string>());
  else if (v.is_number()) p = v.get<double>();
  if (!p || !std::isfinite(*p) || *p <= 0) bad(what, member_path, "a positive price, got " + v.dump());
  return *p;
}

// The result of a JSON-RPC reply; an error member is Error(69) with the node's code and message
// (a node still loading its block index answers -28, which passes with time).
const json& rpc_result(const json& j, const std::string& what) {
  if (!j.is_object()) bad(what, "reply", "a JSON-RPC reply object");
  if (j.contains("error") && !j.at("error").is_null()) {
    const json& e = j.at("error");
    std::string msg = e.is_object() && e.contains("message") && e.at("message").is_string()
                          ? e.at("message").get<std::string>()
                          : e.dump();
    std::string code = e.is_object() && e.contains("code") ? e.at("code").dump() : "?";
    throw Error(exit_code::unavailable, what + ": the node answered error " + code + ": " + msg);
  }
  return member(j, "result", "", what);
}

}  // namespace

std::string rpc_body(const std::string& method, const std::string& params_json, int id) {
  return R"({"jsonrpc":"1.0","id":)" + std::to_string(id) + R"(,"method":")" + method + R"(","params":)" +
         params_json + "}";
}

ChainTip parse_blockchaininfo(std::string_view body, const std::string& what) {
  const json j = parse_json(body, what);
  const json& r = rpc_result(j, what);
  ChainTip t;
  const json& chain = member(r, "chain", "result.", what);
  if (!chain.is_string()) bad(what, "result.chain", "a string");
  t.chain = chain.get<std::string>();
  t.height = whole(r, "blocks", "result.", what);
  const json& hash = member(r, "bestblockhash", "result.", what);
  if (!hash.is_string()) bad(what, "result.bestblockhash", "a string");
  t.hash = hash.get<std::string>();
  t.difficulty = number(r, "difficulty", "result.", what);
  if (!(t.difficulty > 0)) bad(what, "result.difficulty", "a positive difficulty");
  if (t.height < 0) bad(what, "result.blocks", "a height of at least 0");
  return t;
}

BlockReward parse_blockstats(std::string_view body, const std::string& what) {
  const json j = parse_json(body, what);
  const json& r = rpc_result(j, what);
  BlockReward b;
  b.height = whole(r, "height", "result.", what);
  const json& hash = member(r, "blockhash", "result.", what);
  if (!hash.is_string()) bad(what, "result.blockhash", "a string");
  b.hash = hash.get<std::string>();
  b.time = whole(r, "time", "result.", what);
  b.subsidy_sats = whole(r, "subsidy", "result.", what);
  b.fees_sats = whole(r, "totalfee", "result.", what);
  if (b.subsidy_sats < 0 || b.fees_sats < 0) bad(what, "result.subsidy/totalfee", "satoshis of at least 0");
  return b;
}

std::vector<BlockReward> parse_mempool_blocks(std::string_view body, const std::string& what) {
  const json j = parse_json(body, what);
  if (!j.is_array()) bad(what, "reply", "an array of blocks");
  std::vector<BlockReward> out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const json& e = j[i];
    const std::string at = "[" + std::to_string(i) + "].";
    BlockReward b;
    b.height = whole(e, "height", at, what);
    const json& id = member(e, "id", at, what);
    if (!id.is_string()) bad(what, at + "id", "a block hash");
    b.hash = id.get<std::string>();
    b.time = whole(e, "timestamp", at, what);
    b.difficulty = number(e, "difficulty", at, what);
    const json& x = member(e, "extras", at, what);
    const std::int64_t reward = whole(x, "reward", at + "extras.", what);
    b.fees_sats = whole(x, "totalFees", at + "extras.", what);
    b.subsidy_sats = reward - b.fees_sats;
    if (b.fees_sats < 0 || b.subsidy_sats < 0) bad(what, at + "extras.reward", "a reward of at least its totalFees");
    out.push_back(std::move(b));
  }
  return out;
}

PriceQuote parse_mempool_prices(std::string_view body, const std::string& what) {
  const json j = parse_json(body, what);
  PriceQuote q;
  q.source = "mempool";
  q.btc_usd = price_text(member(j, "USD", "", what), "USD", what);
  q.time = whole(j, "time", "", what);
  return q;
}

PriceQuote parse_coinbase_ticker(std::string_view body, const std::string& what) {
  const json j = parse_json(body, what);
  if (j.is_object() && j.contains("message") && !j.contains("price"))
    throw Error(exit_code::unavailable, what + ": Coinbase answered: " + j.at("message").dump());
  PriceQuote q;
  q.source = "coinbase";
  q.btc_usd = price_text(member(j, "price", "", what), "price", what);
  if (j.contains("time") && j.at("time").is_string())
    if (auto t = try_parse_iso8601(j.at("time").get<std::string>()))
      q.time = std::chrono::duration_cast<std::chrono::seconds>(t->time_since_epoch()).count();
  return q;
}

PriceQuote parse_kraken_ticker(std::string_view body, const std::string& what) {
  const json j = parse_json(body, what);
  const json& err = member(j, "error", "", what);
  if (err.is_array() && !err.empty()) throw Error(exit_code::unavailable, what + ": Kraken answered: " + err.dump());
  const json& r = member(j, "result", "", what);
  if (!r.is_object() || r.size() != 1) bad(what, "result", "one pair's ticker");
  // The pair's name as Kraken spells it (XXBTZUSD): the one key of result. (No structured
  // binding over items() here: its proxy is a temporary, gone before the binding is read.)
  const auto first = r.begin();
  const std::string pair = first.key();
  const json& c = member(first.value(), "c", "result." + pair + ".", what);
  if (!c.is_array() || c.empty()) bad(what, "result." + pair + ".c", "[last trade price, lot volume]");
  PriceQuote q;
  q.source = "kraken";
  q.btc_usd = price_text(c[0], "result." + pair + ".c[0]", what);
  return q;
}

PriceQuote parse_bitstamp_ticker(std::string_view body, const std::string& what) {
  const json j = parse_json(body, what);
  PriceQuote q;
  q.source = "bitstamp";
  q.btc_usd = price_text(member(j, "last", "", what), "last", what);
  if (j.contains("timestamp")) {
    const json& ts = j.at("timestamp");
    if (ts.is_string()) q.time = try_parse_int64(ts.get<std::string>());
    else if (ts.is_number_integer()) q.time = ts.get<std::int64_t>();
  }
  return q;
}

}  // namespace hs::market::bitcoin
