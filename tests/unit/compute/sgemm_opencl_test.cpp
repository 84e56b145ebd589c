// kernels/sgemm.cl on the first OpenCL device (PoCL in CI): ragged sizes that no tile
// divides, alpha and beta other than 1 and 0, every element of C checked in double precision.
#include <catch2/catch.hpp>

#include "compute/sgemm_run.hpp"
#include "core/error.hpp"

using namespace hs::sgemm;

namespace {

bool have_device() {
  if (!hs::cl::all_devices().empty()) return true;
  WARN("no OpenCL device: sgemm kernel tests skipped");
  return false;
}

Result run_small(const Params& params, std::int64_t m, std::int64_t n, std::int64_t k, float alpha, float beta) {
  RunOptions opt;
  opt.problem = Problem{m, n, k, alpha, beta};
  opt.seconds = 0;
  opt.warmup_seconds = 0;
  opt.samples = 1u << 20;  // more than M*N: every element is compared
  return run_opencl(hs::cl::select_device(""), params, opt);
}

}  // namespace

TEST_CASE("sgemm kernel: odd sizes with the CPU default tuning", "[sgemm][opencl]") {
  if (!have_device()) return;
  const Params p = default_params("cpu");  // 64 x 64 tiles, K steps of 64
  struct Case {
    std::int64_t m, n, k;
    float alpha, beta;
  };
  for (const Case c : {Case{1, 1, 1, 1.0f, 0.0f}, Case{17, 33, 65, 1.5f, -0.75f}, Case{127, 1, 300, -2.0f, 0.5f},
                       Case{65, 129, 64, 0.5f, 2.0f}, Case{64, 64, 64, 1.0f, 1.0f}}) {
    CAPTURE(c.m, c.n, c.k, c.alpha, c.beta);
    const Result r = run_small(p, c.m, c.n, c.k, c.alpha, c.beta);
    CHECK(r.check.samples == static_cast<std::size_t>(c.m * c.n));
    CHECK(r.check.passed);
    CHECK(r.products >= 1);
  }
}

TEST_CASE("sgemm kernel: small tiles over several ragged tiles, other vector widths", "[sgemm][opencl]") {
  if (!have_device()) return;
  // 8 x 16 tiles with K steps of 8: 37 x 45 x 29 leaves partial tiles in all three dimensions.
  for (const Params p : {Params{8, 16, 8, 2, 8, 4}, Params{16, 16, 8, 4, 4, 1}, Params{8, 32, 16, 2, 16, 8}}) {
    CAPTURE(p.to_string());
    const Result r = run_small(p, 37, 45, 29, -1.25f, 0.25f);
    CHECK(r.check.passed);
    CHECK(r.tuning == p.to_string());
  }
}

TEST_CASE("sgemm kernel: transposed A tile and strided mapping (TA, STR), every element checked", "[sgemm][opencl]") {
  if (!have_device()) return;
  // Small versions of the GPU candidates' shapes, over ragged sizes, alpha and beta not 1 and 0.
  for (const Params p : {Params{8, 16, 8, 2, 8, 4, 1, 0}, Params{8, 16, 8, 2, 8, 4, 0, 1}, Params{8, 16, 8, 2, 8, 4, 1, 1},
                         Params{16, 16, 8, 4, 4, 1, 1, 1}, Params{16, 32, 8, 4, 8, 2, 0, 1}}) {
    CAPTURE(p.to_string());
    const Result r = run_small(p, 37, 45, 29, -1.25f, 0.25f);
    CHECK(r.check.passed);
    CHECK(r.check.samples == 37u * 45u);
    CHECK(r.tuning == p.to_string());
  }
  // Every GPU candidate that fits this device's work-group limit, on one ragged product.
  const auto limit = hs::cl::select_device("").info().max_work_group_size;
  for (const Params& p : tuning_candidates("gpu")) {
    if (static_cast<std::size_t>(p.local_m() * p.local_n()) > limit) continue;
    CAPTURE(p.to_string());
    CHECK(run_small(p, 130, 135, 40, 1.0f, 0.0f).check.passed);
  }
}

TEST_CASE("sgemm kernel: bad sizes and tunings are refused with a message", "[sgemm][opencl]") {
  if (!have_device()) return;
  const Params p = default_params("cpu");
  CHECK_THROWS_WITH(run_small(p, 0, 4, 4, 1, 0), Catch::Contains("sizes must be at least 1"));
  CHECK_THROWS_WITH(run_small(Params{64, 64, 64, 6, 32, 16}, 4, 4, 4, 1, 0),
                    Catch::Contains("MWG must be a multiple of MWI"));
  // 2^20 x 2^20 floats is 4 TiB: past any max allocation.
  CHECK_THROWS_WITH(run_small(p, 1 << 20, 1 << 20, 1, 1, 0), Catch::Contains("maximum allocation"));
}

TEST_CASE("sgemm limits name the limit they hit", "[sgemm]") {
  const Problem p{1024, 1024, 1024, 1, 0};  // each matrix 4 MiB, all three 12 MiB
  CHECK_NOTHROW(check_limits(p, 4u << 20, 12u << 20, "dev"));
  CHECK_THROWS_WITH(check_limits(p, (4u << 20) - 1, 0, "dev"),
                    Catch::Contains("exceeds dev's maximum allocation (CL_DEVICE_MAX_MEM_ALLOC_SIZE) of 4 MiB"));
  CHECK_THROWS_WITH(check_limits(p, 0, (12u << 20) - 1, "dev"),
                    Catch::Contains("A, B and C (12 MiB) exceed dev's global memory"));
  CHECK_THROWS_WITH(check_limits(Problem{4, 0, 4, 1, 0}, 0, 0, "dev"), Catch::Contains("sizes must be at least 1"));
  CHECK_THROWS_WITH(check_limits(Problem{3000000000LL, 1, 1, 1, 0}, 0, 0, "dev"),
                    Catch::Contains("M=3000000000 exceeds the kernel's limit"));
  try {
    check_limits(Problem{0, 1, 1, 1, 0}, 0, 0, "dev");
  } catch (const hs::Error& e) {
    CHECK(e.code() == 64);
  }
}

TEST_CASE("sgemm native run: verified and timed", "[sgemm]") {
  RunOptions opt;
  opt.problem = Problem{33, 17, 65, 1.5f, 0.5f};
  opt.seconds = 0.01;
  opt.warmup_seconds = 0;
  const Result r = run_native(opt);
  CHECK(r.check.passed);
  CHECK(r.backend == "native");
  CHECK(r.tuning == "openblas");
  CHECK(r.products >= 1);
  CHECK(r.gflops > 0);
}
