#pragma once
// The fetch archive (powerfeed fetch --archive FILE): a SQLite file that keeps every fetched
// window (source, product, scope such as a node, and one local market day), so a rerun fetches
// only the windows missing or not yet final, and a refetched window's changed values (market
// corrections) replace the old ones and are reported. Each window is written in one
// transaction: a run killed at any point leaves whole windows or none. Hashprice fetches keep
// their blocks (so only new blocks are read) and their snapshots here too. Without a file the same
// store lives in memory for one run.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "market/api/reply.hpp"
#include "market/bitcoin/hashprice.hpp"

struct sqlite3;

namespace hs::market::live {

struct WindowKey {
  std::string source, product, scope;
  std::string window;  // local market day, YYYY-MM-DD
};

// One stored value of any of the three record kinds. Its key: kind, a, b, market, start,
// published and minutes (ENTSO-E may send an hourly and a 15-minute series of one zone).
struct Item {
  enum Kind { price = 0, as_price = 1, load_forecast = 2 };
  int kind = price;
  UtcTime start{};
  int minutes = 0;
  std::string iso, market;
  std::string a, b;  // price: node, node_type; as_price: product, area; load_forecast: area, model
  double value = 0;
  std::string currency;
  std::optional<UtcTime> published;
  std::string origin;  // the record's source (a URL without credentials)
};
std::vector<Item> items_of(const api::Reply& reply);

struct StoreReport {
  std::size_t rows = 0, added = 0, revised = 0, removed = 0;
  std::vector<std::string> revisions;  // one line per changed value: what, old -> new
};

class Archive {
 public:
  explicit Archive(const std::string& path);  // empty: in memory
  ~Archive();
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  // The window is stored and was final (fetched after it had ended).
  bool has_final(const WindowKey& k) const;
  bool has(const WindowKey& k) const;
  // Replaces the window's rows with items in one transaction; changed values are revisions,
  // rows no longer served are removed.
  StoreReport store(const WindowKey& k, const std::vector<Item>& items, const std::string& origin, bool final,
                    UtcTime fetched_at);
  // Every row of the windows [from, to) of (source, product, scope), by start then series.
  void load(const std::string& source, const std::string& product, const std::string& scope,
            const std::string& from, const std::string& to, const std::function<void(const Item&)>& out) const;
  const std::string& path() const { return path_; }

  // Blocks read for hashprice fees, by chain and height (a block deep enough is read once).
  std::optional<bitcoin::BlockReward> block(const std::string& chain, std::int64_t height) const;
  void store_blocks(const std::string& chain, const std::vector<bitcoin::BlockReward>& blocks);
  // Hashprice snapshots, by source (bitcoind, mempool) and time; one transaction each.
  void store_snapshot(const std::string& source, const bitcoin::Snapshot& s);
  // The snapshots of source taken in [from, to), oldest first.
  void load_snapshots(const std::string& source, UtcTime from, UtcTime to,
                      const std::function<void(const bitcoin::Snapshot&)>& out) const;

 private:
  void exec(const char* sql) const;
  std::string path_;
  sqlite3* db_ = nullptr;
};

}  // namespace hs::market::live
