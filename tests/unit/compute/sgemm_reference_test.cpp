// The CPU side of SGEMM: the double-precision check, the OpenBLAS native path, and inputs.
#include <catch2/catch.hpp>

#include <cfloat>
#include <cmath>
#include <vector>

#include "compute/sgemm_reference.hpp"

using namespace hs::sgemm;

TEST_CASE("sgemm check: a hand-worked 2x2x2 product passes, a wrong element fails", "[sgemm]") {
  // A = [1 2; 3 4], B = [5 6; 7 8], C0 = [1 1; 1 1], alpha = 2, beta = -1:
  // A*B = [1*5+2*7, 1*6+2*8; 3*5+4*7, 3*6+4*8] = [19 22; 43 50]
  // C   = 2*A*B - C0 = [37 43; 85 99]
  const Problem p{2, 2, 2, 2.0f, -1.0f};
  const std::vector<float> a{1, 2, 3, 4}, b{5, 6, 7, 8}, c0{1, 1, 1, 1};
  std::vector<float> c{37, 43, 85, 99};
  Check ok = check_sample(p, a.data(), b.data(), c0.data(), c.data(), 16);
  CHECK(ok.samples == 4);
  CHECK(ok.passed);
  CHECK(ok.max_rel_error == 0.0);
  c[3] = 99.5f;  // off by 0.5 at C[1][1]: scale there is 2*(18+32)+1 = 101
  Check bad = check_sample(p, a.data(), b.data(), c0.data(), c.data(), 16);
  CHECK_FALSE(bad.passed);
  CHECK(bad.worst_row == 1);
  CHECK(bad.worst_col == 1);
  CHECK(bad.max_rel_error == Approx(0.5 / 101));
}

TEST_CASE("sgemm check: the bound is (K+4)*FLT_EPSILON and NaN never passes", "[sgemm]") {
  CHECK(error_bound(1) == 5 * static_cast<double>(FLT_EPSILON));
  CHECK(error_bound(1020) == 1024 * static_cast<double>(FLT_EPSILON));
  const Problem p{1, 1, 1, 1.0f, 0.0f};
  const std::vector<float> a{0.5f}, b{0.25f}, c0{NAN};
  std::vector<float> c{0.125f};
  // beta == 0: C0 is not read, so its NaN does not matter.
  CHECK(check_sample(p, a.data(), b.data(), c0.data(), c.data(), 4).passed);
  c[0] = NAN;
  CHECK_FALSE(check_sample(p, a.data(), b.data(), c0.data(), c.data(), 4).passed);
}

TEST_CASE("sgemm inputs are random, reproducible and never zero", "[sgemm]") {
  std::vector<float> x(10000), y(10000), z(10000);
  fill_random(x, 42);
  fill_random(y, 42);
  fill_random(z, 43);
  CHECK(x == y);
  CHECK(x != z);
  int negative = 0;
  for (float v : x) {
    REQUIRE(std::fabs(v) >= 0.125f);
    REQUIRE(std::fabs(v) <= 1.0f);
    negative += v < 0;
  }
  CHECK(negative > 4500);  // signs are fair coin flips: 5000 +- 50 expected
  CHECK(negative < 5500);
}

TEST_CASE("sgemm native (OpenBLAS) agrees with the reference on odd sizes", "[sgemm]") {
  struct Size {
    std::int64_t m, n, k;
    float alpha, beta;
  };
  for (const Size s : {Size{1, 1, 1, 1.0f, 0.0f}, Size{17, 33, 65, 1.5f, -0.75f}, Size{127, 1, 300, -2.0f, 0.5f},
                       Size{3, 200, 7, 0.5f, 2.0f}}) {
    CAPTURE(s.m, s.n, s.k);
    const Problem p{s.m, s.n, s.k, s.alpha, s.beta};
    std::vector<float> a(static_cast<std::size_t>(s.m * s.k)), b(static_cast<std::size_t>(s.k * s.n)),
        c0(static_cast<std::size_t>(s.m * s.n));
    fill_random(a, 1);
    fill_random(b, 2);
    fill_random(c0, 3);
    std::vector<float> c = c0;
    native_sgemm(p, a.data(), b.data(), c.data());
    const Check chk = check_sample(p, a.data(), b.data(), c0.data(), c.data(), 1u << 20);
    CHECK(chk.samples == static_cast<std::size_t>(s.m * s.n));  // small: every element
    CHECK(chk.passed);
    // Also an order of magnitude inside the bound: the bound is not so loose it hides errors.
    CHECK(chk.max_rel_error < chk.bound);
  }
}
