#include "market/live/archive.hpp"

#include <sqlite3.h>

#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "core/error.hpp"
#include "core/sqlite.hpp"

namespace hs::market::live {

namespace {

constexpr std::int64_t no_publish = -1;  // published is part of the key: absent is -1, not NULL

// The archive's statements (core/sqlite.hpp): a busy database is exit 75, any other failure
// an I/O error naming the step.
class Stmt : public hs::sqlite::Statement {
 public:
  Stmt(sqlite3* db, const std::string& sql, const std::string& path)
      : Statement(db, sql, [&path](sqlite3* d, int, const char* step) {
          const int code = sqlite3_errcode(d);
          const int ec = code == SQLITE_BUSY || code == SQLITE_LOCKED ? exit_code::temp_fail : exit_code::io;
          throw Error(ec, path + ": archive " + step + ": " + sqlite3_errmsg(d));
        }) {}
};

std::string describe(const Item& it) {
  std::string s = it.iso + " " + it.market + " " + it.a;
  if (!it.b.empty()) s += " " + it.b;
  s += " " + format_iso8601_utc(it.start);
  if (it.published) s += " published " + format_iso8601_utc(*it.published);
  return s;
}

std::string number_text(double v) {
  std::ostringstream ss;
  ss.precision(15);
  ss << v;
  return ss.str();
}

}  // namespace

std::vector<Item> items_of(const api::Reply& reply) {
  std::vector<Item> out;
  out.reserve(reply.prices.size() + reply.as_prices.size() + reply.load_forecasts.size());
  for (const auto& r : reply.prices) {
    Item it;
    it.kind = Item::price, it.start = r.start, it.minutes = r.minutes, it.iso = r.iso, it.market = r.market;
    it.a = r.node, it.b = r.node_type, it.value = r.price, it.currency = r.currency;
    out.push_back(std::move(it));
  }
  for (const auto& r : reply.as_prices) {
    Item it;
    it.kind = Item::as_price, it.start = r.start, it.minutes = r.minutes, it.iso = r.iso, it.market = r.market;
    it.a = r.product, it.b = r.area, it.value = r.price_per_mw, it.currency = r.currency, it.published = r.published_at;
    out.push_back(std::move(it));
  }
  for (const auto& r : reply.load_forecasts) {
    Item it;
    it.kind = Item::load_forecast, it.start = r.start, it.minutes = r.minutes, it.iso = r.iso;
    it.a = r.area, it.b = r.model, it.value = r.forecast_mw, it.published = r.published_at;
    out.push_back(std::move(it));
  }
  return out;
}

Archive::Archive(const std::string& path) : path_(path.empty() ? ":memory:" : path) {
  if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw Error(exit_code::cant_create, path_ + ": cannot open the archive: " + msg);
  }
  sqlite3_busy_timeout(db_, 10000);  // a concurrent cron run holds the lock for one window at most
  exec("CREATE TABLE IF NOT EXISTS windows(source TEXT NOT NULL, product TEXT NOT NULL, scope TEXT NOT NULL,"
       " window TEXT NOT NULL, fetched_at INTEGER NOT NULL, final INTEGER NOT NULL, rows INTEGER NOT NULL,"
       " origin TEXT NOT NULL, PRIMARY KEY(source, product, scope, window));"
       "CREATE TABLE IF NOT EXISTS items(source TEXT NOT NULL, product TEXT NOT NULL, scope TEXT NOT NULL,"
       " window TEXT NOT NULL, kind INTEGER NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL, market TEXT NOT NULL,"
       " start INTEGER NOT NULL, published INTEGER NOT NULL, minutes INTEGER NOT NULL, iso TEXT NOT NULL,"
       " value REAL NOT NULL, currency TEXT NOT NULL,"
       " PRIMARY KEY(source, product, scope, kind, a, b, market, start, published, minutes));"
       "CREATE INDEX IF NOT EXISTS items_window ON items(source, product, scope, window);"
       "CREATE TABLE IF NOT EXISTS blocks(chain TEXT NOT NULL, height INTEGER NOT NULL, hash TEXT NOT NULL,"
       " time INTEGER NOT NULL, subsidy INTEGER NOT NULL, fees INTEGER NOT NULL, PRIMARY KEY(chain, height));"
       "CREATE TABLE IF NOT EXISTS hashprice(source TEXT NOT NULL, valid_from INTEGER NOT NULL, chain TEXT NOT NULL,"
       " height INTEGER NOT NULL, hash TEXT NOT NULL, difficulty REAL NOT NULL, subsidy INTEGER NOT NULL,"
       " fees INTEGER NOT NULL, blocks INTEGER NOT NULL, btc_usd REAL NOT NULL, hashprice REAL NOT NULL,"
       " sources TEXT NOT NULL, PRIMARY KEY(source, valid_from));");
}

Archive::~Archive() { sqlite3_close(db_); }

void Archive::exec(const char* sql) const {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "error";
    sqlite3_free(err);
    int code = sqlite3_errcode(db_);
    throw Error(code == SQLITE_BUSY || code == SQLITE_LOCKED ? exit_code::temp_fail : exit_code::io,
                path_ + ": archive: " + msg);
  }
}

bool Archive::has(const WindowKey& k) const {
  Stmt s(db_, "SELECT final FROM windows WHERE source=? AND product=? AND scope=? AND window=?", path_);
  s.bind(1, k.source).bind(2, k.product).bind(3, k.scope).bind(4, k.window);
  return s.step();
}

bool Archive::has_final(const WindowKey& k) const {
  Stmt s(db_, "SELECT final FROM windows WHERE source=? AND product=? AND scope=? AND window=?", path_);
  s.bind(1, k.source).bind(2, k.product).bind(3, k.scope).bind(4, k.window);
  return s.step() && s.i64(0) != 0;
}

StoreReport Archive::store(const WindowKey& k, const std::vector<Item>& items, const std::string& origin,
                           bool final, UtcTime fetched_at) {
  using Key = std::tuple<int, std::string, std::string, std::string, std::int64_t, std::int64_t, std::int64_t>;
  auto key_of = [](const Item& it) {
    return Key{it.kind, it.a, it.b, it.market, it.start.time_since_epoch().count(),
               it.published ? it.published->time_since_epoch().count() : no_publish, it.minutes};
  };
  StoreReport rep;
  exec("BEGIN IMMEDIATE");
  try {
    std::map<Key, double> old;
    {
      Stmt s(db_, "SELECT kind, a, b, market, start, published, minutes, value FROM items"
                  " WHERE source=? AND product=? AND scope=? AND window=?", path_);
      s.bind(1, k.source).bind(2, k.product).bind(3, k.scope).bind(4, k.window);
      while (s.step())
        old[Key{static_cast<int>(s.i64(0)), s.text(1), s.text(2), s.text(3), s.i64(4),
                s.i64(5), s.i64(6)}] = s.real(7);
    }
    Stmt put(db_, "INSERT OR REPLACE INTO items(source, product, scope, window, kind, a, b, market, start,"
                  " published, minutes, iso, value, currency) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)", path_);
    std::set<Key> seen;
    for (const auto& it : items) {
      Key key = key_of(it);
      auto o = old.find(key);
      if (seen.insert(key).second) {
        ++rep.rows;
        if (o == old.end()) ++rep.added;
        else if (o->second != it.value) {
          ++rep.revised;
          rep.revisions.push_back(describe(it) + ": " + number_text(o->second) + " -> " + number_text(it.value));
        }
      }
      if (o != old.end()) old.erase(o);
      put.bind(1, k.source).bind(2, k.product).bind(3, k.scope).bind(4, k.window).bind(5, it.kind);
      put.bind(6, it.a).bind(7, it.b).bind(8, it.market).bind(9, it.start.time_since_epoch().count());
      put.bind(10, std::get<5>(key)).bind(11, it.minutes).bind(12, it.iso).bind_real(13, it.value);
      put.bind(14, it.currency).run();
    }
    Stmt del(db_, "DELETE FROM items WHERE source=? AND product=? AND scope=? AND kind=? AND a=? AND b=?"
                  " AND market=? AND start=? AND published=? AND minutes=?", path_);
    for (const auto& [key, value] : old) {
      (void)value;
      del.bind(1, k.source).bind(2, k.product).bind(3, k.scope).bind(4, std::get<0>(key));
      del.bind(5, std::get<1>(key)).bind(6, std::get<2>(key)).bind(7, std::get<3>(key));
      del.bind(8, std::get<4>(key)).bind(9, std::get<5>(key)).bind(10, std::get<6>(key)).run();
      ++rep.removed;
    }
    Stmt win(db_, "INSERT OR REPLACE INTO windows(source, product, scope, window, fetched_at, final, rows, origin)"
                  " VALUES(?,?,?,?,?,?,?,?)", path_);
    win.bind(1, k.source).bind(2, k.product).bind(3, k.scope).bind(4, k.window);
    win.bind(5, fetched_at.time_since_epoch().count()).bind(6, final ? 1 : 0);
    win.bind(7, static_cast<std::int64_t>(rep.rows)).bind(8, origin).run();
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  return rep;
}

void Archive::load(const std::string& source, const std::string& product, const std::string& scope,
                   const std::string& from, const std::string& to,
                   const std::function<void(const Item&)>& out) const {
  Stmt s(db_, "SELECT i.kind, i.a, i.b, i.market, i.start, i.published, i.minutes, i.iso, i.value, i.currency,"
              " w.origin FROM items i JOIN windows w ON w.source=i.source AND w.product=i.product"
              " AND w.scope=i.scope AND w.window=i.window"
              " WHERE i.source=? AND i.product=? AND i.scope=? AND i.window>=? AND i.window<?"
              " ORDER BY i.start, i.kind, i.a, i.b, i.market, i.minutes, i.published", path_);
  s.bind(1, source).bind(2, product).bind(3, scope).bind(4, from).bind(5, to);
  Item it;
  while (s.step()) {
    it.kind = static_cast<int>(s.i64(0));
    it.a = s.text(1), it.b = s.text(2), it.market = s.text(3);
    it.start = UtcTime{std::chrono::seconds{s.i64(4)}};
    auto pub = s.i64(5);
    it.published = pub == no_publish ? std::nullopt : std::optional<UtcTime>(UtcTime{std::chrono::seconds{pub}});
    it.minutes = static_cast<int>(s.i64(6));
    it.iso = s.text(7), it.value = s.real(8), it.currency = s.text(9), it.origin = s.text(10);
    out(it);
  }
}

std::optional<bitcoin::BlockReward> Archive::block(const std::string& chain, std::int64_t height) const {
  Stmt s(db_, "SELECT hash, time, subsidy, fees FROM blocks WHERE chain=? AND height=?", path_);
  s.bind(1, chain).bind(2, height);
  if (!s.step()) return std::nullopt;
  bitcoin::BlockReward b;
  b.height = height, b.hash = s.text(0), b.time = s.i64(1), b.subsidy_sats = s.i64(2), b.fees_sats = s.i64(3);
  return b;
}

void Archive::store_blocks(const std::string& chain, const std::vector<bitcoin::BlockReward>& blocks) {
  exec("BEGIN IMMEDIATE");
  try {
    Stmt put(db_, "INSERT OR REPLACE INTO blocks(chain, height, hash, time, subsidy, fees) VALUES(?,?,?,?,?,?)", path_);
    for (const auto& b : blocks)
      put.bind(1, chain).bind(2, b.height).bind(3, b.hash).bind(4, b.time).bind(5, b.subsidy_sats).bind(6, b.fees_sats).run();
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

void Archive::store_snapshot(const std::string& source, const bitcoin::Snapshot& h) {
  Stmt put(db_, "INSERT OR REPLACE INTO hashprice(source, valid_from, chain, height, hash, difficulty, subsidy, fees,"
                " blocks, btc_usd, hashprice, sources) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)", path_);
  put.bind(1, source).bind(2, h.valid_from.time_since_epoch().count()).bind(3, h.chain).bind(4, h.block_height);
  put.bind(5, h.block_hash).bind_real(6, h.difficulty).bind(7, h.subsidy_sats).bind(8, h.fees_sats);
  put.bind(9, std::int64_t{h.blocks}).bind_real(10, h.btc_usd).bind_real(11, h.hashprice_usd_per_ph_day);
  put.bind(12, h.sources).run();
}

void Archive::load_snapshots(const std::string& source, UtcTime from, UtcTime to,
                             const std::function<void(const bitcoin::Snapshot&)>& out) const {
  Stmt s(db_, "SELECT valid_from, chain, height, hash, difficulty, subsidy, fees, blocks, btc_usd, hashprice, sources"
              " FROM hashprice WHERE source=? AND valid_from>=? AND valid_from<? ORDER BY valid_from", path_);
  s.bind(1, source).bind(2, from.time_since_epoch().count()).bind(3, to.time_since_epoch().count());
  bitcoin::Snapshot h;
  while (s.step()) {
    h.valid_from = UtcTime{std::chrono::seconds{s.i64(0)}};
    h.chain = s.text(1), h.block_height = s.i64(2), h.block_hash = s.text(3), h.difficulty = s.real(4);
    h.subsidy_sats = s.i64(5), h.fees_sats = s.i64(6), h.blocks = static_cast<int>(s.i64(7));
    h.btc_usd = s.real(8), h.hashprice_usd_per_ph_day = s.real(9), h.sources = s.text(10);
    out(h);
  }
}

}  // namespace hs::market::live
