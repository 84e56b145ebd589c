#pragma once
// SHA-256 (FIPS 180-4) reference on the CPU, and Bitcoin block-header helpers: the header
// as 80 bytes, midstate of its first 64 bytes, sha256d, compact "bits" to a 256-bit target.
// This is the reference every kernel and the native path are checked against.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace hs::sha256 {

using State = std::array<std::uint32_t, 8>;
using Digest = std::array<std::uint8_t, 32>;

inline constexpr State initial_state = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
extern const std::uint32_t K[64];

// One compression of a 64-byte block into state (portable C++).
void compress(State& state, const std::uint8_t* block);

// Incremental hashing of any message.
class Hasher {
 public:
  void update(const void* data, std::size_t n);
  Digest finish();

 private:
  State state_ = initial_state;
  std::uint8_t buf_[64] = {};
  std::size_t buffered_ = 0;
  std::uint64_t total_ = 0;
};

Digest hash(const void* data, std::size_t n);
Digest hash(std::string_view s);
Digest sha256d(const void* data, std::size_t n);

std::string to_hex(const std::uint8_t* data, std::size_t n);
inline std::string to_hex(const Digest& d) { return to_hex(d.data(), d.size()); }

}  // namespace hs::sha256

namespace hs {

// A 256-bit unsigned number as 8 little-endian 32-bit limbs (limb 7 most significant), the
// way Bitcoin compares a hash (read little-endian) with a target.
using U256 = std::array<std::uint32_t, 8>;

// The hash as a number: digest bytes read little-endian.
U256 hash_to_u256(const sha256::Digest& d);
bool u256_le(const U256& a, const U256& b);  // a <= b
// "bits" (compact) to target. Negative, overflowing or zero mantissa: Error(65) naming field.
U256 bits_to_target(std::uint32_t bits);
// Target for a share difficulty: difficulty-1 target (bits 0x1d00ffff) / difficulty. d > 0.
U256 difficulty_to_target(double difficulty);
// 64 hex digits, big-endian (display order) to U256; bad text: Error(64) naming option.
U256 parse_target_hex(std::string_view hex, std::string_view option);
std::string u256_hex(const U256& v);  // display order

// An 80-byte block header (Bitcoin serialization).
struct BlockHeader {
  std::array<std::uint8_t, 80> bytes{};
  std::uint32_t bits() const;   // bytes 72..75, little-endian
  std::uint32_t nonce() const;  // bytes 76..79
  void set_nonce(std::uint32_t n);
  // Midstate: state after compressing bytes 0..63.
  sha256::State midstate() const;
  // The 3 header words after the first block (merkle tail, time, bits) as big-endian SHA words.
  std::array<std::uint32_t, 3> tail_words() const;
};

// Parses 160 hex digits. Anything else: Error(65) "header: expected 160 hex digits ...".
BlockHeader parse_header_hex(std::string_view hex);

// sha256d of header with nonce; display-order hex of that hash.
sha256::Digest header_hash(BlockHeader h, std::uint32_t nonce);
std::string display_hex(const sha256::Digest& d);

}  // namespace hs
