#include "compute/sgemm_reference.hpp"

#include <cblas.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <random>

namespace hs::sgemm {

void fill_random(std::vector<float>& v, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> mag(0.125f, 1.0f);
  for (auto& x : v) {
    const float m = mag(rng);
    x = (rng() & 1) ? m : -m;
  }
}

void native_sgemm(const Problem& p, const float* a, const float* b, float* c) {
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<blasint>(p.m), static_cast<blasint>(p.n),
              static_cast<blasint>(p.k), p.alpha, a, static_cast<blasint>(p.k), b, static_cast<blasint>(p.n), p.beta,
              c, static_cast<blasint>(p.n));
}

double error_bound(std::int64_t k) { return static_cast<double>(k + 4) * FLT_EPSILON; }

Check check_sample(const Problem& p, const float* a, const float* b, const float* c0, const float* c,
                   std::size_t samples, std::uint64_t seed) {
  Check out;
  out.bound = error_bound(p.k);
  std::vector<std::pair<std::int64_t, std::int64_t>> at;
  const auto total = static_cast<std::uint64_t>(p.m) * static_cast<std::uint64_t>(p.n);
  if (total <= samples) {
    for (std::int64_t i = 0; i < p.m; ++i)
      for (std::int64_t j = 0; j < p.n; ++j) at.emplace_back(i, j);
  } else {
    at = {{0, 0}, {0, p.n - 1}, {p.m - 1, 0}, {p.m - 1, p.n - 1}};
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::int64_t> row(0, p.m - 1), col(0, p.n - 1);
    while (at.size() < samples) at.emplace_back(row(rng), col(rng));
  }
  const double alpha = p.alpha, beta = p.beta;
  for (const auto& [i, j] : at) {
    double sum = 0, abs_sum = 0;
    for (std::int64_t q = 0; q < p.k; ++q) {
      const double prod = static_cast<double>(a[i * p.k + q]) * static_cast<double>(b[q * p.n + j]);
      sum += prod;
      abs_sum += std::fabs(prod);
    }
    // beta == 0: C is not read (BLAS convention), so c0 does not enter the reference.
    const double cb = beta == 0 ? 0.0 : beta * static_cast<double>(c0[i * p.n + j]);
    const double ref = alpha * sum + cb;
    const double scale = std::fabs(alpha) * abs_sum + std::fabs(cb);
    const double got = c[i * p.n + j];
    // A NaN or infinity in the result is an error of unbounded size.
    const double rel = std::isfinite(got) ? (scale > 0 ? std::fabs(got - ref) / scale : std::fabs(got - ref))
                                          : INFINITY;
    if (rel > out.max_rel_error || (out.samples == 0 && rel >= out.max_rel_error)) {
      out.max_rel_error = rel;
      out.worst_row = i;
      out.worst_col = j;
    }
    ++out.samples;
  }
  out.passed = out.samples > 0 && out.max_rel_error <= out.bound;
  return out;
}

}  // namespace hs::sgemm
