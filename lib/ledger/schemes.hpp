#pragma once
// Reward schemes: each block's reward (subsidy + fees) becomes ledger rows that sum to it
// exactly. Definitions and formulas are in payout(1); in short, with R = subsidy + fees,
// f = fee_bps / 10000, d = share difficulty, D = the block's network difficulty:
//   PROP   the round (shares after the previous block, up to this one) splits R by d.
//   PPLNS  the last X*D of difficulty before the block splits R by d; the oldest share is cut
//          so the window holds exactly X*D; an unfilled window leaves its part to :unassigned
//          (unfilled=pool) or splits R over what is there (unfilled=prorata).
//   TIDES  PPLNS with X = 8 over the share log.
//   SOLO   the finder (block's finder field, else the last share's account) takes R.
//   PPS    the round's shares are owed T = floor(subsidy * sum(d) / D); the pool keeps R - T.
//   FPPS   as PPS with T = floor((subsidy + mean fees of the trailing blocks) * sum(d) / D).
// The fee is a party of the same largest-remainder split, so every part is the floor or the
// ceiling of its exact value.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/exact.hpp"
#include "ledger/inputs.hpp"
#include "ledger/scheme_table.hpp"

namespace hs::ledger {


enum class Unfilled { pool, prorata };

struct SchemeParams {
  Scheme scheme = Scheme::pplns;
  u128 window_x = 2 * scale;  // PPLNS window as a multiple of network difficulty, scaled 10^8
  Unfilled unfilled = Unfilled::pool;
  std::uint32_t fee_bps = 0;     // pool fee, basis points (0..10000)
  std::uint32_t fee_window = 144;  // FPPS: trailing blocks whose fees are averaged
  // The share log holds every share up to this time (seconds since the epoch): a block after
  // the log's last share but not after this is split over the log; any later one is refused.
  std::optional<std::int64_t> log_complete_until;
};

// Reserved accounts of the pool's own rows.
inline constexpr std::string_view fee_account = ":fee";
inline constexpr std::string_view unassigned_account = ":unassigned";
inline constexpr std::string_view pool_account = ":pool";

struct CreditRow {
  std::string account;
  std::int64_t amount_sats = 0;
  std::string kind;  // reward, fee, unassigned, remainder, reversal
};

// Splits `total` over accounts by weight with the fee as a party of the same split:
// accounts get w_a*(10000-bps), :fee gets base*bps, :unassigned gets unassigned*(10000-bps),
// where base = sum of account weights + unassigned. Rows with zero amount are left out, except
// that a split always yields at least one row. Account rows come in ascending name order.
std::vector<CreditRow> split_with_fee(std::int64_t total, std::vector<Party> accounts, u128 unassigned,
                                      std::uint32_t fee_bps);

// The PPLNS window of block b, X * D, exactly: in units of 10^-16 difficulty (X and D are each
// held in 10^-8 units), so no digit of either is lost before the oldest share is cut.
u128 pplns_window(const Block& b, const SchemeParams& params);
// The shares (10^-8 units) a window needs: the window rounded up to whole 10^-8 units.
u128 window_shares_needed(u128 window);
// The units a block's split weighs shares in: a window that is whole in 10^-8 units is weighed
// in them (`per_share` 1, `window` = X * D / 10^8); any other in 10^-16 units (`per_share`
// 10^8, a share's 10^-8 units times that), so that the cut through the oldest share is exact
// either way and 128 bits hold the largest shares whenever they can.
struct WindowUnits {
  u128 window, per_share;
};
WindowUnits window_units(u128 window);

// A row as run_scheme_rows hands it out: the strings stay valid until the callback returns.
struct CreditRowView {
  std::string_view account;
  std::int64_t amount_sats = 0;
  std::string_view kind;
};
using RowSink = std::function<void(const Block&, const std::vector<CreditRowView>&)>;

// Streams the share log once and calls emit(block, rows) for every block, in time order.
// Blocks must be sorted by time (read_blocks does). Memory: the PPLNS window, one round's
// per-account sums, and the account table. Rows are those of split_with_fee, computed without
// a string per row: accounts are kept in name order as they appear (merged in, not resorted),
// weights and parts in flat arrays, the left-over satoshis placed by selection, not sorting.
// The rows are split and emit is called on a thread of its own (block_rows.hpp), one block at a
// time and in order, while this thread reads on; everything emit touches is the caller's again
// once this returns or throws. What is thrown is what a plain loop would meet first: an error
// of emit's before an error in a later block's shares, and no block is emitted after emit threw.
void run_scheme_rows(const std::vector<Block>& blocks, ShareReader& shares, const AccountTable& accounts,
                     const SchemeParams& params, const RowSink& emit);
// The same, with owned rows (for the ledger and tests).
void run_scheme(const std::vector<Block>& blocks, ShareReader& shares, const AccountTable& accounts,
                const SchemeParams& params, const std::function<void(const Block&, std::vector<CreditRow>&)>& emit);

}  // namespace hs::ledger
