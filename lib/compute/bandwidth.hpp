#pragma once
// Sustained memory bandwidth: STREAM's copy (c = a) and triad (a = b + s*c) as OpenCL kernels
// (kernels/stream.cl) on any OpenCL device, and a device-to-device cudaMemcpy on a CUDA GPU.
// Bytes are counted as STREAM counts them: copy and memcpy 2 x the array (one read, one
// write), triad 3 x (two reads, one write); write-allocate traffic is not counted. GB/s are
// 10^9 bytes per second. The arrays hold small integers, so a + s*c is exact in FP32, and every
// element of the result is checked after the timed part: a wrong kernel reports no rate.
#include <cstdint>
#include <optional>
#include <string>

#include "compute/cuda_api.hpp"
#include "compute/peak.hpp"
#include "compute/power.hpp"
#include "opencl/clpp.hpp"

namespace hs::bandwidth {

enum class Kernel { copy, triad, memcpy };
std::string name(Kernel k);  // "copy", "triad", "memcpy"
// Bytes counted per pass over arrays of `array_bytes` each.
std::uint64_t counted_bytes(Kernel k, std::uint64_t array_bytes);

struct Options {
  std::uint64_t array_bytes = 256ull << 20;  // each array
  double seconds = 2.0;
  double warmup_seconds = 0.3;
  PowerMeter* meter = nullptr;
};

struct Result {
  std::string device;
  std::string backend;  // "opencl" or "cuda"
  Kernel kernel = Kernel::copy;
  std::uint64_t array_bytes = 0;
  std::uint64_t bytes_per_pass = 0;  // counted_bytes
  std::int64_t passes = 0;
  double seconds = 0;  // device time of the timed passes (profiling events / CUDA events)
  double gb_per_s = 0;
  peak::Peak peak;  // bytes/s
  bool verified = false;
  std::string mismatch;  // first wrong element, when not verified
  bool partial = false;
  std::optional<double> watts;
};

// Array size in bytes rounded down to a whole number of float4 work-groups of 256; Error(64)
// when below 1 MiB or above the device's maximum allocation.
std::uint64_t usable_array_bytes(std::uint64_t requested, std::uint64_t max_alloc, std::uint64_t global_mem,
                                 int arrays, const std::string& device);

Result run_opencl(const cl::Device& dev, Kernel k, const Options& opt);
Result run_cuda(const cuda::Gpu& gpu, const Options& opt);

// The expected element i of each array after the kernel (the checks use these).
float init_a(std::uint64_t i);
float init_b(std::uint64_t i);
float init_c(std::uint64_t i);
constexpr float kTriadScalar = 3.0f;

}  // namespace hs::bandwidth
