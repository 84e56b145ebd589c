#pragma once
// Reading shares, contributions and blocks for payout, with the checks the money path needs:
// positive difficulty, non-negative amounts, shares in time order, account names without
// delimiters or control characters. Every refusal is Error(65) naming file, line and field.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
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
  std::uint32_t id(std::string_view name);
  const std::string& name(std::uint32_t id) const { return names_[id]; }
  std::size_t size() const { return names_.size(); }

 private:
  // Looked up by string_view (no temporary string per share) with FNV-1a: this is the share
  // log's hottest lookup.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      std::uint64_t h = 14695981039346656037ull;
      for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
      return static_cast<std::size_t>(h ^ (h >> 29));
    }
  };
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> ids_;
  std::vector<std::string> names_;
};

struct Share {
  std::int64_t time = 0;  // seconds since the epoch, UTC
  std::uint32_t account = 0;
  u128 difficulty = 0;  // scaled by 10^8, > 0
};

// Streams share (or contribution: units instead of share_difficulty) records in time order.
class ShareReader {
 public:
  ShareReader(const std::string& path, AccountTable& accounts, bool contributions = false);
  ~ShareReader();
  bool next(Share& s);
  std::uint64_t count() const { return count_; }

 private:
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
