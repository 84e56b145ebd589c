// The host side of hashbench gemm: bit patterns of the storage formats (published encodings),
// the accepted errors per precision (hand-worked), and the sample check passing a correct
// product, refusing a corrupted one and a transposed operand.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

#include "compute/gemm_precision.hpp"

using namespace hs::gemm;

namespace {

std::uint16_t u16(const std::vector<std::uint8_t>& b, std::size_t i) {
  std::uint16_t v;
  std::memcpy(&v, b.data() + 2 * i, 2);
  return v;
}

// Row-major C = A * Bt^T in float, as an FP32 GEMM would.
std::vector<float> product(std::int64_t m, std::int64_t n, std::int64_t k, const std::vector<float>& a,
                           const std::vector<float>& bt) {
  std::vector<float> c(static_cast<std::size_t>(m * n));
  for (std::int64_t i = 0; i < m; ++i)
    for (std::int64_t j = 0; j < n; ++j) {
      float s = 0;
      for (std::int64_t q = 0; q < k; ++q) s += a[static_cast<std::size_t>(i * k + q)] * bt[static_cast<std::size_t>(j * k + q)];
      c[static_cast<std::size_t>(i * n + j)] = s;
    }
  return c;
}

// Rounds to BF16 (nearest even) and back, as a BF16 output is stored.
float round_bf16(float f) {
  std::uint32_t u;
  std::memcpy(&u, &f, 4);
  u = (u + 0x7fffu + ((u >> 16) & 1u)) & 0xffff0000u;
  std::memcpy(&f, &u, 4);
  return f;
}

}  // namespace

TEST_CASE("gemm formats: encodings of exact values", "[gemm]") {
  const std::vector<float> v{1.0f, -1.875f, 0.125f, 1.125f};
  const auto h = encode_inputs(Precision::fp16, v);
  CHECK(u16(h, 0) == 0x3C00);
  CHECK(u16(h, 1) == 0xBF80);
  CHECK(u16(h, 2) == 0x3000);
  CHECK(u16(h, 3) == 0x3C80);
  const auto b = encode_inputs(Precision::bf16, v);
  CHECK(u16(b, 0) == 0x3F80);
  CHECK(u16(b, 1) == 0xBFF0);
  CHECK(u16(b, 2) == 0x3E00);
  const auto e = encode_inputs(Precision::fp8_e4m3, v);  // OCP FP8 E4M3: bias 7, 3 mantissa bits
  CHECK(e == std::vector<std::uint8_t>{0x38, 0xBF, 0x20, 0x39});
  CHECK(encode_inputs(Precision::tf32, v).size() == 16);  // TF32 is stored as FP32
}

TEST_CASE("gemm formats: decoding FP16 and BF16 outputs", "[gemm]") {
  CHECK(half_to_float(0x3C00) == 1.0f);
  CHECK(half_to_float(0xC000) == -2.0f);
  CHECK(half_to_float(0x7BFF) == 65504.0f);                      // largest finite half
  CHECK(half_to_float(0x0001) == std::ldexp(1.0f, -24));          // smallest subnormal
  CHECK(std::isinf(half_to_float(0x7C00)));
  CHECK(bf16_to_float(0x3F80) == 1.0f);
  CHECK(bf16_to_float(0x4049) == 3.140625f);
}

TEST_CASE("gemm inputs: every value is exact in every format", "[gemm]") {
  const auto v = exact_inputs(4096, 3);
  for (auto p : {Precision::fp16, Precision::bf16}) {
    const auto back = decode_outputs(p, encode_inputs(p, v));
    CHECK(back == v);
  }
  for (float x : v) {
    const float a = std::fabs(x);
    CHECK(a >= 0.125f);
    CHECK(a <= 1.875f);
  }
}

TEST_CASE("gemm error bounds per precision (hand-worked)", "[gemm]") {
  // K = 1020: (K + 4) = 1024 = 2^10.
  CHECK(error_bound(Precision::fp32, 1020) == std::ldexp(1.0, -14));
  CHECK(error_bound(Precision::tf32, 1020) == std::ldexp(1.0, -13));
  CHECK(error_bound(Precision::fp16, 1020) == std::ldexp(1.0, -13) + std::ldexp(1.0, -11));
  CHECK(error_bound(Precision::bf16, 1020) == std::ldexp(1.0, -13) + std::ldexp(1.0, -8));
  CHECK(error_bound(Precision::fp8_e4m3, 1020) == std::ldexp(1.0, -11) + std::ldexp(1.0, -8));
  CHECK(parse_precision("fp8") == Precision::fp8_e4m3);
  CHECK_FALSE(parse_precision("int8"));
}

TEST_CASE("gemm check: a correct product passes, a wrong element and a transposed B fail", "[gemm]") {
  const std::int64_t m = 48, n = 32, k = 1024;
  const auto a = exact_inputs(static_cast<std::size_t>(m * k), 1);
  const auto bt = exact_inputs(static_cast<std::size_t>(n * k), 2);
  auto c = product(m, n, k, a, bt);
  const Check ok = check_sample(Precision::fp32, m, n, k, a, bt, c, 1u << 20);
  CHECK(ok.samples == static_cast<std::size_t>(m * n));
  CHECK(ok.passed);
  // Exact: every partial sum is a multiple of 2^-12 below 2^12, which FP32 holds, so any
  // summation order gives the reference itself.
  CHECK(ok.max_rel_error == 0);

  // BF16 output: within the bf16 bound, but not within FP32's, so the bound is not vacuous.
  std::vector<float> c16(c.size());
  for (std::size_t i = 0; i < c.size(); ++i) c16[i] = round_bf16(c[i]);
  CHECK(check_sample(Precision::bf16, m, n, k, a, bt, c16, 1u << 20).passed);
  CHECK_FALSE(check_sample(Precision::fp32, m, n, k, a, bt, c16, 1u << 20).passed);

  auto bad = c;
  bad[static_cast<std::size_t>(5 * n + 7)] += 1.0f;  // one element off by one
  const Check wrong = check_sample(Precision::fp32, m, n, k, a, bt, bad, 1u << 20);
  CHECK_FALSE(wrong.passed);
  CHECK(wrong.worst_row == 5);
  CHECK(wrong.worst_col == 7);

  // B not transposed (the layout mistake the TN convention invites): caught at the FP8 bound.
  const std::int64_t sq = 64, kk = 1024;
  const auto as = exact_inputs(static_cast<std::size_t>(sq * kk), 5);
  const auto bs = exact_inputs(static_cast<std::size_t>(sq * kk), 6);
  std::vector<float> b_plain(bs.size());  // bs as K x N row-major read as N x K
  for (std::int64_t q = 0; q < kk; ++q)
    for (std::int64_t j = 0; j < sq; ++j)
      b_plain[static_cast<std::size_t>(j * kk + q)] = bs[static_cast<std::size_t>(q * sq + j)];
  const auto c_wrong = product(sq, sq, kk, as, bs);
  CHECK_FALSE(check_sample(Precision::fp8_e4m3, sq, sq, kk, as, b_plain, c_wrong, 256).passed);
}
