#pragma once
// One prepared SQLite statement (prepare, bind, step, finalize) for the three stores that keep
// state in SQLite: payout's ledger, fleet's journal and powerfeed's fetch archive. Each maps a
// failed call to its own error (a busy ledger is exit 75 with its own words, a damaged journal
// exit 65, ...), so the mapping is the caller's: OnError is called with the database, the
// result code and the step that failed ("prepare", "bind" or "step"), and must throw.
#include <cstdint>
#include <functional>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace hs::sqlite {

using OnError = std::function<void(sqlite3* db, int rc, const char* step)>;

class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql, OnError on_error);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, const std::string& v);
  Statement& bind_real(int i, double v);
  // The next row: true while there is one, false when done.
  bool step();
  // Steps once (a statement without rows), then resets it and clears its bindings for reuse.
  void run();
  // Resets a statement stepped by hand, keeping its bindings.
  void reset();

  std::int64_t i64(int c) const;
  double real(int c) const;
  std::string text(int c) const;  // "" for NULL
  bool null(int c) const;

 private:
  [[noreturn]] void fail(int rc, const char* step) const;
  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
  OnError on_error_;
};

}  // namespace hs::sqlite
