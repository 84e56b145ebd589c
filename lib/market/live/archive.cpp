#include "market/live/archive.hpp"

#include <sqlite3.h>

#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "core/error.hpp"

namespace hs::market::live {

namespace {

constexpr std::int64_t no_publish = -1;  // published is part of the key: absent is -1, not NULL

class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql, const std::string& path) : db_(db), path_(path) {
    if (sqlite3_prepare_v2(db, sql, -1, &s_, nullptr) != SQLITE_OK) fail("prepare");
  }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt& text(int i, const std::string& v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& integer(int i, std::int64_t v) {
    sqlite3_bind_int64(s_, i, v);
    return *this;
  }
  Stmt& real(int i, double v) {
    sqlite3_bind_double(s_, i, v);
    return *this;
  }
  bool step() {
    int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail("step");
  }
  void run() {
    step();
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  std::string col_text(int i) const {
    auto* p = sqlite3_column_text(s_, i);
    return p ? reinterpret_cast<const char*>(p) : "";
  }
  std::int64_t col_int(int i) const { return sqlite3_column_int64(s_, i); }
  double col_real(int i) const { return sqlite3_column_double(s_, i); }

 private:
  [[noreturn]] void fail(const char* what) {
    int code = sqlite3_errcode(db_);
    int ec = code == SQLITE_BUSY || code == SQLITE_LOCKED ? exit_code::temp_fail : exit_code::io;
    throw Error(ec, path_ + ": archive " + what + ": " + sqlite3_errmsg(db_));
  }
  sqlite3* db_;
  const std::string& path_;
  sqlite3_stmt* s_ = nullptr;
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
       "CREATE INDEX IF NOT EXISTS items_window ON items(source, product, scope, window);");
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
  s.text(1, k.source).text(2, k.product).text(3, k.scope).text(4, k.window);
  return s.step();
}

bool Archive::has_final(const WindowKey& k) const {
  Stmt s(db_, "SELECT final FROM windows WHERE source=? AND product=? AND scope=? AND window=?", path_);
  s.text(1, k.source).text(2, k.product).text(3, k.scope).text(4, k.window);
  return s.step() && s.col_int(0) != 0;
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
      s.text(1, k.source).text(2, k.product).text(3, k.scope).text(4, k.window);
      while (s.step())
        old[Key{static_cast<int>(s.col_int(0)), s.col_text(1), s.col_text(2), s.col_text(3), s.col_int(4),
                s.col_int(5), s.col_int(6)}] = s.col_real(7);
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
      put.text(1, k.source).text(2, k.product).text(3, k.scope).text(4, k.window).integer(5, it.kind);
      put.text(6, it.a).text(7, it.b).text(8, it.market).integer(9, it.start.time_since_epoch().count());
      put.integer(10, std::get<5>(key)).integer(11, it.minutes).text(12, it.iso).real(13, it.value);
      put.text(14, it.currency).run();
    }
    Stmt del(db_, "DELETE FROM items WHERE source=? AND product=? AND scope=? AND kind=? AND a=? AND b=?"
                  " AND market=? AND start=? AND published=? AND minutes=?", path_);
    for (const auto& [key, value] : old) {
      (void)value;
      del.text(1, k.source).text(2, k.product).text(3, k.scope).integer(4, std::get<0>(key));
      del.text(5, std::get<1>(key)).text(6, std::get<2>(key)).text(7, std::get<3>(key));
      del.integer(8, std::get<4>(key)).integer(9, std::get<5>(key)).integer(10, std::get<6>(key)).run();
      ++rep.removed;
    }
    Stmt win(db_, "INSERT OR REPLACE INTO windows(source, product, scope, window, fetched_at, final, rows, origin)"
                  " VALUES(?,?,?,?,?,?,?,?)", path_);
    win.text(1, k.source).text(2, k.product).text(3, k.scope).text(4, k.window);
    win.integer(5, fetched_at.time_since_epoch().count()).integer(6, final ? 1 : 0);
    win.integer(7, static_cast<std::int64_t>(rep.rows)).text(8, origin).run();
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
  s.text(1, source).text(2, product).text(3, scope).text(4, from).text(5, to);
  Item it;
  while (s.step()) {
    it.kind = static_cast<int>(s.col_int(0));
    it.a = s.col_text(1), it.b = s.col_text(2), it.market = s.col_text(3);
    it.start = UtcTime{std::chrono::seconds{s.col_int(4)}};
    auto pub = s.col_int(5);
    it.published = pub == no_publish ? std::nullopt : std::optional<UtcTime>(UtcTime{std::chrono::seconds{pub}});
    it.minutes = static_cast<int>(s.col_int(6));
    it.iso = s.col_text(7), it.value = s.col_real(8), it.currency = s.col_text(9), it.origin = s.col_text(10);
    out(it);
  }
}

}  // namespace hs::market::live
