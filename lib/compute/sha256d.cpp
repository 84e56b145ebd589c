#include "compute/sha256d.hpp"

#include <algorithm>
#include <set>

namespace hs {

namespace {
inline std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }
inline std::uint32_t big_s0(std::uint32_t x) { return rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22); }
inline std::uint32_t big_s1(std::uint32_t x) { return rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25); }
inline std::uint32_t small_s0(std::uint32_t x) { return rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3); }
inline std::uint32_t small_s1(std::uint32_t x) { return rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10); }
}  // namespace

Sha256dPrecompute precompute_sha256d(const BlockHeader& h) {
  Sha256dPrecompute p{};
  auto mid = h.midstate();
  auto w = h.tail_words();
  for (int i = 0; i < 8; ++i) p.mid[i] = mid[static_cast<std::size_t>(i)];
  std::uint32_t a = mid[0], b = mid[1], c = mid[2], d = mid[3], e = mid[4], f = mid[5], g = mid[6], hh = mid[7];
  // Rounds 0-2 use only W0..W2: the same for every nonce.
  for (int i = 0; i < 3; ++i) {
    std::uint32_t t1 = hh + big_s1(e) + ((e & f) ^ (~e & g)) + sha256::K[i] + w[static_cast<std::size_t>(i)];
    std::uint32_t t2 = big_s0(a) + ((a & b) ^ (a & c) ^ (b & c));
    hh = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  // Round 3 less its W3 (nonce) term: P = h + S1(e) + Ch(e,f,g) + K3, T2 = S0(a) + Maj(a,b,c).
  std::uint32_t P = hh + big_s1(e) + ((e & f) ^ (~e & g)) + sha256::K[3];
  std::uint32_t T2 = big_s0(a) + ((a & b) ^ (a & c) ^ (b & c));
  p.pre[0] = a;
  p.pre[1] = b;
  p.pre[2] = c;
  p.pre[3] = d + P;
  p.pre[4] = e;
  p.pre[5] = f;
  p.pre[6] = g;
  p.pre[7] = P + T2;
  // Chunk 2 words: W0..W2 from the header, W3 nonce, W4 = 0x80000000, W5..W14 = 0, W15 = 640.
  std::uint32_t w16 = w[0] + small_s0(w[1]);
  std::uint32_t w17 = w[1] + small_s0(w[2]) + small_s1(640);
  p.wc[0] = w16;
  p.wc[1] = w17;
  p.wc[2] = w[2] + small_s1(w16);
  p.wc[3] = small_s0(0x80000000u) + small_s1(w17);
  return p;
}

std::vector<NonceHit> verify_candidates(const BlockHeader& h, std::vector<std::uint32_t> candidates,
                                        const U256& target) {
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  U256 block_target = bits_to_target(h.bits());
  std::vector<NonceHit> hits;
  for (auto n : candidates) {
    auto d = header_hash(h, n);
    auto v = hash_to_u256(d);
    if (!u256_le(v, target)) continue;
    hits.push_back({n, d, true, u256_le(v, block_target)});
  }
  return hits;
}

std::string check_engine(Sha256dEngine& e, const BlockHeader& h, std::uint32_t start, std::uint32_t count) {
  const std::uint32_t loose = 0x0fffffffu;
  e.set_header(h, loose);
  auto got_v = e.scan(start, count);
  std::set<std::uint32_t> got(got_v.begin(), got_v.end());
  std::set<std::uint32_t> want;
  for (std::uint64_t i = 0; i < count; ++i) {
    auto n = static_cast<std::uint32_t>(start + i);
    if (hash_to_u256(header_hash(h, n))[7] <= loose) want.insert(n);
  }
  if (got == want) return {};
  for (auto n : want)
    if (!got.count(n)) return "nonce " + std::to_string(n) + " meets the check target on the CPU but the device missed it";
  for (auto n : got)
    if (!want.count(n)) return "device reported nonce " + std::to_string(n) + " which the CPU reference rejects";
  return "candidate sets differ";
}

}  // namespace hs
