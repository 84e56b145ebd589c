#include "compute/sha256_native.hpp"

#include <cpuid.h>
#include <immintrin.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string_view>
#include <cstring>
#include <thread>

#include "core/error.hpp"
#include "core/parse.hpp"

namespace hs {

bool cpu_has_sha_ni() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid_max(0, nullptr) < 7) return false;
  __cpuid_count(7, 0, a, b, c, d);
  bool sha = (b >> 29) & 1u;
  __cpuid(1, a, b, c, d);
  bool sse41 = (c >> 19) & 1u;
  bool ssse3 = (c >> 9) & 1u;
  return sha && sse41 && ssse3;
}

std::string cpu_brand() {
  unsigned regs[12] = {};
  if (__get_cpuid_max(0x80000000u, nullptr) < 0x80000004u) return "cpu";
  for (unsigned i = 0; i < 3; ++i) __cpuid(0x80000002u + i, regs[4 * i], regs[4 * i + 1], regs[4 * i + 2], regs[4 * i + 3]);
  char text[49] = {};
  std::memcpy(text, regs, 48);
  std::string s(text);
  auto b = s.find_first_not_of(' ');
  auto e = s.find_last_not_of(' ');
  return b == std::string::npos ? "cpu" : s.substr(b, e - b + 1);
}

namespace {
inline std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }
inline std::uint32_t bswap32(std::uint32_t x) { return __builtin_bswap32(x); }

// Portable: one nonce at a time, straight from the precomputed state (rounds 3..63), then
// the second hash to round 60 (H7 = e61 + IV7).
std::uint32_t top_word_portable(const Sha256dPrecompute& p, std::uint32_t w3) {
  std::uint32_t w[64];
  w[0] = 0;  // rounds 0-2 are precomputed; only W3.. and the schedule from W16 matter
  w[3] = w3;
  w[4] = 0x80000000u;
  for (int i = 5; i < 15; ++i) w[i] = 0;
  w[15] = 640;
  w[16] = p.wc[0];
  w[17] = p.wc[1];
  w[18] = p.wc[2] + (rotr(w3, 7) ^ rotr(w3, 18) ^ (w3 >> 3));
  w[19] = w3 + p.wc[3];
  for (int i = 20; i < 64; ++i)
    w[i] = w[i - 16] + (rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)) + w[i - 7] +
           (rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10));
  std::uint32_t a = p.pre[0], b = p.pre[1], c = p.pre[2], d = p.pre[3] + w3, e = p.pre[4], f = p.pre[5],
                g = p.pre[6], h = p.pre[7] + w3;
  // State after round 3, in role order a..h: (h, a, b, c, d, e, f, g).
  std::uint32_t s[8] = {h, a, b, c, d, e, f, g};
  auto run = [](std::uint32_t* st, const std::uint32_t* ww, int from, int to) {
    std::uint32_t A = st[0], B = st[1], C = st[2], D = st[3], E = st[4], F = st[5], G = st[6], H = st[7];
    for (int i = from; i < to; ++i) {
      std::uint32_t t1 = H + (rotr(E, 6) ^ rotr(E, 11) ^ rotr(E, 25)) + ((E & F) ^ (~E & G)) + sha256::K[i] + ww[i];
      std::uint32_t t2 = (rotr(A, 2) ^ rotr(A, 13) ^ rotr(A, 22)) + ((A & B) ^ (A & C) ^ (B & C));
      H = G;
      G = F;
      F = E;
      E = D + t1;
      D = C;
      C = B;
      B = A;
      A = t1 + t2;
    }
    st[0] = A, st[1] = B, st[2] = C, st[3] = D, st[4] = E, st[5] = F, st[6] = G, st[7] = H;
  };
  run(s, w, 4, 64);
  std::uint32_t x[64];
  for (int i = 0; i < 8; ++i) x[i] = p.mid[i] + s[i];
  x[8] = 0x80000000u;
  for (int i = 9; i < 15; ++i) x[i] = 0;
  x[15] = 256;
  for (int i = 16; i < 61; ++i)
    x[i] = x[i - 16] + (rotr(x[i - 15], 7) ^ rotr(x[i - 15], 18) ^ (x[i - 15] >> 3)) + x[i - 7] +
           (rotr(x[i - 2], 17) ^ rotr(x[i - 2], 19) ^ (x[i - 2] >> 10));
  std::uint32_t t[8];
  std::copy(sha256::initial_state.begin(), sha256::initial_state.end(), t);
  run(t, x, 0, 61);
  return bswap32(t[4] + 0x5be0cd19u);  // e61 + IV7, as the hash's top limb
}

}  // namespace

void scan_portable(const Sha256dPrecompute& p, const std::uint32_t /*tail*/[3], std::uint32_t target_hi,
                   std::uint32_t start, std::uint64_t count, std::vector<std::uint32_t>& out) {
  for (std::uint64_t i = 0; i < count; ++i) {
    auto n = static_cast<std::uint32_t>(start + i);
    if (top_word_portable(p, bswap32(n)) <= target_hi) out.push_back(n);
  }
}

namespace {

// SHA-NI keeps the state as two vectors, ABEF and CDGH (lane 0 = F, resp. H), and each
// sha256rnds2 does two rounds with W+K in lanes 0 and 1. One stream is a chain of dependent
// sha256rnds2 (several cycles of latency each), so kShaStreams nonces are interleaved to keep
// the SHA unit busy. What does not depend on the nonce is done once per scan (ShaPre):
// rounds 0-1 of the second chunk (W0, W1 are header words), the W+K of rounds 4-15 of that
// chunk and 8-15 of the second hash (padding words), the initial state of the second hash.
// The second hash stops after round 61: lane 0 of ABEF is then f62 = e61, and H7 = IV7 + e61
// is all the target test needs (the hash's top 32 bits are H7 byte-swapped).
// The loops over streams carry `#pragma GCC unroll`: left rolled (GCC 12 does not unroll them
// on its own) the streams run one after the other and the rate drops from 31 to 20 MH/s.
#define HS_SHA __attribute__((target("sha,sse4.1"), always_inline)) inline

HS_SHA __m128i k4(int i) {  // K[i..i+3], lane 0 = K[i]
  return _mm_set_epi32(static_cast<int>(sha256::K[i + 3]), static_cast<int>(sha256::K[i + 2]),
                       static_cast<int>(sha256::K[i + 1]), static_cast<int>(sha256::K[i]));
}
// W+K for rounds i and i+1 with constant words w0, w1 (lanes 0, 1).
HS_SHA __m128i kw2(int i, std::uint32_t w0, std::uint32_t w1) {
  return _mm_set_epi32(0, 0, static_cast<int>(sha256::K[i + 1] + w1), static_cast<int>(sha256::K[i] + w0));
}

// Words A..H (in memory order) to ABEF and CDGH.
HS_SHA void to_sha_state(const std::uint32_t* h, __m128i& abef, __m128i& cdgh) {
  __m128i t = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h));      // A B C D (lane 0 = A)
  __m128i u = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h + 4));  // E F G H
  t = _mm_shuffle_epi32(t, 0xB1);                                        // B A D C
  u = _mm_shuffle_epi32(u, 0x1B);                                        // H G F E
  abef = _mm_alignr_epi8(t, u, 8);                                       // F E B A (lane 0 = F)
  cdgh = _mm_blend_epi16(u, t, 0xF0);                                    // H G D C
}

struct ShaPre {
  __m128i abef2, cdgh2;       // chunk 2 state after rounds 0-1
  __m128i mid_abef, mid_cdgh;  // the midstate, added after round 63
  __m128i base;               // W0 W1 W2 0 (W3, the nonce, goes in lane 3)
  __m128i iv_abef, iv_cdgh;
};

HS_SHA ShaPre sha_pre(const Sha256dPrecompute& p, const std::uint32_t tail[3]) {
  std::uint32_t s[8];
  std::copy(p.mid, p.mid + 8, s);
  for (int i = 0; i < 2; ++i) {
    std::uint32_t a = s[0], e = s[4];
    std::uint32_t t1 = s[7] + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & s[5]) ^ (~e & s[6])) + sha256::K[i] +
                       tail[i];
    std::uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & s[1]) ^ (a & s[2]) ^ (s[1] & s[2]));
    for (int j = 7; j > 0; --j) s[j] = s[j - 1];
    s[4] += t1;
    s[0] = t1 + t2;
  }
  ShaPre r;
  to_sha_state(s, r.abef2, r.cdgh2);
  to_sha_state(p.mid, r.mid_abef, r.mid_cdgh);
  to_sha_state(sha256::initial_state.data(), r.iv_abef, r.iv_cdgh);
  r.base = _mm_set_epi32(0, static_cast<int>(tail[2]), static_cast<int>(tail[1]), static_cast<int>(tail[0]));
  return r;
}

// Rounds 4g..4g+3 for N streams from the schedule: W[4g..4g+3] from the previous 16 words
// (msg1: sigma0, alignr: W[i-7], msg2: sigma1), then two sha256rnds2. `x` holds ABEF on
// entry and CDGH on exit, `y` the other way round. `half` stops after rounds 4g, 4g+1.
template <int N>
HS_SHA void sched_rounds(__m128i* x, __m128i* y, __m128i* a, const __m128i* b, const __m128i* c, const __m128i* d,
                         __m128i k, bool half) {
  #pragma GCC unroll 8
  for (int s = 0; s < N; ++s) {
    __m128i t = _mm_add_epi32(_mm_sha256msg1_epu32(a[s], b[s]), _mm_alignr_epi8(d[s], c[s], 4));
    a[s] = _mm_sha256msg2_epu32(t, d[s]);
    __m128i wk = _mm_add_epi32(a[s], k);
    y[s] = _mm_sha256rnds2_epu32(y[s], x[s], wk);
    if (!half) x[s] = _mm_sha256rnds2_epu32(x[s], y[s], _mm_shuffle_epi32(wk, 0x0E));
  }
}
// Rounds 16..63 (or 16..61 with stop_at_62) from the schedule in m0..m3: twelve groups of 4,
// the message words rotating through the four vectors. ABEF in x, as sched_rounds.
template <int N>
HS_SHA void rounds_16_63(__m128i* x, __m128i* y, __m128i* m0, __m128i* m1, __m128i* m2, __m128i* m3,
                         bool stop_at_62) {
  #pragma GCC unroll 3
  for (int g = 4; g < 16; g += 4) {  // unrolled: g and every k4() are constants
    sched_rounds<N>(x, y, m0, m1, m2, m3, k4(4 * g), false);
    sched_rounds<N>(x, y, m1, m2, m3, m0, k4(4 * g + 4), false);
    sched_rounds<N>(x, y, m2, m3, m0, m1, k4(4 * g + 8), false);
    sched_rounds<N>(x, y, m3, m0, m1, m2, k4(4 * g + 12), stop_at_62 && g == 12);
  }
}
template <int N>
HS_SHA void const_rounds(__m128i* x, __m128i* y, __m128i kw) {  // two rounds; y becomes ABEF
  #pragma GCC unroll 8
  for (int s = 0; s < N; ++s) y[s] = _mm_sha256rnds2_epu32(y[s], x[s], kw);
}

// N nonces from `first`: top[s] = the top 32 bits of the hash of nonce first + s.
template <int N>
HS_SHA void sha_ni_group(const ShaPre& p, std::uint32_t first, std::uint32_t* top) {
  __m128i ab[N], cd[N], m0[N], m1[N], m2[N], m3[N];
  // Hash 1, second chunk, from round 2. W4 = 0x80000000, W5..W14 = 0, W15 = 640.
  #pragma GCC unroll 8
  for (int s = 0; s < N; ++s) {
    m0[s] = _mm_insert_epi32(p.base, static_cast<int>(bswap32(first + static_cast<std::uint32_t>(s))), 3);
    m1[s] = _mm_set_epi32(0, 0, 0, static_cast<int>(0x80000000u));
    m2[s] = _mm_setzero_si128();
    m3[s] = _mm_set_epi32(640, 0, 0, 0);
    ab[s] = p.abef2;
    cd[s] = p.cdgh2;
    // Rounds 2, 3 (W2, W3 in lanes 2, 3).
    cd[s] = _mm_sha256rnds2_epu32(cd[s], ab[s], _mm_shuffle_epi32(_mm_add_epi32(m0[s], k4(0)), 0x0E));
  }
  // ABEF in cd: rounds 4..15 with constant W+K.
  const_rounds<N>(cd, ab, kw2(4, 0x80000000u, 0));
  const_rounds<N>(ab, cd, kw2(6, 0, 0));
  const_rounds<N>(cd, ab, kw2(8, 0, 0));
  const_rounds<N>(ab, cd, kw2(10, 0, 0));
  const_rounds<N>(cd, ab, kw2(12, 0, 0));
  const_rounds<N>(ab, cd, kw2(14, 0, 640));
  // ABEF in cd, rounds 16..63: each group of 4 leaves ABEF where it found it.
  rounds_16_63<N>(cd, ab, m0, m1, m2, m3, false);
  // Add the midstate; the 8 words become hash 2's W0..W7. W8 = 0x80000000, W15 = 256.
  #pragma GCC unroll 8
  for (int s = 0; s < N; ++s) {
    __m128i abef = _mm_add_epi32(cd[s], p.mid_abef), cdgh = _mm_add_epi32(ab[s], p.mid_cdgh);
    __m128i t = _mm_shuffle_epi32(abef, 0x1B);  // A B E F
    __m128i u = _mm_shuffle_epi32(cdgh, 0xB1);  // G H C D
    m0[s] = _mm_blend_epi16(t, u, 0xF0);        // A B C D
    m1[s] = _mm_alignr_epi8(u, t, 8);           // E F G H
    m2[s] = _mm_set_epi32(0, 0, 0, static_cast<int>(0x80000000u));
    m3[s] = _mm_set_epi32(256, 0, 0, 0);
    ab[s] = p.iv_abef;
    cd[s] = p.iv_cdgh;
    __m128i wk = _mm_add_epi32(m0[s], k4(0));
    cd[s] = _mm_sha256rnds2_epu32(cd[s], ab[s], wk);
    ab[s] = _mm_sha256rnds2_epu32(ab[s], cd[s], _mm_shuffle_epi32(wk, 0x0E));
    wk = _mm_add_epi32(m1[s], k4(4));
    cd[s] = _mm_sha256rnds2_epu32(cd[s], ab[s], wk);
    ab[s] = _mm_sha256rnds2_epu32(ab[s], cd[s], _mm_shuffle_epi32(wk, 0x0E));
  }
  // ABEF in ab: rounds 8..15 constant.
  const_rounds<N>(ab, cd, kw2(8, 0x80000000u, 0));
  const_rounds<N>(cd, ab, kw2(10, 0, 0));
  const_rounds<N>(ab, cd, kw2(12, 0, 0));
  const_rounds<N>(cd, ab, kw2(14, 0, 256));
  rounds_16_63<N>(ab, cd, m0, m1, m2, m3, true);  // to round 61 only: ABEF then in cd
  #pragma GCC unroll 8
  for (int s = 0; s < N; ++s) top[s] = bswap32(static_cast<std::uint32_t>(_mm_cvtsi128_si32(cd[s])) + 0x5be0cd19u);
}

// 4 streams per thread: on Zen 4 (thread CPU time, 2 Mi nonces) 3 gave 30, 4 to 6 gave 31 and
// 8 gave 27-29 MH/s per core (8 streams spill registers). The remainder of a range is hashed
// as a full group and the nonces past it ignored.
constexpr int kShaStreams = 4;
constexpr int kHybridShaStreams = 4;

}  // namespace

__attribute__((target("sha,sse4.1"))) void scan_sha_ni(const Sha256dPrecompute& p, const std::uint32_t tail[3],
                                                      std::uint32_t target_hi, std::uint32_t start,
                                                      std::uint64_t count, std::vector<std::uint32_t>& out) {
  const ShaPre sp = sha_pre(p, tail);
  std::uint32_t top[kShaStreams];
  for (std::uint64_t i = 0; i < count; i += kShaStreams) {
    sha_ni_group<kShaStreams>(sp, static_cast<std::uint32_t>(start + i), top);
    for (int s = 0; s < kShaStreams; ++s)
      if (top[s] <= target_hi && i + static_cast<std::uint64_t>(s) < count)
        out.push_back(static_cast<std::uint32_t>(start + i + static_cast<std::uint64_t>(s)));
  }
}

namespace {

// SIMD lanes across nonces with GCC vector types (AVX-512: 16 lanes, AVX2: 8), the same
// computation as the portable loop and the OpenCL kernel. Fully unrolled, so the zero words
// of both padded chunks fold away.
// A macro, not a function: vector arguments of a non-AVX function would change the ABI.
#define vrotr(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
// Schedule word i (>= 16) of a 16-word ring r holding W[i-16..i-1] at index (j & 15).
#define HS_SCHED(r, i)                                                                              \
  (r[(i) & 15] + (vrotr(r[((i) - 15) & 15], 7) ^ vrotr(r[((i) - 15) & 15], 18) ^ (r[((i) - 15) & 15] >> 3)) + \
   r[((i) - 7) & 15] + (vrotr(r[((i) - 2) & 15], 17) ^ vrotr(r[((i) - 2) & 15], 19) ^ (r[((i) - 2) & 15] >> 10)))

// GCC 12 reports the ring's slots as maybe uninitialized where they are first written (a false
// positive of its vector lowering); every slot is set before the first round reads it.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
// Ch and Maj are written as g ^ (e & (f ^ g)) and (a & b) | (c & (a | b)), the forms the
// OpenCL kernel uses: GCC 12 emits one vpternlogd for each either way, but with these the
// AVX-512 loop ran at 102 against 97 MH/s on 2 Zen 4 cores (operand order, fewer copies on
// the critical path).
template <typename V, int L>
__attribute__((always_inline)) inline void simd_block(const Sha256dPrecompute& p, std::uint32_t target_hi,
                                                      std::uint32_t start, std::uint64_t base, std::uint64_t count,
                                                      std::vector<std::uint32_t>& out) {
  V lanes;
  for (int l = 0; l < L; ++l) lanes[l] = static_cast<std::uint32_t>(l);
  {
    V nonce = static_cast<std::uint32_t>(start + base) + lanes;
    V w3 = ((nonce & 0xff) << 24) | ((nonce & 0xff00) << 8) | ((nonce >> 8) & 0xff00) | (nonce >> 24);
    // The schedule as a 16-word ring, all indices known after unrolling, so it lives in
    // registers. (A zero-initialised w[64] here made GCC keep the array on the stack: 89
    // stores and as many reloads per block.)
    // Rounds 0-3 are precomputed and W0..W3 are read by nothing but W16..W19, which come
    // from the precomputed parts: slots 0-3 start out holding W16..W19.
    V w[16];
    w[0] = V{} + p.wc[0];
    w[1] = V{} + p.wc[1];
    w[2] = p.wc[2] + (vrotr(w3, 7) ^ vrotr(w3, 18) ^ (w3 >> 3));
    w[3] = w3 + p.wc[3];
    w[4] = V{} + 0x80000000u;
#pragma GCC unroll 16
    for (int i = 5; i < 15; ++i) w[i] = V{};
    w[15] = V{} + 640u;
    V A = V{} + p.pre[7] + w3, B = V{} + p.pre[0], C = V{} + p.pre[1], D = V{} + p.pre[2];
    V E = V{} + p.pre[3] + w3, F = V{} + p.pre[4], G = V{} + p.pre[5], H = V{} + p.pre[6];
#pragma GCC unroll 64
    for (int i = 4; i < 64; ++i) {
      // The schedule word is computed in its round, not all up front: fewer live vectors
      // (16 words + state) than there are registers, so nothing spills.
      if (i >= 20) w[i & 15] = HS_SCHED(w, i);
      V t1 = H + (vrotr(E, 6) ^ vrotr(E, 11) ^ vrotr(E, 25)) + (G ^ (E & (F ^ G))) + sha256::K[i] + w[i & 15];
      V t2 = (vrotr(A, 2) ^ vrotr(A, 13) ^ vrotr(A, 22)) + ((A & B) | (C & (A | B)));
      H = G;
      G = F;
      F = E;
      E = D + t1;
      D = C;
      C = B;
      B = A;
      A = t1 + t2;
    }
    V x[16];
    x[0] = A + p.mid[0], x[1] = B + p.mid[1], x[2] = C + p.mid[2], x[3] = D + p.mid[3];
    x[4] = E + p.mid[4], x[5] = F + p.mid[5], x[6] = G + p.mid[6], x[7] = H + p.mid[7];
    x[8] = V{} + 0x80000000u;
#pragma GCC unroll 16
    for (int i = 9; i < 15; ++i) x[i] = V{};
    x[15] = V{} + 256u;
    A = V{} + 0x6a09e667u, B = V{} + 0xbb67ae85u, C = V{} + 0x3c6ef372u, D = V{} + 0xa54ff53au;
    E = V{} + 0x510e527fu, F = V{} + 0x9b05688cu, G = V{} + 0x1f83d9abu, H = V{} + 0x5be0cd19u;
#pragma GCC unroll 64
    for (int i = 0; i < 61; ++i) {
      if (i >= 16) x[i & 15] = HS_SCHED(x, i);
      V t1 = H + (vrotr(E, 6) ^ vrotr(E, 11) ^ vrotr(E, 25)) + (G ^ (E & (F ^ G))) + sha256::K[i] + x[i & 15];
      V t2 = (vrotr(A, 2) ^ vrotr(A, 13) ^ vrotr(A, 22)) + ((A & B) | (C & (A | B)));
      H = G;
      G = F;
      F = E;
      E = D + t1;
      D = C;
      C = B;
      B = A;
      A = t1 + t2;
    }
    V top = E + 0x5be0cd19u;  // e61 + IV7
    top = ((top & 0xff) << 24) | ((top & 0xff00) << 8) | ((top >> 8) & 0xff00) | (top >> 24);
    for (int l = 0; l < L; ++l)
      if (top[l] <= target_hi && base + static_cast<std::uint64_t>(l) < count)
        out.push_back(static_cast<std::uint32_t>(start + base + static_cast<std::uint64_t>(l)));
  }
}

#pragma GCC diagnostic pop

template <typename V, int L>
__attribute__((always_inline)) inline void simd_scan(const Sha256dPrecompute& p, std::uint32_t target_hi,
                                                     std::uint32_t start, std::uint64_t count,
                                                     std::vector<std::uint32_t>& out) {
  for (std::uint64_t base = 0; base < count; base += L) simd_block<V, L>(p, target_hi, start, base, count, out);
}

#undef HS_SCHED
#undef vrotr
typedef std::uint32_t v16u __attribute__((vector_size(64)));
typedef std::uint32_t v8u __attribute__((vector_size(32)));

}  // namespace

bool cpu_has_avx512() { return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl"); }
bool cpu_has_avx2() { return __builtin_cpu_supports("avx2"); }

__attribute__((target("avx512f,avx512vl"))) void scan_avx512(const Sha256dPrecompute& p, std::uint32_t target_hi,
                                                             std::uint32_t start, std::uint64_t count,
                                                             std::vector<std::uint32_t>& out) {
  simd_scan<v16u, 16>(p, target_hi, start, count, out);
}

// SHA-NI and AVX-512 in one loop: their instructions are independent, so the core can
// overlap the SHA unit's work with the vector ALUs' (16 + kHybridShaStreams nonces per step).
__attribute__((target("avx512f,avx512vl,sha,sse4.1"))) void scan_hybrid(const Sha256dPrecompute& p,
                                                                        const std::uint32_t tail[3],
                                                                        std::uint32_t target_hi, std::uint32_t start,
                                                                        std::uint64_t count,
                                                                        std::vector<std::uint32_t>& out) {
  const ShaPre sp = sha_pre(p, tail);
  constexpr int step = 16 + kHybridShaStreams;
  std::uint32_t top[kHybridShaStreams];
  std::uint64_t i = 0;
  for (; i + step <= count; i += step) {
    simd_block<v16u, 16>(p, target_hi, start, i, count, out);
    auto first = static_cast<std::uint32_t>(start + i + 16);
    sha_ni_group<kHybridShaStreams>(sp, first, top);
    for (int s = 0; s < kHybridShaStreams; ++s)
      if (top[s] <= target_hi) out.push_back(first + static_cast<std::uint32_t>(s));
  }
  if (i < count) simd_scan<v16u, 16>(p, target_hi, static_cast<std::uint32_t>(start + i), count - i, out);
}

__attribute__((target("avx2"))) void scan_avx2(const Sha256dPrecompute& p, std::uint32_t target_hi,
                                               std::uint32_t start, std::uint64_t count,
                                               std::vector<std::uint32_t>& out) {
  simd_scan<v8u, 8>(p, target_hi, start, count, out);
}

namespace {
using ScanFn = void (*)(const Sha256dPrecompute&, const std::uint32_t*, std::uint32_t, std::uint32_t, std::uint64_t,
                        std::vector<std::uint32_t>&);
void scan_avx512_t(const Sha256dPrecompute& p, const std::uint32_t*, std::uint32_t t, std::uint32_t s,
                   std::uint64_t c, std::vector<std::uint32_t>& o) {
  scan_avx512(p, t, s, c, o);
}
void scan_avx2_t(const Sha256dPrecompute& p, const std::uint32_t*, std::uint32_t t, std::uint32_t s, std::uint64_t c,
                 std::vector<std::uint32_t>& o) {
  scan_avx2(p, t, s, c, o);
}
const char* const kKindNames[] = {"portable", "sha-ni x4", "avx512 x16", "avx2 x8", "avx512 x16 + sha-ni x4"};
ScanFn kind_fn(int kind) {
  switch (kind) {
    case 1:
      return scan_sha_ni;
    case 2:
      return scan_avx512_t;
    case 3:
      return scan_avx2_t;
    case 4:
      return scan_hybrid;
    default:
      return scan_portable;
  }
}
}  // namespace

NativeSha256d::NativeSha256d(unsigned threads, bool force_portable)
    : threads_(threads ? threads : std::max(1u, std::thread::hardware_concurrency())) {
  // Which code is fastest depends on the core (SHA-NI throughput differs widely between
  // processors): time each available one briefly on one thread and keep the fastest.
  kind_ = 0;
  choice_ = "portable: asked for";
  if (force_portable) return;
  std::vector<int> kinds;
  if (cpu_has_sha_ni()) kinds.push_back(1);
  if (cpu_has_avx512()) kinds.push_back(2);
  if (cpu_has_avx2() && !cpu_has_avx512()) kinds.push_back(3);
  // The hybrid (AVX-512 and SHA-NI in one loop) is not timed: both compete for the same
  // vector pipes, and on Zen 4 it ran at 27 MH/s per core against 31 for either alone.
  const bool hybrid_ok = cpu_has_sha_ni() && cpu_has_avx512();
  // HS_NATIVE_CODE names one (portable, sha-ni, avx512, avx2, hybrid) for comparisons.
  if (const char* force = std::getenv("HS_NATIVE_CODE"); force && *force) {
    const char* names[] = {"portable", "sha-ni", "avx512", "avx2", "hybrid"};
    for (int k = 0; k < 5; ++k)
      if (std::string_view(force) == names[k] &&
          (k == 0 || (k == 4 && hybrid_ok) || std::find(kinds.begin(), kinds.end(), k) != kinds.end())) {
        kind_ = k;
        choice_ = std::string(kKindNames[k]) + ": chosen by HS_NATIVE_CODE";
        return;
      }
    throw Error(exit_code::usage, "HS_NATIVE_CODE: \"" + std::string(force) +
                                      "\" is not one of portable, sha-ni, avx512, avx2, hybrid that this CPU has");
  }
  if (kinds.empty()) choice_ = "portable: this CPU has neither SHA-NI nor AVX-512 nor AVX2";
  if (kinds.size() == 1) {
    kind_ = kinds[0];
    choice_ = std::string(kKindNames[kind_]) + ": the only vector path this CPU has";
  }
  if (kinds.size() <= 1) return;
  std::string rates;
  Sha256dPrecompute p{};
  std::uint32_t tail[3] = {1, 2, 3};
  double best = 1e30;
  for (int k : kinds) {
    std::vector<std::uint32_t> out;
    double t_best = 1e30;
    for (int rep = 0; rep < 3; ++rep) {
      auto t0 = std::chrono::steady_clock::now();
      kind_fn(k)(p, tail, 0, 0, 1u << 15, out);
      t_best = std::min(t_best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    if (t_best < best) {
      best = t_best;
      kind_ = k;
    }
    rates += std::string(rates.empty() ? "" : ", ") + kKindNames[k] + " " +
             format_fixed(static_cast<double>(1u << 15) / t_best / 1e6, 1) + " MH/s";
  }
  choice_ = std::string(kKindNames[kind_]) + ": the fastest on one thread in a start-up trial (" + rates +
            "); every run times them anew, so a close race may go either way (HS_NATIVE_CODE fixes one)";
}

std::string NativeSha256d::device_name() const { return "native: " + cpu_brand(); }

std::string NativeSha256d::variant() const { return std::string("native ") + kKindNames[kind_]; }

void NativeSha256d::set_header(const BlockHeader& h, std::uint32_t target_hi) {
  pre_ = precompute_sha256d(h);
  auto t = h.tail_words();
  std::copy(t.begin(), t.end(), tail_);
  target_hi_ = target_hi;
}

std::vector<std::uint32_t> NativeSha256d::scan(std::uint32_t start, std::uint64_t count) {
  if (static_cast<std::uint64_t>(start) + count > (1ull << 32)) throw_usage("nonce range passes 2^32");
  unsigned nt = count < 4096 ? 1u : threads_;
  std::vector<std::vector<std::uint32_t>> parts(nt);
  auto work = [&](unsigned t) {
    std::uint64_t lo = count * t / nt, hi = count * (t + 1) / nt;
    auto s = static_cast<std::uint32_t>(start + lo);
    std::uint64_t c = hi - lo;
    kind_fn(kind_)(pre_, tail_, target_hi_, s, c, parts[t]);
  };
  if (nt == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < nt; ++t) pool.emplace_back(work, t);
    for (auto& th : pool) th.join();
  }
  std::vector<std::uint32_t> out;
  for (auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

}  // namespace hs
