#pragma once
// The payout ledger: one SQLite file holding accounts, credits per block and account, payment
// batches and their payments. Balances are stored per account (credited, paid, pending) and
// updated in the same transaction as the rows that change them; `verify` re-derives them.
//
// Safety rules:
//  - every change is one transaction opened with BEGIN IMMEDIATE (the write lock is taken
//    before anything is read), with a busy timeout; a lock not had in time is Error(75);
//  - a block is credited at most once (its hash is the key); an orphaned block that was
//    credited gets reversal rows (the negation of each of its rows), never a delete;
//  - a batch is recorded (pending) before anything is sent; its amounts leave the balances at
//    once, so no second batch can pay them; confirm moves them to paid, cancel gives them back;
//  - the file carries PRAGMA application_id 0x48535044 ("HSPD") and user_version 1; any
//    other file is refused (Error 65) and left untouched.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/record.hpp"
#include "ledger/inputs.hpp"
#include "ledger/schemes.hpp"

struct sqlite3;

namespace hs::ledger {

inline constexpr std::int32_t application_id = 0x48535044;  // "HSPD"
inline constexpr int schema_version = 1;

// Test hook: when the environment variable HS_PAYOUT_CRASH_AT equals `point`, the process
// kills itself with SIGKILL there (to prove a crash at that point loses nothing).
void crash_point(const char* point);

struct BlockCredit {
  Block block;
  std::vector<CreditRow> rows;
};

struct CreditSummary {
  int credited = 0, reversed = 0, already = 0, immature = 0, orphan_uncredited = 0, reversed_before = 0;
};

struct PaymentLine {
  std::int64_t batch = 0;
  std::string account;
  std::int64_t amount_sats = 0;
  std::string status;
  std::string txid;
  std::vector<Cell> cells() const;  // the payment record
};

struct BalanceLine {
  std::string account;
  std::int64_t credited = 0, paid = 0, pending = 0;
  std::int64_t balance() const { return credited - paid - pending; }
  std::vector<Cell> cells() const;  // the balance record
};

struct StatementLine {
  std::string kind;
  std::optional<std::int64_t> height;
  std::string block_hash;
  std::optional<std::int64_t> batch;
  std::int64_t amount = 0, balance = 0;
  std::vector<Cell> cells(const std::string& account) const;  // the statement record of `account`
};

class Ledger {
 public:
  // create: a missing file becomes a new, empty ledger; otherwise a missing file is Error(66).
  Ledger(const std::string& path, bool create, int busy_timeout_ms);
  ~Ledger();
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  // Credits confirmed blocks not yet credited and reverses orphaned ones that were; one
  // transaction. A block already credited with a different reward is Error(65), nothing changed.
  CreditSummary credit(const std::vector<BlockCredit>& blocks, Scheme scheme);

  // Prepares a batch for every account (not the pool's ':' rows) whose balance >= min_sats.
  // If a batch is still pending, it is returned again and no new one is made (a rerun after
  // a crash prints the same batch). Empty result: nothing to pay.
  std::vector<PaymentLine> pay(std::int64_t min_sats, bool& reused);
  std::vector<PaymentLine> confirm(std::int64_t batch, const std::string& txid);
  std::vector<PaymentLine> cancel(std::int64_t batch);

  std::vector<BalanceLine> balances();
  // The highest block credited and not reversed; none: no block yet.
  std::optional<std::int64_t> last_credited_height();
  std::vector<StatementLine> statement(const std::string& account);
  // Problems found, one line each; empty when the ledger is consistent.
  std::vector<std::string> verify(std::string& summary);

 private:
  void begin();
  void commit();
  void rollback() noexcept;
  std::vector<PaymentLine> batch_lines(std::int64_t batch);
  std::string path_;
  sqlite3* db_ = nullptr;
  int busy_ms_;
};

}  // namespace hs::ledger
