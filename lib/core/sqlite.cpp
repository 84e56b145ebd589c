#include "core/sqlite.hpp"

#include <sqlite3.h>

#include "core/error.hpp"

namespace hs::sqlite {

Statement::Statement(sqlite3* db, const std::string& sql, OnError on_error) : db_(db), on_error_(std::move(on_error)) {
  const int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &st_, nullptr);
  if (rc != SQLITE_OK) fail(rc, "prepare");
}

Statement::~Statement() { sqlite3_finalize(st_); }

Statement& Statement::bind(int i, std::int64_t v) {
  if (const int rc = sqlite3_bind_int64(st_, i, v); rc != SQLITE_OK) fail(rc, "bind");
  return *this;
}

Statement& Statement::bind(int i, const std::string& v) {
  if (const int rc = sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT); rc != SQLITE_OK)
    fail(rc, "bind");
  return *this;
}

Statement& Statement::bind_real(int i, double v) {
  if (const int rc = sqlite3_bind_double(st_, i, v); rc != SQLITE_OK) fail(rc, "bind");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(st_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(rc, "step");
}

void Statement::run() {
  step();
  sqlite3_reset(st_);
  sqlite3_clear_bindings(st_);
}

void Statement::reset() { sqlite3_reset(st_); }

std::int64_t Statement::i64(int c) const { return sqlite3_column_int64(st_, c); }
double Statement::real(int c) const { return sqlite3_column_double(st_, c); }
std::string Statement::text(int c) const {
  const auto* p = sqlite3_column_text(st_, c);
  return p ? reinterpret_cast<const char*>(p) : "";
}
bool Statement::null(int c) const { return sqlite3_column_type(st_, c) == SQLITE_NULL; }

void Statement::fail(int rc, const char* step) const {
  on_error_(db_, rc, step);
  // A mapping that returned is a bug in the caller: still never go on past a failed call.
  throw Error(exit_code::software, std::string("SQLite ") + step + ": " + sqlite3_errstr(rc));
}

}  // namespace hs::sqlite
