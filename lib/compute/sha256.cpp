#include "compute/sha256.hpp"

#include <cmath>
#include <cstring>

#include "core/error.hpp"

namespace hs::sha256 {

const std::uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

namespace {
inline std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }
inline std::uint32_t load_be(const std::uint8_t* p) {
  return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}
}  // namespace

void compress(State& s, const std::uint8_t* block) {
  std::uint32_t w[64];
  for (int i = 0; i < 16; ++i) w[i] = load_be(block + 4 * i);
  for (int i = 16; i < 64; ++i) {
    std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  std::uint32_t a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
  for (int i = 0; i < 64; ++i) {
    std::uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
    std::uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  s[0] += a;
  s[1] += b;
  s[2] += c;
  s[3] += d;
  s[4] += e;
  s[5] += f;
  s[6] += g;
  s[7] += h;
}

void Hasher::update(const void* data, std::size_t n) {
  auto p = static_cast<const std::uint8_t*>(data);
  total_ += n;
  while (n > 0) {
    std::size_t take = std::min<std::size_t>(64 - buffered_, n);
    std::memcpy(buf_ + buffered_, p, take);
    buffered_ += take;
    p += take;
    n -= take;
    if (buffered_ == 64) {
      compress(state_, buf_);
      buffered_ = 0;
    }
  }
}

Digest Hasher::finish() {
  std::uint64_t bits = total_ * 8;
  std::uint8_t pad[72] = {0x80};
  std::size_t padlen = (buffered_ < 56) ? 56 - buffered_ : 120 - buffered_;
  std::uint8_t len[8];
  for (int i = 0; i < 8; ++i) len[i] = static_cast<std::uint8_t>(bits >> (56 - 8 * i));
  update(pad, padlen);
  update(len, 8);
  Digest d;
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 4; ++j) d[4 * i + j] = static_cast<std::uint8_t>(state_[i] >> (24 - 8 * j));
  return d;
}

Digest hash(const void* data, std::size_t n) {
  Hasher h;
  h.update(data, n);
  return h.finish();
}

Digest hash(std::string_view s) { return hash(s.data(), s.size()); }

Digest sha256d(const void* data, std::size_t n) {
  Digest first = hash(data, n);
  return hash(first.data(), first.size());
}

std::string to_hex(const std::uint8_t* data, std::size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  s.reserve(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    s += digits[data[i] >> 4];
    s += digits[data[i] & 15];
  }
  return s;
}

}  // namespace hs::sha256

namespace hs {

namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

U256 hash_to_u256(const sha256::Digest& d) {
  U256 v{};
  for (int i = 0; i < 8; ++i)
    v[i] = std::uint32_t(d[4 * i]) | (std::uint32_t(d[4 * i + 1]) << 8) | (std::uint32_t(d[4 * i + 2]) << 16) |
           (std::uint32_t(d[4 * i + 3]) << 24);
  return v;
}

bool u256_le(const U256& a, const U256& b) {
  for (int i = 7; i >= 0; --i)
    if (a[i] != b[i]) return a[i] < b[i];
  return true;
}

U256 bits_to_target(std::uint32_t bits) {
  // Compact form: exponent byte E, 23-bit mantissa M, sign bit 0x00800000; target = M * 256^(E-3).
  std::uint32_t exponent = bits >> 24;
  std::uint32_t mantissa = bits & 0x007fffff;
  char text[16];
  std::snprintf(text, sizeof text, "%08x", bits);
  if (bits & 0x00800000) throw_expected({}, "bits", "a positive compact target (sign bit clear)", text);
  if (mantissa == 0) throw_expected({}, "bits", "a non-zero compact target", text);
  U256 t{};
  // Place the mantissa's bytes one by one (mantissa byte k has weight 256^(E-3+k)).
  for (int k = 0; k < 3; ++k) {
    std::uint32_t byte = (mantissa >> (8 * k)) & 0xff;
    int pos = static_cast<int>(exponent) - 3 + k;  // byte position in the 32-byte number
    if (byte == 0) continue;
    if (pos < 0) continue;  // shifted out below (exponent < 3)
    if (pos >= 32) throw_expected({}, "bits", "a compact target below 2^256", text);
    t[pos / 4] |= byte << (8 * (pos % 4));
  }
  if (exponent < 3) {
    // Right shift: mantissa >> 8*(3-E).
    t = U256{};
    t[0] = mantissa >> (8 * (3 - exponent));
    if (t[0] == 0) throw_expected({}, "bits", "a non-zero compact target", text);
  }
  return t;
}

U256 difficulty_to_target(double difficulty) {
  if (!(difficulty > 0) || !std::isfinite(difficulty))
    throw_usage("--share-difficulty: expected a positive number");
  // Difficulty-1 target = 0xffff * 2^208, so target = (65535 / d) * 2^208. Above 2^256 when
  // 65535 / d >= 2^48. Scale the quotient up to 64 significant bits, then place those bits.
  long double top = 65535.0L / static_cast<long double>(difficulty);
  if (top >= 0x1p48L) throw_usage("--share-difficulty: too small (the target would exceed 2^256)");
  int exp2 = 208;
  while (top < 0x1p63L && exp2 > 0) {
    top *= 2;
    --exp2;
  }
  auto v = static_cast<unsigned long long>(std::floor(top));
  U256 t{};
  for (int bit = 63; bit >= 0; --bit) {
    if (!((v >> bit) & 1ull)) continue;
    int pos = bit + exp2;
    t[static_cast<std::size_t>(pos / 32)] |= 1u << (pos % 32);
  }
  return t;
}

U256 parse_target_hex(std::string_view hex, std::string_view option) {
  if (hex.size() != 64) throw_usage(std::string(option) + ": expected 64 hex digits, got " + std::to_string(hex.size()));
  U256 t{};
  for (int i = 0; i < 64; ++i) {
    int v = hex_value(hex[static_cast<std::size_t>(i)]);
    if (v < 0) throw_usage(std::string(option) + ": expected hex digits, got \"" + quote_for_message(hex) + "\"");
    int nib = 63 - i;  // nibble index from least significant
    t[nib / 8] |= std::uint32_t(v) << (4 * (nib % 8));
  }
  return t;
}

std::string u256_hex(const U256& v) {
  char buf[65];
  for (int i = 0; i < 8; ++i) std::snprintf(buf + 8 * i, 9, "%08x", v[7 - i]);
  return std::string(buf, 64);
}

std::uint32_t BlockHeader::bits() const {
  return std::uint32_t(bytes[72]) | (std::uint32_t(bytes[73]) << 8) | (std::uint32_t(bytes[74]) << 16) |
         (std::uint32_t(bytes[75]) << 24);
}

std::uint32_t BlockHeader::nonce() const {
  return std::uint32_t(bytes[76]) | (std::uint32_t(bytes[77]) << 8) | (std::uint32_t(bytes[78]) << 16) |
         (std::uint32_t(bytes[79]) << 24);
}

void BlockHeader::set_nonce(std::uint32_t n) {
  for (int i = 0; i < 4; ++i) bytes[76 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(n >> (8 * i));
}

sha256::State BlockHeader::midstate() const {
  sha256::State s = sha256::initial_state;
  sha256::compress(s, bytes.data());
  return s;
}

std::array<std::uint32_t, 3> BlockHeader::tail_words() const {
  std::array<std::uint32_t, 3> w{};
  for (int i = 0; i < 3; ++i) {
    const std::uint8_t* p = bytes.data() + 64 + 4 * i;
    w[static_cast<std::size_t>(i)] =
        (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
  }
  return w;
}

BlockHeader parse_header_hex(std::string_view hex) {
  std::string_view t = hex;
  while (!t.empty() && (t.back() == '\n' || t.back() == '\r' || t.back() == ' ')) t.remove_suffix(1);
  while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
  if (t.size() != 160)
    throw_expected({}, "header", "160 hex digits (an 80-byte block header), got " + std::to_string(t.size()) +
                                     " characters:",
                   t);
  BlockHeader h;
  for (std::size_t i = 0; i < 80; ++i) {
    int a = hex_value(t[2 * i]), b = hex_value(t[2 * i + 1]);
    if (a < 0 || b < 0)
      throw_expected({}, "header", "hex digits only; bad character at position " + std::to_string(a < 0 ? 2 * i + 1 : 2 * i + 2) + " in", t);
    h.bytes[i] = static_cast<std::uint8_t>(a * 16 + b);
  }
  bits_to_target(h.bits());  // a malformed bits field is bad header data (65)
  return h;
}

sha256::Digest header_hash(BlockHeader h, std::uint32_t nonce) {
  h.set_nonce(nonce);
  return sha256::sha256d(h.bytes.data(), h.bytes.size());
}

std::string display_hex(const sha256::Digest& d) {
  sha256::Digest r;
  for (std::size_t i = 0; i < 32; ++i) r[i] = d[31 - i];
  return sha256::to_hex(r);
}

}  // namespace hs
