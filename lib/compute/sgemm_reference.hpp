#pragma once
// The CPU side of SGEMM: random inputs, the OpenBLAS product (the native device and the
// fastest honest CPU figure), and the double-precision check every benchmark run must pass.
//
// Error bound. For one element, ref = alpha * sum_k a_ik * b_kj + beta * c0_ij is computed in
// double (exact enough: 53-bit products of 24-bit inputs). Any fp32 evaluation order, with or
// without FMA, satisfies |c - ref| <= gamma * scale with
//   scale = |alpha| * sum_k |a_ik * b_kj| + |beta * c0_ij|,   gamma ~ (K + 2) * 2^-24,
// (the classic forward error bound of a dot product plus the alpha and beta roundings). We
// accept |c - ref| <= (K + 4) * FLT_EPSILON * scale, i.e. about twice the worst case, so a
// correct kernel never fails while a wrong element (error of order scale) always does.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace hs::sgemm {

// C (M x N) = alpha * A (M x K) * B (K x N) + beta * C, fp32, row-major, no padding.
struct Problem {
  std::int64_t m = 0, n = 0, k = 0;
  float alpha = 1.0f, beta = 0.0f;
  double flops() const { return 2.0 * static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k); }
};

// Uniform values in [-1, -1/8] U [1/8, 1] from a fixed seed: random, reproducible, and never
// zero, so a kernel that skips a term or writes zeros cannot pass the check by accident.
void fill_random(std::vector<float>& v, std::uint64_t seed);

// C = alpha * A * B + beta * C through OpenBLAS's cblas_sgemm (all its threads).
void native_sgemm(const Problem& p, const float* a, const float* b, float* c);

struct Check {
  std::size_t samples = 0;     // elements compared
  double max_rel_error = 0;    // max |c - ref| / scale over them
  double bound = 0;            // (K + 4) * FLT_EPSILON
  bool passed = false;
  std::int64_t worst_row = 0, worst_col = 0;
};

// The accepted relative error for depth k.
double error_bound(std::int64_t k);

// Compares `samples` elements of c (the result) with the double-precision reference computed
// from a, b and c0 (C before the product): the four corners, then random elements (all
// elements when M * N <= samples). Deterministic for a given seed.
Check check_sample(const Problem& p, const float* a, const float* b, const float* c0, const float* c,
                   std::size_t samples, std::uint64_t seed = 7);

}  // namespace hs::sgemm
