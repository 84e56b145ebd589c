// SGEMM: C = alpha * A * B + beta * C in fp32, all matrices row-major (C is M x N, A is M x K,
// B is K x N, leading dimensions lda, ldb, ldc in elements). Any M, N, K >= 1: the tiles that
// overhang the matrix edges are loaded with bounds checks and zero fill, and stored with checks.
//
// Shape (CLBlast-style tuning parameters, all compile-time defines chosen by hashbench tune):
//   MWG, NWG, KWG  tile of C (MWG x NWG) one work-group computes, and the K depth of one step;
//                  the A tile (MWG x KWG) and the B tile (KWG x NWG) are staged in local memory.
//   MWI, NWI       register block: each work-item accumulates MWI x NWI values of C.
//   VW             vector width (1, 2, 4, 8, 16) of the loads, the FMAs and the stores along N
//                  (and of the A tile loads along K). On PoCL/AVX-512, float16 is one zmm register.
//   TA             1: the A tile is stored transposed in local memory ([k][m]), so the MWI values
//                  of A a work-item needs for one k are contiguous (one wide local load on GPUs).
//   STR            1: strided mapping (CLBlast's STRM/STRN): work-item (tn, tm) owns rows
//                  tm + i*MDIMC and vectors starting at tn*VW + j*NDIMC*VW; 0: the contiguous
//                  block rows tm*MWI + i, vectors tn*NWI + j*VW (best on PoCL).
// Derived: the work-group is (NWG/NWI) x (MWG/MWI) work-items; dimension 0 runs along N.
// Constraints (checked by the host): MWG % MWI == 0, NWG % NWI == 0, NWI % VW == 0,
// KWG % VW == 0, NWG % VW == 0.
// Global size: (ceil(N / NWG) * NWG / NWI, ceil(M / MWG) * MWG / MWI).

#ifndef MWG
#define MWG 64
#endif
#ifndef NWG
#define NWG 64
#endif
#ifndef KWG
#define KWG 32
#endif
#ifndef MWI
#define MWI 4
#endif
#ifndef NWI
#define NWI 16
#endif
#ifndef VW
#define VW 8
#endif
#ifndef TA
#define TA 0
#endif
#ifndef STR
#define STR 0
#endif

#define MDIMC (MWG / MWI)
#define NDIMC (NWG / NWI)
#define WGS (MDIMC * NDIMC)
#define NVEC (NWI / VW)

// The rows and vector columns of C (within the tile) owned by work-item (tn, tm).
#if STR
#define ROW(i) (tm + (i) * MDIMC)
#define COL(j) (tn * VW + (j) * NDIMC * VW)
#else
#define ROW(i) (tm * MWI + (i))
#define COL(j) (tn * NWI + (j) * VW)
#endif
// Element (m, k) of the A tile in local memory.
#if TA
#define AS(m, k) As[(k) * MWG + (m)]
#else
#define AS(m, k) As[(m) * KWG + (k)]
#endif

#define HS_CAT_(a, b) a##b
#define HS_CAT(a, b) HS_CAT_(a, b)

// Vector helpers: element-offset load/store of VW consecutive floats (no alignment beyond float).
#if VW == 1
typedef float floatV;
#define VLOAD(p) (*(p))
#define VSTORE(v, p) (*(p) = (v))
#else
typedef HS_CAT(float, VW) floatV;
#define VLOAD(p) HS_CAT(vload, VW)(0, (p))
#define VSTORE(v, p) HS_CAT(vstore, VW)((v), 0, (p))
#endif

__kernel __attribute__((reqd_work_group_size(NDIMC, MDIMC, 1)))
void sgemm(const int M, const int N, const int K, const float alpha, const float beta,
           __global const float* restrict A, const int lda,
           __global const float* restrict B, const int ldb,
           __global float* C, const int ldc) {
  __local float As[MWG * KWG];  // A tile, [m][k] (TA: [k][m])
  __local float Bs[KWG * NWG];  // B tile, [k][n]

  const int tn = (int)get_local_id(0);
  const int tm = (int)get_local_id(1);
  const int lid = tm * NDIMC + tn;
  const int n0 = (int)get_group_id(0) * NWG;
  const int m0 = (int)get_group_id(1) * MWG;

  floatV acc[MWI][NVEC];
#pragma unroll
  for (int i = 0; i < MWI; ++i)
#pragma unroll
    for (int j = 0; j < NVEC; ++j) acc[i][j] = (floatV)(0.0f);

  for (int k0 = 0; k0 < K; k0 += KWG) {
    // Stage the A tile: whole vectors when the tile lies inside A, element checks at edges.
    const bool full_a = (m0 + MWG <= M) && (k0 + KWG <= K);
    for (int idx = lid; idx < MWG * KWG / VW; idx += WGS) {
      const int r = idx / (KWG / VW);
      const int c = (idx % (KWG / VW)) * VW;
#if TA
      for (int v = 0; v < VW; ++v) {
        const int gm = m0 + r, gk = k0 + c + v;
        AS(r, c + v) = (full_a || (gm < M && gk < K)) ? A[(size_t)gm * lda + gk] : 0.0f;
      }
#else
      __local float* dst = As + r * KWG + c;
      if (full_a) {
        VSTORE(VLOAD(A + (size_t)(m0 + r) * lda + (k0 + c)), dst);
      } else {
        for (int v = 0; v < VW; ++v) {
          const int gm = m0 + r, gk = k0 + c + v;
          dst[v] = (gm < M && gk < K) ? A[(size_t)gm * lda + gk] : 0.0f;
        }
      }
#endif
    }
    // Stage the B tile the same way.
    const bool full_b = (k0 + KWG <= K) && (n0 + NWG <= N);
    for (int idx = lid; idx < KWG * NWG / VW; idx += WGS) {
      const int r = idx / (NWG / VW);
      const int c = (idx % (NWG / VW)) * VW;
      __local float* dst = Bs + r * NWG + c;
      if (full_b) {
        VSTORE(VLOAD(B + (size_t)(k0 + r) * ldb + (n0 + c)), dst);
      } else {
        for (int v = 0; v < VW; ++v) {
          const int gk = k0 + r, gn = n0 + c + v;
          dst[v] = (gk < K && gn < N) ? B[(size_t)gk * ldb + gn] : 0.0f;
        }
      }
    }
    barrier(CLK_LOCAL_MEM_FENCE);

    // Register-blocked product of the two tiles: per k, NVEC vectors of B times MWI
    // broadcast scalars of A into MWI x NVEC vector accumulators.
#pragma unroll 4
    for (int k = 0; k < KWG; ++k) {
      floatV b[NVEC];
#pragma unroll
      for (int j = 0; j < NVEC; ++j) b[j] = VLOAD(Bs + k * NWG + COL(j));
#pragma unroll
      for (int i = 0; i < MWI; ++i) {
        const floatV a = (floatV)(AS(ROW(i), k));
#pragma unroll
        for (int j = 0; j < NVEC; ++j) acc[i][j] = fma(a, b[j], acc[i][j]);
      }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
  }

  // C = alpha * acc + beta * C; C is not read when beta == 0 (BLAS convention), so an
  // uninitialised C cannot leak NaN into the result.
  const bool full_c = (m0 + MWG <= M) && (n0 + NWG <= N);
#pragma unroll
  for (int i = 0; i < MWI; ++i) {
    const int gm = m0 + ROW(i);
#pragma unroll
    for (int j = 0; j < NVEC; ++j) {
      const int gn = n0 + COL(j);
      __global float* dst = C + (size_t)gm * ldc + gn;
      if (full_c) {
        floatV r = alpha * acc[i][j];
        if (beta != 0.0f) r = fma((floatV)(beta), VLOAD(dst), r);
        VSTORE(r, dst);
      } else if (gm < M) {
#if VW == 1
        const float vals[1] = {acc[i][j]};
#else
        float vals[VW];
        VSTORE(acc[i][j], vals);
#endif
        for (int v = 0; v < VW; ++v) {
          if (gn + v < N) {
            const float r = alpha * vals[v];
            dst[v] = (beta != 0.0f) ? fma(beta, dst[v], r) : r;
          }
        }
      }
    }
  }
}
