#include "ledger/ledger.hpp"

#include <sqlite3.h>
#include <sys/stat.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <array>
#include <functional>
#include <map>
#include <set>
#include <tuple>

#include "core/error.hpp"
#include "core/sqlite.hpp"

namespace hs::ledger {

void crash_point(const char* point) {
  const char* at = std::getenv("HS_PAYOUT_CRASH_AT");
  if (at && std::strcmp(at, point) == 0) std::raise(SIGKILL);
}

namespace {

const char* const schema_sql = R"sql(
CREATE TABLE accounts(
  name TEXT PRIMARY KEY,
  credited_sats INTEGER NOT NULL DEFAULT 0,
  paid_sats INTEGER NOT NULL DEFAULT 0,
  pending_sats INTEGER NOT NULL DEFAULT 0);
CREATE TABLE blocks(
  block_hash TEXT PRIMARY KEY,
  height INTEGER NOT NULL,
  reward_sats INTEGER NOT NULL,
  scheme TEXT NOT NULL,
  state TEXT NOT NULL CHECK(state IN ('credited', 'reversed')));
CREATE TABLE credits(
  id INTEGER PRIMARY KEY,
  block_hash TEXT NOT NULL REFERENCES blocks(block_hash),
  height INTEGER NOT NULL,
  account TEXT NOT NULL,
  amount_sats INTEGER NOT NULL,
  kind TEXT NOT NULL,
  scheme TEXT NOT NULL);
CREATE INDEX credits_by_block ON credits(block_hash);
CREATE INDEX credits_by_account ON credits(account);
CREATE TABLE batches(
  id INTEGER PRIMARY KEY,
  state TEXT NOT NULL CHECK(state IN ('pending', 'confirmed', 'cancelled')),
  min_sats INTEGER NOT NULL,
  txid TEXT,
  after_credit INTEGER NOT NULL);
CREATE TABLE payments(
  batch INTEGER NOT NULL REFERENCES batches(id),
  account TEXT NOT NULL,
  amount_sats INTEGER NOT NULL CHECK(amount_sats > 0),
  PRIMARY KEY(batch, account));
)sql";

[[noreturn]] void throw_sqlite(sqlite3* db, int rc, const std::string& path);

// The ledger's statements (core/sqlite.hpp): a failed call is throw_sqlite's error.
class Stmt : public hs::sqlite::Statement {
 public:
  Stmt(sqlite3* db, const std::string& sql, const std::string& path)
      : Statement(db, sql, [&path](sqlite3* d, int rc, const char*) { throw_sqlite(d, rc, path); }) {}
};

[[noreturn]] void throw_sqlite(sqlite3* db, int rc, const std::string& path) {
  int base = rc & 0xff;
  if (base == SQLITE_BUSY || base == SQLITE_LOCKED)
    throw Error(exit_code::temp_fail, "ledger " + path + " is busy: another payout run holds its lock; try again later");
  if (base == SQLITE_NOTADB || base == SQLITE_CORRUPT)
    throw Error(exit_code::data, path + ": not a payout ledger (not an SQLite database, or damaged)");
  if (base == SQLITE_CANTOPEN) throw Error(exit_code::no_input, "cannot open ledger " + path + ": " + sqlite3_errstr(rc));
  if (base == SQLITE_READONLY || base == SQLITE_IOERR || base == SQLITE_FULL)
    throw Error(exit_code::io, "ledger " + path + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
  throw Error(exit_code::software, "ledger " + path + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
}

void exec(sqlite3* db, const char* sql, const std::string& path) {
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) throw_sqlite(db, rc, path);
}

std::int64_t pragma(sqlite3* db, const char* name, const std::string& path) {
  Stmt st(db, (std::string("PRAGMA ") + name).c_str(), path);
  return st.step() ? st.i64(0) : 0;
}

// A transaction that rolls back unless committed (an exception leaves the ledger unchanged).
struct Txn {
  explicit Txn(std::function<void()> rb) : rollback(std::move(rb)) {}
  ~Txn() {
    if (!done) rollback();
  }
  std::function<void()> rollback;
  bool done = false;
};

}  // namespace

Ledger::Ledger(const std::string& path, bool create, int busy_timeout_ms) : path_(path), busy_ms_(busy_timeout_ms) {
  struct stat sb {};
  bool exists = ::stat(path.c_str(), &sb) == 0;
  if (!exists && !create)
    throw Error(exit_code::no_input, "ledger " + path + " does not exist (payout credit creates it)");
  int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw Error(create ? exit_code::cant_create : exit_code::no_input, "cannot open ledger " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db_, busy_ms_);
  sqlite3_extended_result_codes(db_, 1);
  try {
    // Reading the header refuses a file that is not SQLite before anything is written.
    auto app = pragma(db_, "application_id", path_);
    if (app == 0) {
      // Not ours yet: a new or empty file, or one that another run is creating this very
      // moment. Decided under the write lock, where the header and the schema are read as one:
      // read apart, a run could see the id still unset and the other run's tables already
      // there, and take a ledger being created for "something else".
      begin();
      Txn txn([this] { rollback(); });
      app = pragma(db_, "application_id", path_);
      if (app == 0) {
        std::int64_t objects = 0;
        {
          Stmt n(db_, "SELECT count(*) FROM sqlite_master", path_);
          n.step();
          objects = n.i64(0);
        }
        if (objects != 0 || pragma(db_, "user_version", path_) != 0)
          throw Error(exit_code::data, path_ + ": not a payout ledger (an SQLite database of something else)");
        if (!create) throw Error(exit_code::data, path_ + ": not a payout ledger (an empty file)");
        exec(db_, schema_sql, path_);
        exec(db_, ("PRAGMA application_id = " + std::to_string(application_id)).c_str(), path_);
        exec(db_, ("PRAGMA user_version = " + std::to_string(schema_version)).c_str(), path_);
        app = application_id;
      }
      commit();
      txn.done = true;
    }
    if (app != application_id)
      throw Error(exit_code::data, path_ + ": not a payout ledger (SQLite application_id " + std::to_string(app) + ")");
    if (auto ver = pragma(db_, "user_version", path_); ver > schema_version)
      throw Error(exit_code::data, path_ + ": ledger format " + std::to_string(ver) + " is newer than this payout (" +
                                       std::to_string(schema_version) + ")");
    exec(db_, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON", path_);
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

Ledger::~Ledger() { sqlite3_close(db_); }

void Ledger::begin() {
  int rc = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  if ((rc & 0xff) == SQLITE_BUSY)
    throw Error(exit_code::temp_fail, "ledger " + path_ + " is busy: another payout run held its lock for more than " +
                                          std::to_string(busy_ms_) + " ms; nothing changed, try again later");
  if (rc != SQLITE_OK) throw_sqlite(db_, rc, path_);
}

void Ledger::commit() { exec(db_, "COMMIT", path_); }
void Ledger::rollback() noexcept { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }

CreditSummary Ledger::credit(const std::vector<BlockCredit>& blocks, Scheme scheme) {
  CreditSummary sum;
  begin();
  Txn txn([this] { rollback(); });
  Stmt find(db_, "SELECT state, reward_sats, scheme FROM blocks WHERE block_hash = ?", path_);
  Stmt add_block(db_, "INSERT INTO blocks(block_hash, height, reward_sats, scheme, state) VALUES(?,?,?,?,'credited')",
                 path_);
  Stmt add_credit(db_, "INSERT INTO credits(block_hash, height, account, amount_sats, kind, scheme) VALUES(?,?,?,?,?,?)",
                  path_);
  Stmt upd_acct(db_,
                "INSERT INTO accounts(name, credited_sats) VALUES(?1, ?2) "
                "ON CONFLICT(name) DO UPDATE SET credited_sats = credited_sats + ?2",
                path_);
  Stmt old_rows(db_, "SELECT account, amount_sats, scheme FROM credits WHERE block_hash = ? AND kind <> 'reversal' ORDER BY id",
                path_);
  Stmt set_reversed(db_, "UPDATE blocks SET state = 'reversed' WHERE block_hash = ?", path_);
  Stmt same_height(db_, "SELECT block_hash FROM blocks WHERE height = ? AND state = 'credited' AND block_hash <> ?", path_);
  const std::string sch(to_string(scheme));
  std::set<std::string> orphaned_here;  // reversed in this same run, wherever in its order
  for (const auto& bc : blocks)
    if (bc.block.status == BlockStatus::orphaned) orphaned_here.insert(bc.block.hash);
  for (const auto& bc : blocks) {
    const Block& b = bc.block;
    find.bind(1, b.hash);
    bool known = find.step();
    std::string state = known ? find.text(0) : "";
    std::int64_t reward = known ? find.i64(1) : 0;
    find.reset();
    if (b.status == BlockStatus::immature) {
      ++sum.immature;
      continue;
    }
    if (b.status == BlockStatus::confirmed) {
      if (known) {
        if (reward != b.reward())
          throw_data_error(b.loc, "subsidy_sats",
                           "block " + b.hash + " was credited with a reward of " + std::to_string(reward) +
                               " sats, the input now says " + std::to_string(b.reward()) + "; ledger unchanged");
        if (state == "credited") ++sum.already;
        else ++sum.reversed_before;
        continue;
      }
      // One block per height is in the chain: another credited at this height must be
      // reversed (listed as orphaned) first.
      same_height.bind(1, b.height).bind(2, b.hash);
      if (same_height.step() && !orphaned_here.count(same_height.text(0)))
        throw_data_error(b.loc, "height",
                         "block " + b.hash + " at height " + std::to_string(b.height) + ": the ledger already credited " +
                             same_height.text(0) +
                             " at that height, and at most one block per height is in the chain: list that one as "
                             "orphaned first; ledger unchanged");
      same_height.reset();
      add_block.bind(1, b.hash).bind(2, b.height).bind(3, b.reward()).bind(4, sch).run();
      for (const auto& r : bc.rows) {
        add_credit.bind(1, b.hash).bind(2, b.height).bind(3, r.account).bind(4, r.amount_sats).bind(5, r.kind).bind(6, sch).run();
        upd_acct.bind(1, r.account).bind(2, r.amount_sats).run();
      }
      ++sum.credited;
      crash_point("credit-mid");
      continue;
    }
    // Orphaned.
    if (!known) {
      ++sum.orphan_uncredited;
      continue;
    }
    if (state == "reversed") {
      ++sum.already;
      continue;
    }
    std::vector<std::tuple<std::string, std::int64_t, std::string>> rows;
    old_rows.bind(1, b.hash);
    while (old_rows.step()) rows.emplace_back(old_rows.text(0), old_rows.i64(1), old_rows.text(2));
    old_rows.reset();
    for (const auto& [acct, amt, orig_scheme] : rows) {
      add_credit.bind(1, b.hash).bind(2, b.height).bind(3, acct).bind(4, -amt).bind(5, std::string("reversal")).bind(6, orig_scheme).run();
      upd_acct.bind(1, acct).bind(2, -amt).run();
    }
    set_reversed.bind(1, b.hash).run();
    ++sum.reversed;
  }
  crash_point("credit-before-commit");
  commit();
  txn.done = true;
  return sum;
}

std::vector<PaymentLine> Ledger::batch_lines(std::int64_t batch) {
  Stmt st(db_,
          "SELECT p.batch, p.account, p.amount_sats, b.state, coalesce(b.txid, '') FROM payments p "
          "JOIN batches b ON b.id = p.batch WHERE p.batch = ? ORDER BY p.account",
          path_);
  st.bind(1, batch);
  std::vector<PaymentLine> out;
  while (st.step()) out.push_back({st.i64(0), st.text(1), st.i64(2), st.text(3), st.text(4)});
  return out;
}

std::vector<PaymentLine> Ledger::pay(std::int64_t min_sats, bool& reused) {
  begin();
  Txn txn([this] { rollback(); });
  reused = false;
  {
    Stmt pending(db_, "SELECT id FROM batches WHERE state = 'pending' ORDER BY id LIMIT 1", path_);
    if (pending.step()) {
      auto id = pending.i64(0);
      reused = true;
      auto lines = batch_lines(id);
      commit();
      txn.done = true;
      return lines;
    }
  }
  Stmt due(db_,
           "SELECT name, credited_sats - paid_sats - pending_sats FROM accounts "
           "WHERE substr(name, 1, 1) <> ':' AND credited_sats - paid_sats - pending_sats >= max(?, 1) ORDER BY name",
           path_);
  due.bind(1, min_sats);
  std::vector<std::pair<std::string, std::int64_t>> lines;
  while (due.step()) lines.emplace_back(due.text(0), due.i64(1));
  due.reset();
  if (lines.empty()) {
    commit();
    txn.done = true;
    return {};
  }
  Stmt last_credit(db_, "SELECT coalesce(max(id), 0) FROM credits", path_);
  last_credit.step();
  Stmt add_batch(db_, "INSERT INTO batches(state, min_sats, after_credit) VALUES('pending', ?, ?)", path_);
  add_batch.bind(1, min_sats).bind(2, last_credit.i64(0)).run();
  std::int64_t id = sqlite3_last_insert_rowid(db_);
  Stmt add_pay(db_, "INSERT INTO payments(batch, account, amount_sats) VALUES(?,?,?)", path_);
  Stmt reserve(db_, "UPDATE accounts SET pending_sats = pending_sats + ? WHERE name = ?", path_);
  for (const auto& [acct, amt] : lines) {
    add_pay.bind(1, id).bind(2, acct).bind(3, amt).run();
    reserve.bind(1, amt).bind(2, acct).run();
  }
  crash_point("pay-before-commit");
  commit();
  txn.done = true;
  crash_point("pay-after-commit");
  return batch_lines(id);
}

namespace {
// A batch may be confirmed or cancelled only while it is pending.
void settle_checks(sqlite3* db, const std::string& path, std::int64_t batch) {
  Stmt st(db, "SELECT state, coalesce(txid, '') FROM batches WHERE id = ?", path);
  st.bind(1, batch);
  if (!st.step()) throw Error(exit_code::data, "no batch " + std::to_string(batch) + " in ledger " + path + "; ledger unchanged");
  auto state = st.text(0);
  if (state == "confirmed")
    throw Error(exit_code::data, "batch " + std::to_string(batch) + " was already confirmed (txid " + st.text(1) +
                                     "); ledger unchanged");
  if (state == "cancelled")
    throw Error(exit_code::data, "batch " + std::to_string(batch) + " was cancelled; ledger unchanged");
}
}  // namespace

std::vector<PaymentLine> Ledger::confirm(std::int64_t batch, const std::string& txid) {
  begin();
  Txn txn([this] { rollback(); });
  settle_checks(db_, path_, batch);
  Stmt upd(db_, "UPDATE batches SET state = 'confirmed', txid = ? WHERE id = ?", path_);
  upd.bind(1, txid).bind(2, batch).run();
  Stmt move(db_,
            "UPDATE accounts SET pending_sats = pending_sats - p.amount_sats, paid_sats = paid_sats + p.amount_sats "
            "FROM payments p WHERE p.batch = ? AND p.account = accounts.name",
            path_);
  move.bind(1, batch).run();
  crash_point("confirm-before-commit");
  commit();
  txn.done = true;
  return batch_lines(batch);
}

std::vector<PaymentLine> Ledger::cancel(std::int64_t batch) {
  begin();
  Txn txn([this] { rollback(); });
  settle_checks(db_, path_, batch);
  Stmt upd(db_, "UPDATE batches SET state = 'cancelled' WHERE id = ?", path_);
  upd.bind(1, batch).run();
  Stmt back(db_,
            "UPDATE accounts SET pending_sats = pending_sats - p.amount_sats "
            "FROM payments p WHERE p.batch = ? AND p.account = accounts.name",
            path_);
  back.bind(1, batch).run();
  commit();
  txn.done = true;
  return batch_lines(batch);
}

std::vector<BalanceLine> Ledger::balances() {
  Stmt st(db_, "SELECT name, credited_sats, paid_sats, pending_sats FROM accounts ORDER BY name", path_);
  std::vector<BalanceLine> out;
  while (st.step()) out.push_back({st.text(0), st.i64(1), st.i64(2), st.i64(3)});
  return out;
}

std::optional<std::int64_t> Ledger::last_credited_height() {
  Stmt st(db_, "SELECT MAX(height) FROM blocks WHERE state = 'credited'", path_);
  if (!st.step() || st.null(0)) return std::nullopt;
  return st.i64(0);
}

std::vector<StatementLine> Ledger::statement(const std::string& account) {
  // One read transaction, so credits and payments come from the same moment.
  exec(db_, "BEGIN", path_);
  Txn txn([this] { rollback(); });
  Stmt known(db_, "SELECT 1 FROM accounts WHERE name = ?", path_);
  known.bind(1, account);
  if (!known.step()) throw Error(exit_code::data, "no account '" + account + "' in ledger " + path_);
  Stmt cr(db_, "SELECT id, kind, height, block_hash, amount_sats FROM credits WHERE account = ? ORDER BY id", path_);
  Stmt pay(db_,
           "SELECT b.after_credit, b.id, p.amount_sats FROM payments p JOIN batches b ON b.id = p.batch "
           "WHERE p.account = ? AND b.state <> 'cancelled' ORDER BY b.id",
           path_);
  cr.bind(1, account);
  pay.bind(1, account);
  std::vector<StatementLine> out;
  std::int64_t bal = 0;
  bool have_c = cr.step(), have_p = pay.step();
  while (have_c || have_p) {
    // A batch follows the credits that existed when it was made.
    if (have_c && (!have_p || cr.i64(0) <= pay.i64(0))) {
      bal += cr.i64(4);
      out.push_back({cr.text(1), cr.i64(2), cr.text(3), std::nullopt, cr.i64(4), bal});
      have_c = cr.step();
    } else {
      bal -= pay.i64(2);
      out.push_back({"payment", std::nullopt, "", pay.i64(1), -pay.i64(2), bal});
      have_p = pay.step();
    }
  }
  return out;
}

std::vector<std::string> Ledger::verify(std::string& summary) {
  exec(db_, "BEGIN", path_);
  Txn txn([this] { rollback(); });
  std::vector<std::string> problems;
  {
    Stmt ic(db_, "PRAGMA integrity_check", path_);
    while (ic.step())
      if (ic.text(0) != "ok") problems.push_back("sqlite integrity: " + ic.text(0));
  }
  // Balances: stored figures against those re-derived from credits and payments.
  std::map<std::string, std::array<std::int64_t, 3>> derived;
  {
    Stmt c(db_, "SELECT account, sum(amount_sats) FROM credits GROUP BY account", path_);
    while (c.step()) derived[c.text(0)][0] = c.i64(1);
    Stmt p(db_,
           "SELECT p.account, b.state, sum(p.amount_sats) FROM payments p JOIN batches b ON b.id = p.batch "
           "GROUP BY p.account, b.state",
           path_);
    while (p.step()) {
      auto state = p.text(1);
      if (state == "confirmed") derived[p.text(0)][1] += p.i64(2);
      else if (state == "pending") derived[p.text(0)][2] += p.i64(2);
    }
  }
  std::int64_t accounts = 0;
  for (const auto& b : balances()) {
    ++accounts;
    auto it = derived.find(b.account);
    std::array<std::int64_t, 3> d{0, 0, 0};
    if (it != derived.end()) {
      d = it->second;
      derived.erase(it);
    }
    if (d[0] != b.credited || d[1] != b.paid || d[2] != b.pending)
      problems.push_back("account " + b.account + ": stored credited/paid/pending " + std::to_string(b.credited) + "/" +
                         std::to_string(b.paid) + "/" + std::to_string(b.pending) + ", derived " + std::to_string(d[0]) +
                         "/" + std::to_string(d[1]) + "/" + std::to_string(d[2]));
    if (b.account[0] != ':' && b.balance() < 0 && b.pending == 0 && b.paid == 0)
      problems.push_back("account " + b.account + ": negative balance without payments");
  }
  for (const auto& [name, d] : derived)
    problems.push_back("account " + name + ": has ledger rows but no account entry (derived credited " +
                       std::to_string(d[0]) + ")");
  // Conservation per block: its own rows sum to the reward; with reversals, to zero.
  std::int64_t blocks = 0;
  {
    Stmt st(db_,
            "SELECT b.block_hash, b.height, b.reward_sats, b.state, "
            "coalesce(sum(CASE WHEN c.kind <> 'reversal' THEN c.amount_sats END), 0), "
            "coalesce(sum(CASE WHEN c.kind = 'reversal' THEN c.amount_sats END), 0), count(c.id) "
            "FROM blocks b LEFT JOIN credits c ON c.block_hash = b.block_hash GROUP BY b.block_hash ORDER BY b.height",
            path_);
    while (st.step()) {
      ++blocks;
      std::string name = "block " + std::to_string(st.i64(1)) + " " + st.text(0);
      auto reward = st.i64(2), own = st.i64(4), rev = st.i64(5);
      if (own != reward)
        problems.push_back(name + ": rows sum to " + std::to_string(own) + " sats, subsidy + fees is " +
                           std::to_string(reward));
      std::int64_t want_rev = st.text(3) == "reversed" ? -reward : 0;
      if (rev != want_rev)
        problems.push_back(name + " (" + st.text(3) + "): reversal rows sum to " + std::to_string(rev) +
                           ", expected " + std::to_string(want_rev));
    }
    Stmt orphan_rows(db_, "SELECT count(*) FROM credits WHERE block_hash NOT IN (SELECT block_hash FROM blocks)", path_);
    orphan_rows.step();
    if (orphan_rows.i64(0) != 0)
      problems.push_back(std::to_string(orphan_rows.i64(0)) + " credit rows name no known block");
  }
  // Batches: a confirmed batch has a txid; only one batch is pending at a time.
  std::int64_t batches = 0;
  {
    Stmt st(db_, "SELECT id, state, txid FROM batches ORDER BY id", path_);
    int pending = 0;
    while (st.step()) {
      ++batches;
      if (st.text(1) == "confirmed" && st.null(2)) problems.push_back("batch " + std::to_string(st.i64(0)) + ": confirmed without a txid");
      if (st.text(1) == "pending") ++pending;
    }
    if (pending > 1) problems.push_back(std::to_string(pending) + " batches pending at once");
  }
  summary = std::to_string(blocks) + " blocks, " + std::to_string(accounts) + " accounts, " + std::to_string(batches) +
            " batches";
  return problems;
}

}  // namespace hs::ledger
