#pragma once
// Exact integer arithmetic for the money path: no floating point anywhere a satoshi is decided.
//
// Difficulties, window factors and work units are read as decimals and held as integers
// scaled by 10^8 ("scaled units"): 65536 -> 6553600000000, 0.5 -> 50000000. Digits past the
// eighth decimal place are truncated toward zero (documented in payout(1)); a value that
// truncates to zero is refused as "not positive". Sums and products use unsigned 128-bit
// integers, checked for overflow; a product that is then divided (a split's total * weight /
// sum, PPS's subsidy * difficulty / D) is held in 256 bits, so a split is exact for every
// share and network difficulty below 2^64 and every reward up to the bitcoin supply.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hs::ledger {

// __extension__: GCC's 128-bit integer is not ISO C++; -Wpedantic is told we mean it.
__extension__ typedef unsigned __int128 u128;

// The bitcoin supply, in satoshis: no block, nor any payout, can be more.
inline constexpr std::int64_t max_sats = 2'100'000'000'000'000;

inline constexpr int scale_digits = 8;
inline constexpr std::uint64_t scale = 100'000'000;  // 10^8

// Parses a non-negative decimal ("12", "0.25", "1e6", "1.5E+3") into scaled units.
// nullopt for anything else: a sign, garbage, NaN, or a value past 128 bits.
std::optional<u128> parse_scaled(std::string_view text);
// Decimal text of a scaled value ("0.5", "65536").
std::string format_scaled(u128 v);
std::string to_string(u128 v);

// Throws Error(65) "amounts too large for exact arithmetic".
[[noreturn]] void overflow();
// a*b and a+b, overflow() on overflow. Inline: the share log adds once per share.
inline u128 mul(u128 a, u128 b) {
  u128 r;
  if (__builtin_mul_overflow(a, b, &r)) overflow();
  return r;
}
inline u128 add(u128 a, u128 b) {
  u128 r;
  if (__builtin_add_overflow(a, b, &r)) overflow();
  return r;
}

// floor(a * b / c) and (a * b) mod c with the product held in 256 bits; c > 0. The quotient
// must fit 128 bits (nullopt otherwise: the caller refuses the amount).
struct QuotRem {
  u128 quot, rem;
};
std::optional<QuotRem> mul_div(u128 a, u128 b, u128 c);

// One party of a split: a name (for the tie-break) and a non-negative integer weight.
struct Party {
  std::string name;
  u128 weight = 0;
};

// Largest remainder method: splits `total` satoshis over `parties` in proportion to their
// weights. Each part is floor(total*w/W) or that plus one; the satoshis left after the floors
// (fewer than the number of parties) go one each to the parties with the largest remainders
// (total*w mod W), ties broken by name in ascending byte order (so "a" before "b"). Parts sum
// to total exactly. Weights must not all be zero (Error 70: a bug in the caller).
std::vector<std::int64_t> split_largest_remainder(std::int64_t total, const std::vector<Party>& parties);

}  // namespace hs::ledger
