#pragma once
// Integers written as decimal text straight into a buffer, for writers of millions of rows
// (payout's credit rows): no allocation, no call for the copy, two digits a step.
#include <cstddef>
#include <cstdint>

namespace hs {

// The decimal digits of v (with '-' if negative) at p, which has room for 20 bytes; returns
// the end. The digits are written in place, from the last: their count comes first, from the
// bit length. The same text as std::to_chars.
inline char* put_decimal(char* p, std::int64_t v) {
  // 10^0 to 10^19.
  static constexpr std::uint64_t pow10[20] = {
      1ull,           10ull,           100ull,           1000ull,           10000ull,
      100000ull,      1000000ull,      10000000ull,      100000000ull,      1000000000ull,
      10000000000ull, 100000000000ull, 1000000000000ull, 10000000000000ull, 100000000000000ull,
      1000000000000000ull, 10000000000000000ull, 100000000000000000ull, 1000000000000000000ull,
      10000000000000000000ull};
  static constexpr char pairs[] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  std::uint64_t u = static_cast<std::uint64_t>(v);
  if (v < 0) {
    *p++ = '-';
    u = ~u + 1;
  }
  // floor(log10(u)) is t or t - 1, with t = floor(bits * log10(2)) (1233 / 4096 is just above it).
  const int t = ((64 - __builtin_clzll(u | 1)) * 1233) >> 12;
  const int digits = t + (u >= pow10[t] ? 1 : 0) + (u == 0 ? 1 : 0);
  char* const e = p + digits;
  char* q = e;
  while (u >= 100) {
    const auto k = static_cast<std::size_t>(u % 100) * 2;
    u /= 100;
    *--q = pairs[k + 1];
    *--q = pairs[k];
  }
  if (u >= 10) {
    const auto k = static_cast<std::size_t>(u) * 2;
    *--q = pairs[k + 1];
    *--q = pairs[k];
  } else {
    *--q = static_cast<char>('0' + u);
  }
  return e;
}

}  // namespace hs
