// CPU reference SHA-256 against the FIPS 180 / NIST example vectors, Bitcoin header hashing
// against real blocks, compact-target decoding, and the native sha256d path mining real blocks.
#include <catch2/catch.hpp>
#include <string>

#include "compute/sha256.hpp"
#include "compute/sha256_native.hpp"
#include "compute/sha256d.hpp"
#include "core/error.hpp"
#include "core/io.hpp"

using namespace hs;

namespace {
std::string data_header(const char* name) { return read_whole_file(std::string(HS_TEST_DATA) + "/hashbench/" + name); }
constexpr std::uint32_t kGenesisNonce = 2083236893u;
const char* kGenesisHash = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f";
constexpr std::uint32_t kBlock125552Nonce = 2504433986u;
const char* kBlock125552Hash = "00000000000000001e8d6829a8a21adc5d38d0a473b144b6765798e61f98bd1d";
}  // namespace

TEST_CASE("SHA-256 FIPS 180 example vectors", "[sha256]") {
  CHECK(sha256::to_hex(sha256::hash("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256::to_hex(sha256::hash("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256::to_hex(sha256::hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256::to_hex(sha256::hash("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmn"
                                    "opqrlmnopqrsmnopqrstnopqrstu")) ==
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  // One million 'a', fed in uneven pieces to exercise the buffering.
  sha256::Hasher h;
  std::string chunk(997, 'a');
  std::size_t left = 1000000;
  while (left > 0) {
    std::size_t n = std::min(left, chunk.size());
    h.update(chunk.data(), n);
    left -= n;
  }
  CHECK(sha256::to_hex(h.finish()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("Real block headers hash to their block hashes", "[sha256][header]") {
  auto g = parse_header_hex(data_header("genesis.hex"));
  CHECK(g.nonce() == kGenesisNonce);
  CHECK(g.bits() == 0x1d00ffffu);
  CHECK(display_hex(header_hash(g, g.nonce())) == kGenesisHash);
  auto b = parse_header_hex(data_header("block125552.hex"));
  CHECK(b.nonce() == kBlock125552Nonce);
  CHECK(b.bits() == 0x1a44b9f2u);  // 440711666, the block's difficulty bits
  CHECK(display_hex(header_hash(b, b.nonce())) == kBlock125552Hash);
  // One nonce off is a completely different hash, far above the target.
  CHECK(!u256_le(hash_to_u256(header_hash(b, b.nonce() + 1)), bits_to_target(b.bits())));
  CHECK(u256_le(hash_to_u256(header_hash(b, b.nonce())), bits_to_target(b.bits())));
}

TEST_CASE("Compact bits decode to targets", "[sha256][target]") {
  // 0x1d00ffff: mantissa 0x00ffff times 256^(0x1d - 3) = 0xffff * 2^208.
  CHECK(u256_hex(bits_to_target(0x1d00ffffu)) == "00000000ffff0000000000000000000000000000000000000000000000000000");
  // 0x1a44b9f2: 0x44b9f2 * 256^23.
  CHECK(u256_hex(bits_to_target(0x1a44b9f2u)) == "00000000000044b9f20000000000000000000000000000000000000000000000");
  CHECK(u256_hex(difficulty_to_target(1)) == u256_hex(bits_to_target(0x1d00ffffu)));
  // Difficulty 2 halves it: 0xffff * 2^207 = 0x7fff8 * 2^204.
  CHECK(u256_hex(difficulty_to_target(2)) == "000000007fff8000000000000000000000000000000000000000000000000000");
  auto code = [](std::uint32_t bits) {
    try {
      bits_to_target(bits);
    } catch (const Error& e) {
      return e.code();
    }
    return 0;
  };
  CHECK(code(0x1d80ffffu) == 65);  // sign bit set: a negative target
  CHECK(code(0x1d000000u) == 65);  // zero mantissa
  CHECK(code(0x2200ffffu) == 65);  // 0xffff * 256^31 overflows 256 bits
}

TEST_CASE("Malformed headers are bad data", "[sha256][header]") {
  auto code = [](const std::string& hex) {
    try {
      parse_header_hex(hex);
    } catch (const Error& e) {
      return e.code();
    }
    return 0;
  };
  std::string g = data_header("genesis.hex");
  g.resize(160);
  CHECK(code(g) == 0);
  CHECK(code(g.substr(0, 158)) == 65);  // 79 bytes
  CHECK(code(g + "00") == 65);          // 81 bytes
  std::string bad = g;
  bad[10] = 'x';
  CHECK(code(bad) == 65);
  std::string bits = g;
  bits.replace(144, 8, "ffff801d");  // bits 0x1d80ffff: sign bit set
  CHECK(code(bits) == 65);
}

TEST_CASE("Native paths agree with the reference on every nonce of a window", "[native]") {
  auto g = parse_header_hex(data_header("block125552.hex"));
  // A loose check target (top word <= 0x0fffffff, about 1 nonce in 16) so that many
  // nonces are compared, including a window that ends at the last nonce.
  NativeSha256d portable(2, /*force_portable=*/true);
  CHECK(portable.kind() == 0);
  CHECK(check_engine(portable, g, 1000, 5000).empty());
  CHECK(check_engine(portable, g, 0xffffffffu - 2999u, 3000).empty());
  NativeSha256d chosen(2);
  INFO("chosen: " << chosen.variant());
  CHECK(check_engine(chosen, g, 1000, 20001).empty());
  CHECK(check_engine(chosen, g, 0xffffffffu - 9998u, 9999).empty());

  // Each SIMD path on its own, where the CPU has it, against the reference nonce by nonce.
  auto pre = precompute_sha256d(g);
  auto tw = g.tail_words();
  std::uint32_t tail[3] = {tw[0], tw[1], tw[2]};
  const std::uint32_t start = 0xffffffffu - 4000u, count = 4001;  // ends at the last nonce
  std::vector<std::uint32_t> want;
  for (std::uint64_t i = 0; i < count; ++i) {
    auto n = static_cast<std::uint32_t>(start + i);
    if (hash_to_u256(header_hash(g, n))[7] <= 0x0fffffffu) want.push_back(n);
  }
  REQUIRE(want.size() > 150);  // about 4001 / 16
  std::vector<std::uint32_t> got;
  scan_portable(pre, tail, 0x0fffffffu, start, count, got);
  CHECK(got == want);
  if (cpu_has_sha_ni()) {
    got.clear();
    scan_sha_ni(pre, tail, 0x0fffffffu, start, count, got);
    CHECK(got == want);
  }
  if (cpu_has_avx512()) {
    got.clear();
    scan_avx512(pre, 0x0fffffffu, start, count, got);
    CHECK(got == want);
  }
  if (cpu_has_avx2()) {
    got.clear();
    scan_avx2(pre, 0x0fffffffu, start, count, got);
    CHECK(got == want);
  }
  if (cpu_has_avx512() && cpu_has_sha_ni()) {
    got.clear();
    scan_hybrid(pre, tail, 0x0fffffffu, start, count, got);
    CHECK(got == want);
  }
}

TEST_CASE("Native path mines the genesis block and block 125552", "[native][mine]") {
  for (bool portable : {false, true}) {
    NativeSha256d e(0, portable);
    // Portable is slower: a narrower window around the nonce.
    std::uint32_t half = portable ? 20000 : 300000;
    for (auto [file, nonce, hash] : {std::tuple{"genesis.hex", kGenesisNonce, kGenesisHash},
                                     std::tuple{"block125552.hex", kBlock125552Nonce, kBlock125552Hash}}) {
      auto h = parse_header_hex(data_header(file));
      U256 target = bits_to_target(h.bits());
      e.set_header(h, target_hi(target));
      auto hits = verify_candidates(h, e.scan(nonce - half, 2ull * half), target);
      INFO(file << (portable ? " portable" : " native"));
      REQUIRE(hits.size() == 1);
      CHECK(hits[0].nonce == nonce);
      CHECK(display_hex(hits[0].hash) == hash);
      CHECK(hits[0].meets_block_target);
    }
  }
}
