#include "fleet/journal.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <cstring>

#include "core/error.hpp"
#include "core/sqlite.hpp"
#include "core/time.hpp"

namespace hs::fleet {

void crash_after_wave(int wave) {
  const char* at = std::getenv("HS_FLEET_CRASH_AFTER_WAVE");
  if (at && std::atoi(at) == wave) std::raise(SIGKILL);
}

namespace {

const char* const schema_sql = R"sql(
CREATE TABLE runs(
  id INTEGER PRIMARY KEY,
  run_key TEXT NOT NULL,
  interval_start TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  outcome TEXT);
CREATE TABLE commands(
  id INTEGER PRIMARY KEY,
  run INTEGER NOT NULL REFERENCES runs(id),
  run_key TEXT NOT NULL,
  machine TEXT NOT NULL,
  address TEXT NOT NULL,
  command TEXT NOT NULL,
  parameter TEXT NOT NULL,
  action TEXT NOT NULL,
  profile TEXT NOT NULL,
  sent_at TEXT NOT NULL,
  answered_at TEXT,
  outcome TEXT NOT NULL CHECK(outcome IN ('sent', 'ack', 'failed')),
  reply TEXT);
CREATE INDEX commands_by_key ON commands(run_key, machine);
)sql";

const char* const last_seen_sql = R"sql(
CREATE TABLE last_seen(
  machine TEXT PRIMARY KEY,
  hashing INTEGER NOT NULL,
  watts REAL NOT NULL,
  seen_at TEXT NOT NULL);
)sql";

const char* const caps_sql = R"sql(
CREATE TABLE caps(
  id INTEGER PRIMARY KEY,
  run INTEGER NOT NULL REFERENCES runs(id),
  run_key TEXT NOT NULL,
  server TEXT NOT NULL,
  address TEXT NOT NULL,
  asked_limit_watts REAL,
  outcome TEXT NOT NULL,
  message TEXT,
  final INTEGER NOT NULL,
  at TEXT NOT NULL);
CREATE INDEX caps_by_key ON caps(run_key, server);
)sql";

std::string now_text() {
  return format_iso8601_utc(std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
}

// A failed SQLite call on the journal: busy (75), not a journal (65), else an I/O error (74).
[[noreturn]] void journal_error(int rc, const std::string& path, const std::string& message) {
  int base = rc & 0xff;
  if (base == SQLITE_BUSY || base == SQLITE_LOCKED)
    throw Error(exit_code::temp_fail, "journal " + path + " is busy; try again later");
  if (base == SQLITE_NOTADB || base == SQLITE_CORRUPT)
    throw Error(exit_code::data, path + ": not a fleet journal (not an SQLite database, or damaged)");
  throw Error(exit_code::io, "journal " + path + ": " + message);
}

// The journal's statements (core/sqlite.hpp), failing as journal_error.
class Stmt : public hs::sqlite::Statement {
 public:
  Stmt(sqlite3* db, const std::string& sql, const std::string& path)
      : Statement(db, sql, [&path](sqlite3* d, int rc, const char*) { journal_error(rc, path, sqlite3_errmsg(d)); }) {}
};

}  // namespace

void Journal::exec(const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    journal_error(rc, path_, msg);
  }
}

Journal::Journal(const std::string& path, int busy_timeout_ms) : path_(path) {
  const std::string lock = path + ".lock";
  lock_fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd_ < 0) throw Error(exit_code::cant_create, "cannot open lock " + lock + ": " + std::strerror(errno));
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(lock_fd_);
    lock_fd_ = -1;
    throw Error(exit_code::temp_fail, "another fleet run holds " + lock + "; not starting a second one (try again later)");
  }
  int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    ::close(lock_fd_);
    throw Error(exit_code::cant_create, "cannot open journal " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db_, busy_timeout_ms);
  try {
    exec("BEGIN IMMEDIATE");
    std::int64_t app = 0, objects = 0;
    {
      Stmt s(db_, "PRAGMA application_id", path_);
      if (s.step()) app = s.i64(0);
    }
    {
      Stmt s(db_, "SELECT count(*) FROM sqlite_master", path_);
      if (s.step()) objects = s.i64(0);
    }
    if (app == 0 && objects == 0) {
      exec(schema_sql);
      exec(("PRAGMA application_id = " + std::to_string(journal_application_id)).c_str());
      exec("PRAGMA user_version = 1");
    } else if (app != journal_application_id) {
      exec("ROLLBACK");
      throw Error(exit_code::data, path_ + ": not a fleet journal (an SQLite database of something else)");
    }
    std::int64_t version = 0;
    {
      Stmt s(db_, "PRAGMA user_version", path_);
      if (s.step()) version = s.i64(0);
    }
    if (version < 2) {  // version 2: what each machine was last seen doing
      exec(last_seen_sql);
      exec("PRAGMA user_version = 2");
      version = 2;
    }
    if (version < 3) {  // version 3: each GPU server's power-cap outcome
      exec(caps_sql);
      exec("PRAGMA user_version = 3");
    }
    exec("COMMIT");
    exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    ::close(lock_fd_);
    lock_fd_ = -1;
    throw;
  }
}

Journal::~Journal() {
  sqlite3_close(db_);
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

std::map<std::string, LastSeen> Journal::last_seen() {
  std::map<std::string, LastSeen> out;
  Stmt s(db_, "SELECT machine, hashing, watts, seen_at FROM last_seen", path_);
  while (s.step()) out[s.text(0)] = {s.i64(1) != 0, s.real(2), s.text(3)};
  return out;
}

void Journal::seen(const std::vector<std::pair<std::string, LastSeen>>& machines) {
  if (machines.empty()) return;
  exec("BEGIN IMMEDIATE");
  try {
    Stmt s(db_, "INSERT OR REPLACE INTO last_seen(machine, hashing, watts, seen_at) VALUES(?, ?, ?, ?)", path_);
    const std::string at = now_text();
    for (const auto& [id, l] : machines) {
      s.bind(1, id).bind(2, static_cast<std::int64_t>(l.hashing)).bind_real(3, l.watts).bind(4, l.seen_at.empty() ? at : l.seen_at);
      s.run();
    }
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

std::int64_t Journal::begin_run(const std::string& key, const std::string& interval_start) {
  Stmt s(db_, "INSERT INTO runs(run_key, interval_start, started_at) VALUES(?, ?, ?)", path_);
  s.bind(1, key).bind(2, interval_start).bind(3, now_text()).run();
  return sqlite3_last_insert_rowid(db_);
}

void Journal::finish_run(std::int64_t run, const std::string& outcome) {
  Stmt s(db_, "UPDATE runs SET finished_at = ?, outcome = ? WHERE id = ?", path_);
  s.bind(1, now_text()).bind(2, outcome).bind(3, run).run();
}

std::map<std::string, Acked> Journal::acknowledged(const std::string& key) {
  std::map<std::string, Acked> out;
  Stmt s(db_,
         "SELECT machine, action, profile FROM commands WHERE run_key = ? AND outcome = 'ack' "
         "AND action IN ('sleep', 'wakeup', 'profile') ORDER BY id",
         path_);
  s.bind(1, key);
  while (s.step()) {
    auto& a = out[s.text(0)];
    std::string action = s.text(1);
    if (action == "profile") a.profile = s.text(2);
    else a.action = action;
  }
  return out;
}

std::map<std::string, std::string> Journal::last_profiles() {
  std::map<std::string, std::string> out;
  Stmt s(db_, "SELECT machine, profile FROM commands WHERE outcome = 'ack' AND action = 'profile' ORDER BY id", path_);
  while (s.step()) out[s.text(0)] = s.text(1);
  return out;
}

std::vector<std::int64_t> Journal::sent(std::int64_t run, const std::string& key, const std::vector<JournalEntry>& entries) {
  std::vector<std::int64_t> ids;
  ids.reserve(entries.size());
  exec("BEGIN IMMEDIATE");
  try {
    Stmt s(db_,
           "INSERT INTO commands(run, run_key, machine, address, command, parameter, action, profile, sent_at, outcome) "
           "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, 'sent')",
           path_);
    const std::string t = now_text();
    for (const auto& e : entries) {
      s.bind(1, run).bind(2, key).bind(3, e.machine).bind(4, e.address).bind(5, e.command).bind(6, e.parameter);
      s.bind(7, e.action).bind(8, e.profile).bind(9, t).run();
      ids.push_back(sqlite3_last_insert_rowid(db_));
    }
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  return ids;
}

void Journal::answered(const std::vector<Answer>& answers) {
  exec("BEGIN IMMEDIATE");
  try {
    Stmt s(db_, "UPDATE commands SET answered_at = ?, outcome = ?, reply = ? WHERE id = ?", path_);
    const std::string t = now_text();
    for (const auto& a : answers) {
      std::string reply = a.reply.substr(0, 4096);
      // The reply is text for people: drop the NUL terminator the firmware sends.
      while (!reply.empty() && reply.back() == '\0') reply.pop_back();
      s.bind(1, t).bind(2, std::string(a.ack ? "ack" : "failed")).bind(3, reply).bind(4, a.row).run();
    }
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

void Journal::cap_outcomes(std::int64_t run, const std::string& key, const std::vector<CapOutcome>& outcomes) {
  if (outcomes.empty()) return;
  exec("BEGIN IMMEDIATE");
  try {
    Stmt s(db_,
           "INSERT INTO caps(run, run_key, server, address, asked_limit_watts, outcome, message, final, at) "
           "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)",
           path_);
    const std::string t = now_text();
    for (const auto& o : outcomes) {
      s.bind(1, run).bind(2, key).bind(3, o.server).bind(4, o.address);
      if (o.asked_limit_watts) s.bind_real(5, *o.asked_limit_watts);  // else NULL: run() clears bindings
      s.bind(6, o.outcome).bind(7, o.message.substr(0, 4096)).bind(8, static_cast<std::int64_t>(o.final)).bind(9, t).run();
    }
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

std::map<std::string, Journal::CapTried> Journal::caps_tried(const std::string& key) {
  std::map<std::string, CapTried> out;
  {
    Stmt s(db_, "SELECT machine, reply FROM commands WHERE run_key = ? AND action IN ('cap', 'clear') ORDER BY id", path_);
    s.bind(1, key);
    while (s.step()) out[s.text(0)] = {"sent", s.text(1), std::nullopt};
  }
  Stmt s(db_, "SELECT server, outcome, message, asked_limit_watts FROM caps WHERE run_key = ? AND final = 1 ORDER BY id",
         path_);
  s.bind(1, key);
  while (s.step()) out[s.text(0)] = {s.text(1), s.text(2), s.null(3) ? std::nullopt : std::optional<double>(s.real(3))};
  return out;
}

std::vector<std::vector<std::string>> Journal::rows(const std::string& key) {
  std::vector<std::vector<std::string>> out;
  Stmt s(db_, "SELECT machine, command, parameter, outcome FROM commands WHERE run_key = ? ORDER BY id", path_);
  s.bind(1, key);
  while (s.step()) out.push_back({s.text(0), s.text(1), s.text(2), s.text(3)});
  return out;
}

}  // namespace hs::fleet
