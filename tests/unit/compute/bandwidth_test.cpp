// hashbench bandwidth on the first OpenCL device (PoCL in CI): copy and triad results checked
// element by element, bytes counted as STREAM counts them, and a sanity floor on the rate
// (speed itself is measured in bench/hashbench_bandwidth.sh against clpeak).
#include <catch2/catch.hpp>

#include "compute/bandwidth.hpp"
#include "core/error.hpp"
#include "temp_cl_cache.hpp"

using namespace hs::bandwidth;

namespace {
bool have_device() {
  if (!hs::cl::all_devices().empty()) return true;
  WARN("no OpenCL device: bandwidth kernel tests skipped");
  return false;
}

int code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const hs::Error& e) {
    return e.code();
  }
  return 0;
}
}  // namespace

TEST_CASE("bandwidth: STREAM byte counting and array sizes", "[bandwidth]") {
  CHECK(counted_bytes(Kernel::copy, 1000) == 2000);
  CHECK(counted_bytes(Kernel::triad, 1000) == 3000);
  CHECK(counted_bytes(Kernel::memcpy, 1000) == 2000);
  // Rounded down to whole groups of 256 float4 (4096 bytes).
  CHECK(usable_array_bytes((1u << 20) + 4095, 0, 0, 3, "dev") == (1u << 20));
  CHECK(code_of([] { usable_array_bytes(1000, 0, 0, 2, "dev"); }) == hs::exit_code::usage);
  CHECK(code_of([] { usable_array_bytes(64u << 20, 32u << 20, 0, 2, "dev"); }) == hs::exit_code::usage);
  CHECK(code_of([] { usable_array_bytes(64u << 20, 0, 100u << 20, 2, "dev"); }) == hs::exit_code::usage);
  // The triad's inputs keep b + 3c exact in FP32.
  CHECK(init_b(5) + kTriadScalar * init_c(5) == 35.0f + 3.0f * 65.0f);
}

TEST_CASE("bandwidth: copy and triad on OpenCL, every element checked", "[bandwidth][opencl]") {
  hs::test::use_temp_cl_cache();
  if (!have_device()) return;
  Options opt;
  opt.array_bytes = 8u << 20;
  opt.seconds = 0.2;
  opt.warmup_seconds = 0.05;
  for (auto k : {Kernel::copy, Kernel::triad}) {
    CAPTURE(name(k));
    const Result r = run_opencl(hs::cl::select_device(""), k, opt);
    CHECK(r.verified);
    CHECK(r.mismatch.empty());
    CHECK(r.array_bytes == (8u << 20));
    CHECK(r.bytes_per_pass == counted_bytes(k, 8u << 20));
    CHECK(r.passes >= 1);
    CHECK(r.seconds > 0);
    // Sanity only: any device, however loaded, moves more than 0.1 GB/s.
    CHECK(r.gb_per_s > 0.1);
    CHECK(r.gb_per_s == Approx(static_cast<double>(r.bytes_per_pass) * r.passes / r.seconds / 1e9));
    CHECK_FALSE(r.peak.value);  // OpenCL reports no memory clock
  }
  CHECK(code_of([&] { run_opencl(hs::cl::select_device(""), Kernel::memcpy, opt); }) == hs::exit_code::usage);
}
