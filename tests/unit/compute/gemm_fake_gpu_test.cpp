// The GPU path of hashbench gemm and bandwidth against a CPU stand-in for the CUDA runtime and
// cuBLASLt (tests/fake_cuda/: an independent implementation of cublasLtMatmul's documented
// column-major semantics and of the storage formats), loaded through HS_CUDA_LIB_DIR exactly as
// the real libraries are: every precision in the TN layout agrees with the double reference, a
// corrupted result is caught, peaks come from the attributes the runtime reports, and a
// runtime without devices is Error 69.
#include <catch2/catch.hpp>
#include <stdlib.h>

#include <map>

#include "compute/bandwidth.hpp"
#include "compute/gemm_cublaslt.hpp"
#include "core/error.hpp"

using namespace hs;

namespace {

cuda::SearchPlan fake_plan() {
  return cuda::search_plan([](const char* name) -> const char* {
    return std::string(name) == "HS_CUDA_LIB_DIR" ? HS_FAKE_CUDA_DIR : nullptr;
  });
}

// Sets an environment variable for one scope (the stand-in reads it at each call).
struct ScopedEnv {
  std::string name;
  ScopedEnv(const char* n, const char* v) : name(n) { ::setenv(n, v, 1); }
  ~ScopedEnv() { ::unsetenv(name.c_str()); }
};

gemm::RunOptions small() {
  gemm::RunOptions opt;
  opt.m = 48;
  opt.n = 32;
  opt.k = 256;
  opt.seconds = 0.02;
  opt.warmup_seconds = 0;
  opt.samples = 1u << 20;  // every element
  return opt;
}

}  // namespace

TEST_CASE("gemm on the stand-in GPU: every precision verified in the TN layout", "[gemm][cuda]") {
  gemm::CublasLtBench bench(0, fake_plan());
  CHECK(bench.props().name == "Fake GPU (CPU stand-in)");
  CHECK(bench.props().cc() == "9.0");
  CHECK(bench.props().sms == 132);
  CHECK(bench.props().clock_mhz == 1980);
  CHECK(bench.library().find("cuBLASLt 130000 (" HS_FAKE_CUDA_DIR "/libcublasLt.so.13)") == 0);
  for (auto p : gemm::all_precisions()) {
    CAPTURE(gemm::name(p));
    CHECK(bench.unsupported(p).empty());
    const gemm::Result r = bench.run(p, small());
    CHECK(r.check.samples == 48u * 32u);
    CHECK(r.check.passed);
    CHECK(r.check.max_rel_error <= r.check.bound);
    CHECK(r.products >= 1);
    CHECK(r.tflops > 0);
    // 132 SMs x 1980 MHz x the sm_90 row of the table.
    const double per = p == gemm::Precision::fp32 ? 256 : p == gemm::Precision::tf32 ? 2048 : p == gemm::Precision::fp8_e4m3 ? 8192 : 4096;
    REQUIRE(r.peak.value);
    CHECK(*r.peak.value == Approx(132 * 1980e6 * per));
  }
}

TEST_CASE("gemm on the stand-in GPU: a wrong result is refused, FP8 needs 8.9", "[gemm][cuda]") {
  {
    ScopedEnv corrupt("HS_FAKE_CUBLASLT_CORRUPT", "1");
    gemm::CublasLtBench bench(0, fake_plan());
    const gemm::Result r = bench.run(gemm::Precision::fp32, small());
    CHECK_FALSE(r.check.passed);
    CHECK(r.check.worst_row == 0);
    CHECK(r.check.worst_col == 0);
    CHECK(r.products == 0);  // nothing timed
  }
  ScopedEnv ampere("HS_FAKE_CUDA_CC", "80");
  gemm::CublasLtBench bench(0, fake_plan());
  CHECK(bench.unsupported(gemm::Precision::fp8_e4m3) ==
        "FP8 needs compute capability 8.9 or later; Fake GPU (CPU stand-in) is 8.0");
  CHECK(bench.unsupported(gemm::Precision::bf16).empty());
  CHECK_THROWS_WITH(bench.run(gemm::Precision::fp32, [] {
    auto o = small();
    o.k = 100;
    return o;
  }()),
                    Catch::Contains("--k: must be a positive multiple of 16"));
}

TEST_CASE("cuda: a runtime with no device is Error 69, an index past the count 64", "[cuda]") {
  {
    ScopedEnv none("HS_FAKE_CUDA_DEVICES", "0");
    try {
      cuda::open_gpu(0, 0, fake_plan());
      FAIL("opened a GPU that does not exist");
    } catch (const Error& e) {
      CHECK(e.code() == exit_code::unavailable);
      CHECK(std::string(e.what()) == "no CUDA GPU found");
    }
  }
  try {
    cuda::open_gpu(3, 0, fake_plan());
    FAIL("opened GPU 3 of 1");
  } catch (const Error& e) {
    CHECK(e.code() == exit_code::usage);
  }
}

TEST_CASE("bandwidth on the stand-in GPU: memcpy verified, peak from clock and bus width", "[bandwidth][cuda]") {
  const cuda::Gpu gpu = cuda::open_gpu(0, 0, fake_plan());
  bandwidth::Options opt;
  opt.array_bytes = 4u << 20;
  opt.seconds = 0.05;
  opt.warmup_seconds = 0;
  const bandwidth::Result r = bandwidth::run_cuda(gpu, opt);
  CHECK(r.verified);
  CHECK(r.backend == "cuda");
  CHECK(r.kernel == bandwidth::Kernel::memcpy);
  CHECK(r.bytes_per_pass == 2 * (4u << 20));
  CHECK(r.passes >= 1);
  REQUIRE(r.peak.value);
  CHECK(*r.peak.value == Approx(2 * 2619e6 * 5120 / 8));  // 3.35 TB/s, the H100 SXM figure
}
