#pragma once
// Reading shares, contributions and blocks for payout, with the checks the money path needs:
// positive difficulty, non-negative amounts, shares in time order, account names without
// delimiters or control characters. Every refusal is Error(65) naming file, line and field.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/record.hpp"
#include "core/time.hpp"
#include "ledger/exact.hpp"

namespace hs::ledger {

// Account names: 1 to 64 bytes of ASCII letters, digits and "_-.@+". A share's
// "account.worker" is credited to the account (the part before the first dot).
// Names starting with ':' are reserved for the pool's own rows (:fee, :unassigned, :pool).
bool valid_account_name(std::string_view name);
// The account a share credits: validated, worker suffix removed.
std::string_view account_of(std::string_view name, const Location& loc, std::string_view field);

// Accounts seen in an input, numbered in order of first appearance.
class AccountTable {
 public:
  AccountTable() { grow(); }
  std::uint32_t id(std::string_view name);
  const std::string& name(std::uint32_t id) const { return names_[id]; }
  std::size_t size() const { return names_.size(); }

 private:
  // An open-addressing table (linear probing, at most half full) whose 32-byte slots hold the
  // hash, the length, the id and a name of up to 24 bytes itself, so finding a name touches one
  // slot (one cache line); longer names are compared in names_. The share log's CSV path asks
  // once per account field a scanner worker meets first; JSON Lines and the general path ask
  // per share.
  struct Slot {
    std::uint64_t key[3] = {};  // the name, zero-padded, when it fits
    std::uint32_t tag = 0;      // the hash with its low byte replaced by the length (255: longer)
    std::uint32_t id1 = 0;      // id + 1; 0 = empty
  };
  static_assert(sizeof(Slot) == 32);
  void grow();
  std::vector<std::string> names_;
  std::vector<Slot> slots_;  // size a power of two
};

struct Share {
  std::int64_t time = 0;  // seconds since the epoch, UTC
  std::uint32_t account = 0;
  u128 difficulty = 0;  // scaled by 10^8, > 0
};

struct ScannedLine;

// Shares a scheme may take in bulk (ShareReader::run_until): lines of one chunk of the CSV log,
// each parsed the fast way (ScannedLine: time, difficulty, key), in time order, none before the
// share taken last. accounts[line.key] is the share's account id.
struct ShareRun {
  const ScannedLine* lines = nullptr;
  std::size_t size = 0;
  const std::uint32_t* accounts = nullptr;
};

// Streams share (or contribution: units instead of share_difficulty) records in time order,
// from CSV or JSON Lines (detected from the first byte; either from a file or stdin). The CSV
// path (the share log is the one input that gets large) is split and parsed by ShareScanner's
// worker threads, a chunk of lines each; this reader takes their lines in order, checks the time
// order and maps account fields to accounts. Anything unusual (quotes, exponents, other time
// forms) goes through the general parsers, so the values and error messages are those of the
// general path.
class ShareReader {
 public:
  ShareReader(const std::string& path, AccountTable& accounts, bool contributions = false);
  ~ShareReader();
  bool next(Share& s);
  // Up to max shares into out; fewer only at the end of input (0 then).
  std::size_t next(Share* out, std::size_t max);
  // What run_until found next.
  enum class Run {
    taken,  // the shares in `run` (at least one), all at or before `until`
    after,  // the next share is after `until`: nothing taken
    other,  // the next lines must go through next(): a chunk with lines not plain (or JSON)
    end,    // the end of input
  };
  // The next shares at or before `until`, up to the end of their chunk, taken in bulk.
  Run run_until(std::int64_t until, ShareRun& run);
  // As next(out, max), but only up to the end of the chunk the next line is in (so that
  // run_until may take the chunk after it): fewer than max then, 0 only at the end of input.
  std::size_t next_in_chunk(Share* out, std::size_t max);
  std::uint64_t count() const { return count_; }

 private:
  std::size_t next_shares(Share* out, std::size_t max, bool one_chunk);
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::uint64_t count_ = 0;
};

enum class BlockStatus { immature, confirmed, orphaned };
std::string_view to_string(BlockStatus s);

struct Block {
  std::int64_t height = 0;
  std::int64_t time = 0;
  std::string hash;
  std::int64_t subsidy_sats = 0;
  std::int64_t fees_sats = 0;
  u128 network_difficulty = 0;  // scaled by 10^8
  BlockStatus status = BlockStatus::confirmed;
  std::string finder;  // optional: account that found it (SOLO)
  Location loc;
  std::int64_t reward() const { return subsidy_sats + fees_sats; }
};

// All blocks of a file, sorted by time then height. Duplicated hashes are refused.
std::vector<Block> read_blocks(const std::string& path);

}  // namespace hs::ledger
