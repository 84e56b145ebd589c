#pragma once
// The share log's field parsers for the hot path, shared by the reader (ShareReader) and the
// parallel scanner (ShareScanner). Each answers false for anything unusual; the caller then
// takes the line through the general parsers, which give the same value or the error.
#include <cstdint>
#include <cstring>
#include <string_view>

#include "ledger/exact.hpp"

namespace hs::ledger::detail {

// "YYYY-MM-DDTHH:MM:SSZ" without the general parser (the share log's hot path); false for
// anything else, which goes through hs::parse_iso8601.
inline bool fast_time(std::string_view t, std::int64_t& out) {
  if (t.size() != 20) return false;
  const char* p = t.data();
  if (p[4] != '-' || p[7] != '-' || p[10] != 'T' || p[13] != ':' || p[16] != ':' || p[19] != 'Z') return false;
  unsigned bad = 0;
  auto num = [&](int at, int digits) {
    int v = 0;
    for (int i = at; i < at + digits; ++i) {
      const unsigned d = static_cast<unsigned char>(p[i]) - static_cast<unsigned>('0');
      bad |= d > 9 ? 1u : 0u;
      v = v * 10 + static_cast<int>(d);
    }
    return v;
  };
  const int y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2), s = num(17, 2);
  if (bad || mo < 1 || mo > 12 || d < 1 || h >= 24 || mi >= 60 || s >= 60) return false;
  // days_from_civil (H. Hinnant's algorithm); a day past the month's end (and every 29
  // February) is left to the general parser to refuse or take.
  static constexpr int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d > mdays[mo - 1] || (mo == 2 && d == 29)) return false;
  const int yy = y - (mo <= 2);
  const int era = (yy >= 0 ? yy : yy - 399) / 400;
  const int yoe = yy - era * 400;
  const int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = static_cast<std::int64_t>(era) * 146097 + doe - 719468;
  out = days * 86400 + h * 3600 + mi * 60 + s;
  return true;
}

// Bytes allowed in an account name (valid_account_name), as a table for the hot loop.
struct NameBytes {
  bool ok[256] = {};
  constexpr NameBytes() {
    for (int c = 0; c < 256; ++c)
      ok[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
              c == '.' || c == '@' || c == '+';
  }
};
constexpr NameBytes name_bytes;

// An account field ("account" or "account.worker") the fast path may take: 1 to 64 name bytes,
// not starting with the worker dot. Sets the length of the account part (before the first dot).
inline bool plain_account_field(std::string_view name, std::size_t& account_len) {
  if (name.empty() || name.size() > 64) return false;
  std::size_t dot = name.size();
  bool ok = true;
  for (std::size_t i = 0; i < name.size(); ++i) {
    auto c = static_cast<unsigned char>(name[i]);
    ok &= name_bytes.ok[c];
    if (c == '.' && dot == name.size()) dot = i;
  }
  if (!ok || dot == 0) return false;
  account_len = dot;
  return true;
}

// Plain decimals ("65536", "1.5": at most 18 integer and 8 fraction digits) straight to scaled
// units; anything else (signs, spaces, exponents, zero, long digit strings) through
// parse_positive, which gives the same value or the error.
inline bool fast_difficulty(std::string_view v, u128& out);

// The same, for a field whose buffer is readable 8 bytes from its start (the scanner's chunks):
// 1 to 8 digits are checked and converted a word at a time.
inline bool fast_difficulty_padded(std::string_view v, u128& out) {
  if (v.size() - 1 < 8) {
    // The field's bytes at the word's high end (the first is the most significant digit),
    // '0's before them.
    const std::size_t len = v.size(), pad = 8 - len;
    std::uint64_t w;
    std::memcpy(&w, v.data(), 8);
    w = pad ? (w << (8 * pad)) | (0x3030303030303030ull >> (8 * len)) : w;
    const std::uint64_t digits = w - 0x3030303030303030ull;
    // Every byte '0'..'9': its high nibble is 3, and so it stays when 6 is added.
    if ((w & 0xF0F0F0F0F0F0F0F0ull) == 0x3030303030303030ull &&
        ((w + 0x0606060606060606ull) & 0xF0F0F0F0F0F0F0F0ull) == 0x3030303030303030ull) {
      // Pairs, then quads, then the eight digits (little-endian: the first byte is the highest).
      std::uint64_t x = digits * 10 + (digits >> 8);
      x = (((x & 0x000000FF000000FFull) * (100 + (1000000ull << 32))) +
           (((x >> 16) & 0x000000FF000000FFull) * (1 + (10000ull << 32)))) >> 32;
      if (x == 0) return false;  // zero: the general path refuses it
      out = static_cast<u128>(x) * scale;
      return true;
    }
  }
  return fast_difficulty(v, out);
}

inline bool fast_difficulty(std::string_view v, u128& out) {
  std::uint64_t whole = 0, frac = 0;
  std::size_t i = 0, n = v.size();
  for (; i < n && i < 18; ++i) {
    unsigned d = static_cast<unsigned char>(v[i]) - '0';
    if (d > 9) break;
    whole = whole * 10 + d;
  }
  if (i == 0) return false;
  int fd = 0;
  if (i < n && v[i] == '.') {
    ++i;
    for (; i < n && fd < scale_digits; ++i, ++fd) {
      unsigned d = static_cast<unsigned char>(v[i]) - '0';
      if (d > 9) break;
      frac = frac * 10 + d;
    }
    if (fd == 0) return false;
    for (int k = fd; k < scale_digits; ++k) frac *= 10;
  }
  if (i != n || (whole == 0 && frac == 0)) return false;
  out = static_cast<u128>(whole) * scale + frac;
  return true;
}

}  // namespace hs::ledger::detail
