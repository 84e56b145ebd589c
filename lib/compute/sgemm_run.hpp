#pragma once
// A timed, verified SGEMM measurement on an OpenCL device (kernels/sgemm.cl) or on the native
// CPU device (OpenBLAS). Every run first computes one product from known random inputs and
// checks a sample of it against the double-precision reference (sgemm_reference.hpp); only a
// kernel that agrees gets timed. Then it warms up and repeats the product for the duration.
#include <cstdint>
#include <optional>
#include <string>

#include "compute/power.hpp"
#include "compute/sgemm_params.hpp"
#include "compute/sgemm_reference.hpp"
#include "opencl/clpp.hpp"

namespace hs::sgemm {

struct RunOptions {
  Problem problem;
  double seconds = 2.0;         // timed part
  double warmup_seconds = 0.3;  // untimed products before it (at least one)
  std::size_t samples = 256;    // elements of C checked against the reference
  std::uint64_t seed = 1;
  PowerMeter* meter = nullptr;  // read across the timed part only, when given
};

struct Result {
  std::string device;
  std::string backend;  // "opencl" or "native"
  std::string tuning;   // Params::to_string(), or "openblas"
  Problem problem;
  std::int64_t products = 0;  // timed products
  double seconds = 0;
  double gflops = 0;  // products * 2MNK / seconds / 1e9
  Check check;
  bool partial = false;  // interrupted (SIGINT) before the full duration
  std::optional<double> watts;  // from opt.meter
};

// Memory the problem needs (A, B, C in fp32).
std::uint64_t buffer_bytes(std::int64_t rows, std::int64_t cols);

// Refuses problems a device cannot hold, naming the limit: zero or negative sizes, a size past
// 2^31 - 1, one buffer larger than max_alloc, all three larger than global_mem, or the host
// copies larger than the host's memory. Error(64).
void check_limits(const Problem& p, std::uint64_t max_alloc, std::uint64_t global_mem, std::string_view device);

// OpenBLAS on the host's cores (the native device).
Result run_native(const RunOptions& opt);
// kernels/sgemm.cl with `params` on dev; params must be valid (invalid_reason empty).
Result run_opencl(const cl::Device& dev, const Params& params, const RunOptions& opt);

// The message refusing a rate from a kernel that disagreed with the reference.
std::string disagreement_message(const Result& r);

}  // namespace hs::sgemm
