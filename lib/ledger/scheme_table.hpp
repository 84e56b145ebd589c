#pragma once
// The reward schemes, one row each: the name users type, the line --help and payout(1) show,
// how the block's shares are gathered, and the one function that turns them into the block's
// parties (lib/ledger/schemes.cpp). Adding a scheme is a row here, its function, its tests and
// its paragraph in payout(1); the option's allowed values, its error text and the completions
// are checked against this table (tests/unit/ledger/scheme_table_test.cpp).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hs::ledger {

enum class Scheme { pps, fpps, pplns, prop, solo, tides };

namespace detail {
struct RowJob;
struct BlockState;
}  // namespace detail
struct Block;

// How a scheme takes the shares before each block.
enum class Gather {
  window,  // slides a window of the newest X * D of difficulty (PPLNS family)
  round,   // sums the round: the shares since the block before
};

struct SchemeInfo {
  Scheme id;
  std::string_view name;
  std::string_view summary;
  Gather gather;
  std::uint64_t fixed_window_x;  // a window X fixed by the scheme, scaled 10^8 (TIDES: 8); 0: --window
  // Fills the block's job (parties, amount, pool rows) from the gathered shares.
  void (*fill)(detail::BlockState& state, const Block& block, detail::RowJob& job);
};

// Every scheme, in the order --help and payout(1) list them.
const std::vector<SchemeInfo>& scheme_table();
const SchemeInfo& scheme_info(Scheme s);
// The names joined by sep ("pps, fpps, ..."), last joined by last_sep when given.
std::string scheme_names(std::string_view sep, std::string_view last_sep = {});

Scheme parse_scheme(std::string_view name);  // Error(64) on an unknown name, listing the known
std::string_view to_string(Scheme s);

}  // namespace hs::ledger
