#include "ledger/exact.hpp"

#include <algorithm>
#include <numeric>

#include "core/error.hpp"

namespace hs::ledger {

namespace {
constexpr u128 u128_max = ~static_cast<u128>(0);
}  // namespace

void overflow() {
  throw Error(exit_code::data, "amounts too large for exact 128-bit arithmetic (difficulty or amount out of range)");
}

std::optional<u128> parse_scaled(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  std::string digits;  // mantissa digits without the point
  int frac = 0;        // digits after the point
  bool point = false, any = false;
  std::size_t i = 0;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      any = true;
      if (!(digits.empty() && c == '0')) digits += c;  // leading zeros carry no value
      if (point) ++frac;
    } else if (c == '.' && !point) {
      point = true;
    } else {
      break;
    }
  }
  if (!any) return std::nullopt;
  long exp = 0;
  if (i < s.size()) {
    if (s[i] != 'e' && s[i] != 'E') return std::nullopt;
    ++i;
    bool neg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    if (i >= s.size()) return std::nullopt;
    for (; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      exp = exp * 10 + (s[i] - '0');
      if (exp > 100) return std::nullopt;
    }
    if (neg) exp = -exp;
  }
  // value = digits * 10^(exp - frac); scaled = digits * 10^(exp - frac + 8), truncated.
  long shift = exp - frac + scale_digits;
  if (digits.empty()) return static_cast<u128>(0);
  if (shift < 0) {
    if (static_cast<long>(digits.size()) <= -shift) return static_cast<u128>(0);
    digits.resize(digits.size() - static_cast<std::size_t>(-shift));
    shift = 0;
  }
  u128 v = 0;
  for (char c : digits) {
    if (v > (u128_max - 9) / 10) return std::nullopt;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  for (long k = 0; k < shift; ++k) {
    if (v > u128_max / 10) return std::nullopt;
    v *= 10;
  }
  return v;
}

std::string to_string(u128 v) {
  if (v == 0) return "0";
  std::string out;
  while (v) {
    out += static_cast<char>('0' + static_cast<int>(v % 10));
    v /= 10;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::string format_scaled(u128 v) {
  std::string whole = to_string(v / scale);
  auto f = static_cast<std::uint64_t>(v % scale);
  if (f == 0) return whole;
  std::string frac = std::to_string(f);
  frac.insert(0, static_cast<std::size_t>(scale_digits) - frac.size(), '0');
  while (frac.back() == '0') frac.pop_back();
  return whole + "." + frac;
}

namespace {

// A 256-bit unsigned integer as two 128-bit halves, for products that are then divided.
struct U256 {
  u128 hi, lo;
};

U256 mul_wide(u128 a, u128 b) {
  const u128 mask = ~std::uint64_t{0};
  const u128 a0 = a & mask, a1 = a >> 64, b0 = b & mask, b1 = b >> 64;
  const u128 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  // The middle column: the high half of p00 plus the low halves of p01 and p10 (< 3 * 2^64).
  const u128 mid = (p00 >> 64) + (p01 & mask) + (p10 & mask);
  return {p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64), (mid << 64) | (p00 & mask)};
}

}  // namespace

std::optional<QuotRem> mul_div(u128 a, u128 b, u128 c) {
  if (c == 0) throw Error(exit_code::software, "division by zero in an exact split");
  u128 p;
  if (!__builtin_mul_overflow(a, b, &p)) return QuotRem{p / c, p % c};
  const U256 n = mul_wide(a, b);
  if (n.hi >= c) return std::nullopt;  // the quotient needs more than 128 bits
  // Long division, a bit at a time, of n by c: the remainder stays below c, and the bit
  // shifted out of it (when c is above 2^127) means it passed c, so c is subtracted.
  u128 r = n.hi, q = 0;
  for (int i = 127; i >= 0; --i) {
    const bool carry = (r >> 127) != 0;
    r = (r << 1) | ((n.lo >> i) & 1);
    q <<= 1;
    if (carry || r >= c) {
      r -= c;
      q |= 1;
    }
  }
  return QuotRem{q, r};
}

std::vector<std::int64_t> split_largest_remainder(std::int64_t total, const std::vector<Party>& parties) {
  if (total < 0) throw Error(exit_code::software, "split of a negative amount");
  u128 w = 0;
  for (const auto& p : parties) w = add(w, p.weight);
  if (w == 0) throw Error(exit_code::software, "split over parties whose weights are all zero");
  const auto t = static_cast<u128>(total);
  std::vector<std::int64_t> out(parties.size());
  std::vector<u128> rem(parties.size());
  u128 assigned = 0;
  for (std::size_t i = 0; i < parties.size(); ++i) {
    const auto qr = mul_div(t, parties[i].weight, w);  // weight <= w: the quotient <= total
    out[i] = static_cast<std::int64_t>(qr->quot);
    rem[i] = qr->rem;
    assigned += static_cast<u128>(out[i]);
  }
  auto left = static_cast<std::size_t>(t - assigned);  // < parties.size()
  if (left == 0) return out;
  std::vector<std::size_t> order(parties.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  auto before = [&](std::size_t a, std::size_t b) {
    if (rem[a] != rem[b]) return rem[a] > rem[b];
    return parties[a].name < parties[b].name;
  };
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(left), order.end(), before);
  for (std::size_t k = 0; k < left; ++k) ++out[order[k]];
  return out;
}

}  // namespace hs::ledger
