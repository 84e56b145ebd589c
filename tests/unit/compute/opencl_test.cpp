// The OpenCL layer on the machine's first device (PoCL in CI): errors name call and code,
// build failures carry the build log, buffers, kernels and profiling events work.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "opencl/clpp.hpp"
#include "temp_cl_cache.hpp"

using namespace hs;

namespace {
std::string error_text(const std::function<void()>& f, int* code = nullptr) {
  try {
    f();
  } catch (const Error& e) {
    if (code) *code = e.code();
    return e.what();
  }
  return "";
}

void use_temp_cache() { hs::test::use_temp_cl_cache(); }
}  // namespace

TEST_CASE("OpenCL error codes are named", "[opencl]") {
  CHECK(cl::error_name(CL_INVALID_VALUE) == "CL_INVALID_VALUE");
  CHECK(cl::error_name(CL_BUILD_PROGRAM_FAILURE) == "CL_BUILD_PROGRAM_FAILURE");
  CHECK(cl::error_name(-12345) == "CL_UNKNOWN_ERROR(-12345)");
  int code = 0;
  CHECK(error_text([] { cl::check(CL_INVALID_KERNEL_NAME, "clCreateKernel", "nope"); }, &code) ==
        "clCreateKernel: CL_INVALID_KERNEL_NAME: nope");
  CHECK(code == 70);
  CHECK(error_text([] { cl::check(CL_DEVICE_NOT_FOUND, "clGetDeviceIDs"); }, &code) ==
        "clGetDeviceIDs: CL_DEVICE_NOT_FOUND");
  CHECK(code == 69);
  CHECK(error_text([] { cl::check(CL_SUCCESS, "clFinish"); }).empty());
}

TEST_CASE("Device selection by index and name", "[opencl]") {
  auto devs = cl::all_devices();
  REQUIRE(!devs.empty());  // CI has PoCL
  auto first = devs[0].info();
  CHECK(!first.name.empty());
  CHECK(first.compute_units >= 1);
  CHECK(first.global_mem > 0);
  CHECK(cl::select_device("0").id() == devs[0].id());
  CHECK(cl::select_device(first.name.substr(0, 3)).info().name.find(first.name.substr(0, 3)) != std::string::npos);
  int code = 0;
  CHECK(error_text([] { cl::select_device("99"); }, &code).find("index 99") != std::string::npos);
  CHECK(code == 64);
  CHECK(!error_text([] { cl::select_device("no-such-device-xyzzy"); }, &code).empty());
  CHECK(code == 69);
}

TEST_CASE("Programs build, run, cache and report build logs", "[opencl]") {
  use_temp_cache();
  auto dev = cl::select_device("");
  cl::Context ctx(dev);
  cl::Queue q(ctx, dev, /*profiling=*/true);
  const char* src = "__kernel void axpy(__global float* y, __global const float* x, float a, uint n) {"
                    "  uint i = get_global_id(0); if (i < n) y[i] += a * x[i]; }";
  auto p = cl::Program::build(ctx, dev, src, "-DUNUSED=1");
  CHECK(!p.from_cache());
  cl::Kernel k(p, "axpy");
  const unsigned n = 1000;
  std::vector<float> x(n), y(n);
  for (unsigned i = 0; i < n; ++i) {
    x[i] = static_cast<float>(i);
    y[i] = 1.0f;
  }
  cl::Buffer bx(ctx, CL_MEM_READ_ONLY, n * sizeof(float)), by(ctx, CL_MEM_READ_WRITE, n * sizeof(float));
  q.write(bx, x.data(), n * sizeof(float));
  q.write(by, y.data(), n * sizeof(float));
  k.set_args(by, bx, 2.0f, cl_uint(n));
  auto ev = q.run(k, {1024});
  ev.wait();
  CHECK(ev.end_ns() >= ev.start_ns());
  q.read(by, y.data(), n * sizeof(float));
  CHECK(y[0] == 1.0f);
  CHECK(y[999] == 1999.0f);  // 1 + 2 * 999

  // The same source and options again: the binary comes from the cache.
  auto p2 = cl::Program::build(ctx, dev, src, "-DUNUSED=1");
  CHECK(p2.from_cache());
  cl::Kernel k2(p2, "axpy");

  int code = 0;
  auto msg = error_text([&] { cl::Kernel bad(p, "no_such_kernel"); }, &code);
  CHECK(msg.find("clCreateKernel: CL_INVALID_KERNEL_NAME") != std::string::npos);
  msg = error_text([&] { cl::Program::build(ctx, dev, "__kernel void f() { this is not C; }", "", false); }, &code);
  CHECK(msg.find("clBuildProgram: CL_BUILD_PROGRAM_FAILURE") != std::string::npos);
  CHECK(msg.find("build log") != std::string::npos);
  CHECK(code == 70);
  msg = error_text([&] { k.set_arg(7, cl_uint(1)); });
  CHECK(msg.find("clSetKernelArg: CL_INVALID_ARG_INDEX") != std::string::npos);
}
