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

// SHA-NI keeps the state as two vectors, ABEF and CDGH (lane 3 first).
struct ShaState {
  __m128i abef, cdgh;
};

// K[i..i+3] as a vector.
#define HS_K(i) _mm_set_epi32(static_cast<int>(sha256::K[(i) + 3]), static_cast<int>(sha256::K[(i) + 2]), \
                              static_cast<int>(sha256::K[(i) + 1]), static_cast<int>(sha256::K[(i)]))

// N interleaved compressions: each of N independent messages (m[s][0..3], words in lanes
// 0..3) into its state. `rounds` is 64, or 62 for the early exit (then the result is not
// added to the input state and abef's lane 0 holds e61).
template <int N>
__attribute__((target("sha,sse4.1"), always_inline)) inline void compress_n(ShaState* st, __m128i (*m)[4],
                                                                             int rounds) {
  __m128i s0[N], s1[N];
  for (int s = 0; s < N; ++s) {
    s0[s] = st[s].abef;
    s1[s] = st[s].cdgh;
  }
#pragma GCC unroll 16
  for (int g = 0; g < 16; ++g) {  // 16 groups of 4 rounds
    if (g >= 4) {
#pragma GCC unroll 8
      for (int s = 0; s < N; ++s) {
        // W[4g..4g+3] from the previous 16 words: msg1 (sigma0), + W[i-7] (alignr), msg2 (sigma1).
        __m128i t = _mm_sha256msg1_epu32(m[s][g & 3], m[s][(g + 1) & 3]);
        t = _mm_add_epi32(t, _mm_alignr_epi8(m[s][(g + 3) & 3], m[s][(g + 2) & 3], 4));
        m[s][g & 3] = _mm_sha256msg2_epu32(t, m[s][(g + 3) & 3]);
      }
    }
    __m128i k = HS_K(4 * g);
    if (rounds == 62 && g == 15) {
      for (int s = 0; s < N; ++s) {
        __m128i wk = _mm_add_epi32(m[s][g & 3], k);
        s1[s] = _mm_sha256rnds2_epu32(s1[s], s0[s], wk);  // rounds 60, 61: s1 = ABEF
        st[s].abef = s1[s];
        st[s].cdgh = s0[s];
      }
      return;
    }
#pragma GCC unroll 8
    for (int s = 0; s < N; ++s) {
      __m128i wk = _mm_add_epi32(m[s][g & 3], k);
      s1[s] = _mm_sha256rnds2_epu32(s1[s], s0[s], wk);
      s0[s] = _mm_sha256rnds2_epu32(s0[s], s1[s], _mm_shuffle_epi32(wk, 0x0E));
    }
  }
  for (int s = 0; s < N; ++s) {
    st[s].abef = _mm_add_epi32(s0[s], st[s].abef);
    st[s].cdgh = _mm_add_epi32(s1[s], st[s].cdgh);
  }
}

__attribute__((target("sha,sse4.1"), always_inline)) inline ShaState to_sha_state(const std::uint32_t* h) {
  __m128i t = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h));      // A B C D (lane 0 = A)
  __m128i u = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h + 4));  // E F G H
  t = _mm_shuffle_epi32(t, 0xB1);                                        // B A D C
  u = _mm_shuffle_epi32(u, 0x1B);                                        // H G F E
  ShaState s;
  s.abef = _mm_alignr_epi8(t, u, 8);      // F E B A (lane 0 = F)
  s.cdgh = _mm_blend_epi16(u, t, 0xF0);   // H G D C
  return s;
}

// ABEF/CDGH back to the words A..H in two vectors (lane 0 first).
__attribute__((target("sha,sse4.1"), always_inline)) inline void from_sha_state(const ShaState& s, __m128i& lo,
                                                                                 __m128i& hi) {
  __m128i t = _mm_shuffle_epi32(s.abef, 0x1B);  // A B E F
  __m128i u = _mm_shuffle_epi32(s.cdgh, 0xB1);  // G H C D  -> want C D G H ordering handled by blends
  // lo = A B C D: lanes 0,1 from t, lanes 2,3 from u's C D (u lanes 2,3).
  lo = _mm_blend_epi16(t, u, 0xF0);
  // hi = E F G H: t lanes 2,3 (E F) into lanes 0,1; u lanes 0,1 (G H) into lanes 2,3.
  hi = _mm_alignr_epi8(u, t, 8);
}

constexpr int kStreams = 4;

}  // namespace

namespace {

// kStreams nonces from `first`, interleaved; n_valid of them are in the range.
__attribute__((target("sha,sse4.1"), always_inline)) inline void sha_ni_group(const ShaState& mid, const ShaState& iv,
                                                        const std::uint32_t tail[3], std::uint32_t target_hi,
                                                        std::uint32_t first, int n_valid,
                                                        std::vector<std::uint32_t>& out) {
  const __m128i pad1 = _mm_set_epi32(0, 0, 0, static_cast<int>(0x80000000u));
  const __m128i len1 = _mm_set_epi32(640, 0, 0, 0);
  const __m128i len2 = _mm_set_epi32(256, 0, 0, 0);
  ShaState st[kStreams];
  __m128i m[kStreams][4];
  for (int s = 0; s < kStreams; ++s) {
    st[s] = mid;
    m[s][0] = _mm_set_epi32(static_cast<int>(bswap32(first + static_cast<std::uint32_t>(s))),
                            static_cast<int>(tail[2]), static_cast<int>(tail[1]), static_cast<int>(tail[0]));
    m[s][1] = pad1;
    m[s][2] = _mm_setzero_si128();
    m[s][3] = len1;
  }
  compress_n<kStreams>(st, m, 64);
  for (int s = 0; s < kStreams; ++s) {
    from_sha_state(st[s], m[s][0], m[s][1]);
    m[s][2] = pad1;
    m[s][3] = len2;
    st[s] = iv;
  }
  compress_n<kStreams>(st, m, 62);
  for (int s = 0; s < n_valid; ++s) {
    auto e61 = static_cast<std::uint32_t>(_mm_cvtsi128_si32(st[s].abef));
    if (bswap32(e61 + 0x5be0cd19u) <= target_hi) out.push_back(first + static_cast<std::uint32_t>(s));
  }
}

}  // namespace

__attribute__((target("sha,sse4.1"))) void scan_sha_ni(const Sha256dPrecompute& p, const std::uint32_t tail[3], std::uint32_t target_hi,
                 std::uint32_t start, std::uint64_t count, std::vector<std::uint32_t>& out) {
  const ShaState mid = to_sha_state(p.mid);
  const ShaState iv = to_sha_state(sha256::initial_state.data());
  std::uint64_t i = 0;
  for (; i + kStreams <= count; i += kStreams)
    sha_ni_group(mid, iv, tail, target_hi, static_cast<std::uint32_t>(start + i), kStreams, out);
  if (i < count)
    sha_ni_group(mid, iv, tail, target_hi, static_cast<std::uint32_t>(start + i), static_cast<int>(count - i), out);
}

namespace {

// SIMD lanes across nonces with GCC vector types (AVX-512: 16 lanes, AVX2: 8), the same
// computation as the portable loop and the OpenCL kernel. Fully unrolled, so the zero words
// of both padded chunks fold away.
// A macro, not a function: vector arguments of a non-AVX function would change the ABI.
#define vrotr(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

template <typename V, int L>
__attribute__((always_inline)) inline void simd_block(const Sha256dPrecompute& p, std::uint32_t target_hi,
                                                      std::uint32_t start, std::uint64_t base, std::uint64_t count,
                                                      std::vector<std::uint32_t>& out) {
  V lanes;
  for (int l = 0; l < L; ++l) lanes[l] = static_cast<std::uint32_t>(l);
  {
    V nonce = static_cast<std::uint32_t>(start + base) + lanes;
    V w3 = ((nonce & 0xff) << 24) | ((nonce & 0xff00) << 8) | ((nonce >> 8) & 0xff00) | (nonce >> 24);
    V w[64];
    w[3] = w3;
    w[4] = V{} + 0x80000000u;
#pragma GCC unroll 16
    for (int i = 5; i < 15; ++i) w[i] = V{};
    w[15] = V{} + 640u;
    w[16] = V{} + p.wc[0];
    w[17] = V{} + p.wc[1];
    w[18] = p.wc[2] + (vrotr(w3, 7) ^ vrotr(w3, 18) ^ (w3 >> 3));
    w[19] = w3 + p.wc[3];
#pragma GCC unroll 64
    for (int i = 20; i < 64; ++i)
      w[i] = w[i - 16] + (vrotr(w[i - 15], 7) ^ vrotr(w[i - 15], 18) ^ (w[i - 15] >> 3)) + w[i - 7] +
             (vrotr(w[i - 2], 17) ^ vrotr(w[i - 2], 19) ^ (w[i - 2] >> 10));
    V A = V{} + p.pre[7] + w3, B = V{} + p.pre[0], C = V{} + p.pre[1], D = V{} + p.pre[2];
    V E = V{} + p.pre[3] + w3, F = V{} + p.pre[4], G = V{} + p.pre[5], H = V{} + p.pre[6];
#pragma GCC unroll 64
    for (int i = 4; i < 64; ++i) {
      V t1 = H + (vrotr(E, 6) ^ vrotr(E, 11) ^ vrotr(E, 25)) + ((E & F) ^ (~E & G)) + sha256::K[i] + w[i];
      V t2 = (vrotr(A, 2) ^ vrotr(A, 13) ^ vrotr(A, 22)) + ((A & B) ^ (A & C) ^ (B & C));
      H = G;
      G = F;
      F = E;
      E = D + t1;
      D = C;
      C = B;
      B = A;
      A = t1 + t2;
    }
    V x[64];
    x[0] = A + p.mid[0], x[1] = B + p.mid[1], x[2] = C + p.mid[2], x[3] = D + p.mid[3];
    x[4] = E + p.mid[4], x[5] = F + p.mid[5], x[6] = G + p.mid[6], x[7] = H + p.mid[7];
    x[8] = V{} + 0x80000000u;
#pragma GCC unroll 16
    for (int i = 9; i < 15; ++i) x[i] = V{};
    x[15] = V{} + 256u;
#pragma GCC unroll 64
    for (int i = 16; i < 61; ++i)
      x[i] = x[i - 16] + (vrotr(x[i - 15], 7) ^ vrotr(x[i - 15], 18) ^ (x[i - 15] >> 3)) + x[i - 7] +
             (vrotr(x[i - 2], 17) ^ vrotr(x[i - 2], 19) ^ (x[i - 2] >> 10));
    A = V{} + 0x6a09e667u, B = V{} + 0xbb67ae85u, C = V{} + 0x3c6ef372u, D = V{} + 0xa54ff53au;
    E = V{} + 0x510e527fu, F = V{} + 0x9b05688cu, G = V{} + 0x1f83d9abu, H = V{} + 0x5be0cd19u;
#pragma GCC unroll 64
    for (int i = 0; i < 61; ++i) {
      V t1 = H + (vrotr(E, 6) ^ vrotr(E, 11) ^ vrotr(E, 25)) + ((E & F) ^ (~E & G)) + sha256::K[i] + x[i];
      V t2 = (vrotr(A, 2) ^ vrotr(A, 13) ^ vrotr(A, 22)) + ((A & B) ^ (A & C) ^ (B & C));
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

template <typename V, int L>
__attribute__((always_inline)) inline void simd_scan(const Sha256dPrecompute& p, std::uint32_t target_hi,
                                                     std::uint32_t start, std::uint64_t count,
                                                     std::vector<std::uint32_t>& out) {
  for (std::uint64_t base = 0; base < count; base += L) simd_block<V, L>(p, target_hi, start, base, count, out);
}

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
// overlap the SHA unit's work with the vector ALUs' (16 + 4 nonces per step).
__attribute__((target("avx512f,avx512vl,sha,sse4.1"))) void scan_hybrid(const Sha256dPrecompute& p,
                                                                        const std::uint32_t tail[3],
                                                                        std::uint32_t target_hi, std::uint32_t start,
                                                                        std::uint64_t count,
                                                                        std::vector<std::uint32_t>& out) {
  const ShaState mid = to_sha_state(p.mid);
  const ShaState iv = to_sha_state(sha256::initial_state.data());
  constexpr int step = 16 + kStreams;
  std::uint64_t i = 0;
  for (; i + step <= count; i += step) {
    simd_block<v16u, 16>(p, target_hi, start, i, count, out);
    sha_ni_group(mid, iv, tail, target_hi, static_cast<std::uint32_t>(start + i + 16), kStreams, out);
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
  if (force_portable) return;
  std::vector<int> kinds;
  if (cpu_has_sha_ni()) kinds.push_back(1);
  if (cpu_has_avx512()) kinds.push_back(2);
  if (cpu_has_avx2() && !cpu_has_avx512()) kinds.push_back(3);
  if (cpu_has_sha_ni() && cpu_has_avx512()) kinds.push_back(4);
  // HS_NATIVE_CODE names one (portable, sha-ni, avx512, avx2, hybrid) for comparisons.
  if (const char* force = std::getenv("HS_NATIVE_CODE"); force && *force) {
    const char* names[] = {"portable", "sha-ni", "avx512", "avx2", "hybrid"};
    for (int k = 0; k < 5; ++k)
      if (std::string_view(force) == names[k] && (k == 0 || std::find(kinds.begin(), kinds.end(), k) != kinds.end())) {
        kind_ = k;
        return;
      }
    throw Error(exit_code::usage, "HS_NATIVE_CODE: \"" + std::string(force) +
                                      "\" is not one of portable, sha-ni, avx512, avx2, hybrid that this CPU has");
  }
  if (kinds.size() == 1) kind_ = kinds[0];
  if (kinds.size() <= 1) return;
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
  }
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
