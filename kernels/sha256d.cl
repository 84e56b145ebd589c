// sha256d over Bitcoin block headers: one work-item scans NPI groups of VW nonces.
// The host gives the midstate of the header's first 64 bytes and everything of the second
// chunk that does not depend on the nonce: the state after rounds 0-2, round 3 less its W3
// term (d1 = d + P, h1 = P + T2 where P = h + S1(e) + Ch(e,f,g) + K3), and the schedule words
// W16, W17 and the constant parts of W18 and W19. The zero words of both padded chunks are
// literals here, so the compiler folds them away. The second hash stops after round 60:
// its last word H7 = IV7 + e61 is all the target test needs (the hash's most significant
// 32 bits are H7 byte-swapped). Candidates go to `out`; the host re-checks each one fully.
// Compile-time parameters: VW (1, 2, 4, 8, 16: nonces per vector), NPI (vectors per item).
#ifndef VW
#define VW 8
#endif
#ifndef NPI
#define NPI 16
#endif
#ifndef MAX_HITS
#define MAX_HITS 1023
#endif

#if VW == 1
typedef uint vu;
#define LANES ((vu)(0u))
#elif VW == 2
typedef uint2 vu;
#define LANES ((vu)(0u, 1u))
#elif VW == 4
typedef uint4 vu;
#define LANES ((vu)(0u, 1u, 2u, 3u))
#elif VW == 8
typedef uint8 vu;
#define LANES ((vu)(0u, 1u, 2u, 3u, 4u, 5u, 6u, 7u))
#elif VW == 16
typedef uint16 vu;
#define LANES ((vu)(0u, 1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u, 9u, 10u, 11u, 12u, 13u, 14u, 15u))
#else
#error "VW must be 1, 2, 4, 8 or 16"
#endif

// rotate() is a left rotation: ROTR n == rotate by 32 - n (one instruction on AVX-512, GPUs).
#define ROTR(x, n) rotate((x), (vu)(32u - (n)))
#define S0(x) (ROTR(x, 2) ^ ROTR(x, 13) ^ ROTR(x, 22))
#define S1(x) (ROTR(x, 6) ^ ROTR(x, 11) ^ ROTR(x, 25))
#define s0(x) (ROTR(x, 7) ^ ROTR(x, 18) ^ ((x) >> 3))
#define s1(x) (ROTR(x, 17) ^ ROTR(x, 19) ^ ((x) >> 10))
// Ch and Maj as plain logic, each one ternary-logic instruction (vpternlogd) where the target
// has one. Not bitselect(): PoCL 3.1 (LLVM 15) lowers bitselect to and/andn/or, and these
// forms cut the AVX-512 kernel from 12355 to 11581 instructions (no vpandd/vpandnd left).
#define CH(e, f, g) ((g) ^ ((e) & ((f) ^ (g))))
#define MAJ(a, b, c) (((a) & (b)) | ((c) & ((a) | (b))))
#define RND(a, b, c, d, e, f, g, h, kw)            \
  {                                                \
    vu t1_ = (h) + S1(e) + CH(e, f, g) + (kw);     \
    (d) += t1_;                                    \
    (h) = t1_ + S0(a) + MAJ(a, b, c);              \
  }
// Byte swap from two masked rotations.
#define BSWAP(x) (ROTR((x) & (vu)0x00ff00ffu, 8) | ROTR((x) & (vu)0xff00ff00u, 24))

__kernel void sha256d_scan(const uint8 mid, const uint8 pre, const uint4 wc, const uint start, const uint count,
                           const uint target_hi, __global uint* restrict out) {
  const uint item = (uint)get_global_id(0);
  for (uint it = 0; it < NPI; ++it) {
    const uint off0 = (item * NPI + it) * VW;
    const vu nonce = (vu)(start + off0) + LANES;
    const vu w3 = BSWAP(nonce);  // the header stores the nonce little-endian
    // Hash 1, second chunk, from round 3.
    vu A = (vu)pre.s0, B = (vu)pre.s1, C = (vu)pre.s2, D = (vu)pre.s3 + w3;
    vu E = (vu)pre.s4, F = (vu)pre.s5, G = (vu)pre.s6, H = (vu)pre.s7 + w3;
    RND(H, A, B, C, D, E, F, G, 0xb956c25bu);
    RND(G, H, A, B, C, D, E, F, 0x59f111f1u);
    RND(F, G, H, A, B, C, D, E, 0x923f82a4u);
    RND(E, F, G, H, A, B, C, D, 0xab1c5ed5u);
    RND(D, E, F, G, H, A, B, C, 0xd807aa98u);
    RND(C, D, E, F, G, H, A, B, 0x12835b01u);
    RND(B, C, D, E, F, G, H, A, 0x243185beu);
    RND(A, B, C, D, E, F, G, H, 0x550c7dc3u);
    RND(H, A, B, C, D, E, F, G, 0x72be5d74u);
    RND(G, H, A, B, C, D, E, F, 0x80deb1feu);
    RND(F, G, H, A, B, C, D, E, 0x9bdc06a7u);
    RND(E, F, G, H, A, B, C, D, 0xc19bf3f4u);
    vu w0 = (vu)wc.s0;
    vu w1 = (vu)wc.s1;
    vu w2 = (vu)wc.s2 + s0(w3);
    vu w3b = w3 + (vu)wc.s3;
#define w3 w3b
    RND(D, E, F, G, H, A, B, C, 0xe49b69c1u + w0);
    RND(C, D, E, F, G, H, A, B, 0xefbe4786u + w1);
    RND(B, C, D, E, F, G, H, A, 0x0fc19dc6u + w2);
    RND(A, B, C, D, E, F, G, H, 0x240ca1ccu + w3);
    vu w4 = 0x80000000u + s1(w2);
    RND(H, A, B, C, D, E, F, G, 0x2de92c6fu + w4);
    vu w5 = s1(w3);
    RND(G, H, A, B, C, D, E, F, 0x4a7484aau + w5);
    vu w6 = 0x00000280u + s1(w4);
    RND(F, G, H, A, B, C, D, E, 0x5cb0a9dcu + w6);
    vu w7 = w0 + s1(w5);
    RND(E, F, G, H, A, B, C, D, 0x76f988dau + w7);
    vu w8 = w1 + s1(w6);
    RND(D, E, F, G, H, A, B, C, 0x983e5152u + w8);
    vu w9 = w2 + s1(w7);
    RND(C, D, E, F, G, H, A, B, 0xa831c66du + w9);
    vu w10 = w3 + s1(w8);
    RND(B, C, D, E, F, G, H, A, 0xb00327c8u + w10);
    vu w11 = w4 + s1(w9);
    RND(A, B, C, D, E, F, G, H, 0xbf597fc7u + w11);
    vu w12 = w5 + s1(w10);
    RND(H, A, B, C, D, E, F, G, 0xc6e00bf3u + w12);
    vu w13 = w6 + s1(w11);
    RND(G, H, A, B, C, D, E, F, 0xd5a79147u + w13);
    vu w14 = 0x00a00055u + w7 + s1(w12);
    RND(F, G, H, A, B, C, D, E, 0x06ca6351u + w14);
    vu w15 = 0x00000280u + s0(w0) + w8 + s1(w13);
    RND(E, F, G, H, A, B, C, D, 0x14292967u + w15);
    w0 = w0 + s0(w1) + w9 + s1(w14);
    RND(D, E, F, G, H, A, B, C, 0x27b70a85u + w0);
    w1 = w1 + s0(w2) + w10 + s1(w15);
    RND(C, D, E, F, G, H, A, B, 0x2e1b2138u + w1);
    w2 = w2 + s0(w3) + w11 + s1(w0);
    RND(B, C, D, E, F, G, H, A, 0x4d2c6dfcu + w2);
    w3 = w3 + s0(w4) + w12 + s1(w1);
    RND(A, B, C, D, E, F, G, H, 0x53380d13u + w3);
    w4 = w4 + s0(w5) + w13 + s1(w2);
    RND(H, A, B, C, D, E, F, G, 0x650a7354u + w4);
    w5 = w5 + s0(w6) + w14 + s1(w3);
    RND(G, H, A, B, C, D, E, F, 0x766a0abbu + w5);
    w6 = w6 + s0(w7) + w15 + s1(w4);
    RND(F, G, H, A, B, C, D, E, 0x81c2c92eu + w6);
    w7 = w7 + s0(w8) + w0 + s1(w5);
    RND(E, F, G, H, A, B, C, D, 0x92722c85u + w7);
    w8 = w8 + s0(w9) + w1 + s1(w6);
    RND(D, E, F, G, H, A, B, C, 0xa2bfe8a1u + w8);
    w9 = w9 + s0(w10) + w2 + s1(w7);
    RND(C, D, E, F, G, H, A, B, 0xa81a664bu + w9);
    w10 = w10 + s0(w11) + w3 + s1(w8);
    RND(B, C, D, E, F, G, H, A, 0xc24b8b70u + w10);
    w11 = w11 + s0(w12) + w4 + s1(w9);
    RND(A, B, C, D, E, F, G, H, 0xc76c51a3u + w11);
    w12 = w12 + s0(w13) + w5 + s1(w10);
    RND(H, A, B, C, D, E, F, G, 0xd192e819u + w12);
    w13 = w13 + s0(w14) + w6 + s1(w11);
    RND(G, H, A, B, C, D, E, F, 0xd6990624u + w13);
    w14 = w14 + s0(w15) + w7 + s1(w12);
    RND(F, G, H, A, B, C, D, E, 0xf40e3585u + w14);
    w15 = w15 + s0(w0) + w8 + s1(w13);
    RND(E, F, G, H, A, B, C, D, 0x106aa070u + w15);
    w0 = w0 + s0(w1) + w9 + s1(w14);
    RND(D, E, F, G, H, A, B, C, 0x19a4c116u + w0);
    w1 = w1 + s0(w2) + w10 + s1(w15);
    RND(C, D, E, F, G, H, A, B, 0x1e376c08u + w1);
    w2 = w2 + s0(w3) + w11 + s1(w0);
    RND(B, C, D, E, F, G, H, A, 0x2748774cu + w2);
    w3 = w3 + s0(w4) + w12 + s1(w1);
    RND(A, B, C, D, E, F, G, H, 0x34b0bcb5u + w3);
    w4 = w4 + s0(w5) + w13 + s1(w2);
    RND(H, A, B, C, D, E, F, G, 0x391c0cb3u + w4);
    w5 = w5 + s0(w6) + w14 + s1(w3);
    RND(G, H, A, B, C, D, E, F, 0x4ed8aa4au + w5);
    w6 = w6 + s0(w7) + w15 + s1(w4);
    RND(F, G, H, A, B, C, D, E, 0x5b9cca4fu + w6);
    w7 = w7 + s0(w8) + w0 + s1(w5);
    RND(E, F, G, H, A, B, C, D, 0x682e6ff3u + w7);
    w8 = w8 + s0(w9) + w1 + s1(w6);
    RND(D, E, F, G, H, A, B, C, 0x748f82eeu + w8);
    w9 = w9 + s0(w10) + w2 + s1(w7);
    RND(C, D, E, F, G, H, A, B, 0x78a5636fu + w9);
    w10 = w10 + s0(w11) + w3 + s1(w8);
    RND(B, C, D, E, F, G, H, A, 0x84c87814u + w10);
    w11 = w11 + s0(w12) + w4 + s1(w9);
    RND(A, B, C, D, E, F, G, H, 0x8cc70208u + w11);
    w12 = w12 + s0(w13) + w5 + s1(w10);
    RND(H, A, B, C, D, E, F, G, 0x90befffau + w12);
    w13 = w13 + s0(w14) + w6 + s1(w11);
    RND(G, H, A, B, C, D, E, F, 0xa4506cebu + w13);
    w14 = w14 + s0(w15) + w7 + s1(w12);
    RND(F, G, H, A, B, C, D, E, 0xbef9a3f7u + w14);
    w15 = w15 + s0(w0) + w8 + s1(w13);
    RND(E, F, G, H, A, B, C, D, 0xc67178f2u + w15);
#undef w3
    // Hash 2 over the 32-byte result.
    vu x0 = (vu)mid.s0 + D, x1 = (vu)mid.s1 + E, x2 = (vu)mid.s2 + F, x3 = (vu)mid.s3 + G;
    vu x4 = (vu)mid.s4 + H, x5 = (vu)mid.s5 + A, x6 = (vu)mid.s6 + B, x7 = (vu)mid.s7 + C;
    vu a = (vu)0x6a09e667u, b = (vu)0xbb67ae85u, c = (vu)0x3c6ef372u, d = (vu)0xa54ff53au;
    vu e = (vu)0x510e527fu, f = (vu)0x9b05688cu, g = (vu)0x1f83d9abu, h = (vu)0x5be0cd19u;
    RND(a, b, c, d, e, f, g, h, 0x428a2f98u + x0);
    RND(h, a, b, c, d, e, f, g, 0x71374491u + x1);
    RND(g, h, a, b, c, d, e, f, 0xb5c0fbcfu + x2);
    RND(f, g, h, a, b, c, d, e, 0xe9b5dba5u + x3);
    RND(e, f, g, h, a, b, c, d, 0x3956c25bu + x4);
    RND(d, e, f, g, h, a, b, c, 0x59f111f1u + x5);
    RND(c, d, e, f, g, h, a, b, 0x923f82a4u + x6);
    RND(b, c, d, e, f, g, h, a, 0xab1c5ed5u + x7);
    RND(a, b, c, d, e, f, g, h, 0x5807aa98u);
    RND(h, a, b, c, d, e, f, g, 0x12835b01u);
    RND(g, h, a, b, c, d, e, f, 0x243185beu);
    RND(f, g, h, a, b, c, d, e, 0x550c7dc3u);
    RND(e, f, g, h, a, b, c, d, 0x72be5d74u);
    RND(d, e, f, g, h, a, b, c, 0x80deb1feu);
    RND(c, d, e, f, g, h, a, b, 0x9bdc06a7u);
    RND(b, c, d, e, f, g, h, a, 0xc19bf274u);
    x0 = x0 + s0(x1);
    RND(a, b, c, d, e, f, g, h, 0xe49b69c1u + x0);
    x1 = x1 + s0(x2) + 0x00a00000u;
    RND(h, a, b, c, d, e, f, g, 0xefbe4786u + x1);
    x2 = x2 + s0(x3) + s1(x0);
    RND(g, h, a, b, c, d, e, f, 0x0fc19dc6u + x2);
    x3 = x3 + s0(x4) + s1(x1);
    RND(f, g, h, a, b, c, d, e, 0x240ca1ccu + x3);
    x4 = x4 + s0(x5) + s1(x2);
    RND(e, f, g, h, a, b, c, d, 0x2de92c6fu + x4);
    x5 = x5 + s0(x6) + s1(x3);
    RND(d, e, f, g, h, a, b, c, 0x4a7484aau + x5);
    x6 = x6 + s0(x7) + 0x00000100u + s1(x4);
    RND(c, d, e, f, g, h, a, b, 0x5cb0a9dcu + x6);
    x7 = x7 + 0x11002000u + x0 + s1(x5);
    RND(b, c, d, e, f, g, h, a, 0x76f988dau + x7);
    vu x8 = 0x80000000u + x1 + s1(x6);
    RND(a, b, c, d, e, f, g, h, 0x983e5152u + x8);
    vu x9 = x2 + s1(x7);
    RND(h, a, b, c, d, e, f, g, 0xa831c66du + x9);
    vu x10 = x3 + s1(x8);
    RND(g, h, a, b, c, d, e, f, 0xb00327c8u + x10);
    vu x11 = x4 + s1(x9);
    RND(f, g, h, a, b, c, d, e, 0xbf597fc7u + x11);
    vu x12 = x5 + s1(x10);
    RND(e, f, g, h, a, b, c, d, 0xc6e00bf3u + x12);
    vu x13 = x6 + s1(x11);
    RND(d, e, f, g, h, a, b, c, 0xd5a79147u + x13);
    vu x14 = 0x00400022u + x7 + s1(x12);
    RND(c, d, e, f, g, h, a, b, 0x06ca6351u + x14);
    vu x15 = 0x00000100u + s0(x0) + x8 + s1(x13);
    RND(b, c, d, e, f, g, h, a, 0x14292967u + x15);
    x0 = x0 + s0(x1) + x9 + s1(x14);
    RND(a, b, c, d, e, f, g, h, 0x27b70a85u + x0);
    x1 = x1 + s0(x2) + x10 + s1(x15);
    RND(h, a, b, c, d, e, f, g, 0x2e1b2138u + x1);
    x2 = x2 + s0(x3) + x11 + s1(x0);
    RND(g, h, a, b, c, d, e, f, 0x4d2c6dfcu + x2);
    x3 = x3 + s0(x4) + x12 + s1(x1);
    RND(f, g, h, a, b, c, d, e, 0x53380d13u + x3);
    x4 = x4 + s0(x5) + x13 + s1(x2);
    RND(e, f, g, h, a, b, c, d, 0x650a7354u + x4);
    x5 = x5 + s0(x6) + x14 + s1(x3);
    RND(d, e, f, g, h, a, b, c, 0x766a0abbu + x5);
    x6 = x6 + s0(x7) + x15 + s1(x4);
    RND(c, d, e, f, g, h, a, b, 0x81c2c92eu + x6);
    x7 = x7 + s0(x8) + x0 + s1(x5);
    RND(b, c, d, e, f, g, h, a, 0x92722c85u + x7);
    x8 = x8 + s0(x9) + x1 + s1(x6);
    RND(a, b, c, d, e, f, g, h, 0xa2bfe8a1u + x8);
    x9 = x9 + s0(x10) + x2 + s1(x7);
    RND(h, a, b, c, d, e, f, g, 0xa81a664bu + x9);
    x10 = x10 + s0(x11) + x3 + s1(x8);
    RND(g, h, a, b, c, d, e, f, 0xc24b8b70u + x10);
    x11 = x11 + s0(x12) + x4 + s1(x9);
    RND(f, g, h, a, b, c, d, e, 0xc76c51a3u + x11);
    x12 = x12 + s0(x13) + x5 + s1(x10);
    RND(e, f, g, h, a, b, c, d, 0xd192e819u + x12);
    x13 = x13 + s0(x14) + x6 + s1(x11);
    RND(d, e, f, g, h, a, b, c, 0xd6990624u + x13);
    x14 = x14 + s0(x15) + x7 + s1(x12);
    RND(c, d, e, f, g, h, a, b, 0xf40e3585u + x14);
    x15 = x15 + s0(x0) + x8 + s1(x13);
    RND(b, c, d, e, f, g, h, a, 0x106aa070u + x15);
    x0 = x0 + s0(x1) + x9 + s1(x14);
    RND(a, b, c, d, e, f, g, h, 0x19a4c116u + x0);
    x1 = x1 + s0(x2) + x10 + s1(x15);
    RND(h, a, b, c, d, e, f, g, 0x1e376c08u + x1);
    x2 = x2 + s0(x3) + x11 + s1(x0);
    RND(g, h, a, b, c, d, e, f, 0x2748774cu + x2);
    x3 = x3 + s0(x4) + x12 + s1(x1);
    RND(f, g, h, a, b, c, d, e, 0x34b0bcb5u + x3);
    x4 = x4 + s0(x5) + x13 + s1(x2);
    RND(e, f, g, h, a, b, c, d, 0x391c0cb3u + x4);
    x5 = x5 + s0(x6) + x14 + s1(x3);
    RND(d, e, f, g, h, a, b, c, 0x4ed8aa4au + x5);
    x6 = x6 + s0(x7) + x15 + s1(x4);
    RND(c, d, e, f, g, h, a, b, 0x5b9cca4fu + x6);
    x7 = x7 + s0(x8) + x0 + s1(x5);
    RND(b, c, d, e, f, g, h, a, 0x682e6ff3u + x7);
    x8 = x8 + s0(x9) + x1 + s1(x6);
    RND(a, b, c, d, e, f, g, h, 0x748f82eeu + x8);
    x9 = x9 + s0(x10) + x2 + s1(x7);
    RND(h, a, b, c, d, e, f, g, 0x78a5636fu + x9);
    x10 = x10 + s0(x11) + x3 + s1(x8);
    RND(g, h, a, b, c, d, e, f, 0x84c87814u + x10);
    x11 = x11 + s0(x12) + x4 + s1(x9);
    RND(f, g, h, a, b, c, d, e, 0x8cc70208u + x11);
    x12 = x12 + s0(x13) + x5 + s1(x10);
    RND(e, f, g, h, a, b, c, d, 0x90befffau + x12);
    // After round 60, `h` holds e61 = the final h before the IV is added.
    const vu top = BSWAP(h + (vu)0x5be0cd19u);
#if VW == 1
    if (top <= target_hi && off0 < count) {
      uint slot = atomic_inc(&out[0]);
      if (slot < MAX_HITS) out[1 + slot] = start + off0;
    }
#else
    if (any(top <= (vu)target_hi)) {
      union {
        vu v;
        uint s[VW];
      } t, n;
      t.v = top;
      n.v = nonce;
      for (uint l = 0; l < VW; ++l) {
        if (t.s[l] <= target_hi && off0 + l < count) {
          uint slot = atomic_inc(&out[0]);
          if (slot < MAX_HITS) out[1 + slot] = n.s[l];
        }
      }
    }
#endif
  }
}
