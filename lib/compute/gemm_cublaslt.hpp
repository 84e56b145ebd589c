#pragma once
// Dense GEMM through cuBLASLt (loaded at run time, see cuda_api.hpp) per precision: FP32,
// TF32, FP16, BF16 (FP32 accumulation) and FP8 E4M3 (compute capability 8.9 and up; BF16
// output). Layout "TN" for every precision (the one FP8 requires): C (M x N, row-major) =
// A (M x K, row-major) * B with B stored transposed (N x K, row-major); M, N and K multiples
// of 16. One product is checked on a sample against the double reference (gemm_precision.hpp)
// before any is timed; then a warm-up and the timed part, timed with CUDA events.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "compute/cuda_api.hpp"
#include "compute/gemm_precision.hpp"
#include "compute/peak.hpp"
#include "compute/power.hpp"

namespace hs::gemm {

struct RunOptions {
  std::int64_t m = 8192, n = 8192, k = 8192;
  double seconds = 2.0;
  double warmup_seconds = 0.3;
  std::size_t samples = 256;
  std::uint64_t seed = 1;
  PowerMeter* meter = nullptr;  // read across the timed part only
};

struct Result {
  std::string device;
  Precision precision = Precision::fp32;
  std::int64_t m = 0, n = 0, k = 0;
  std::int64_t products = 0;
  double seconds = 0;  // CUDA event time of the timed products
  double tflops = 0;   // products * 2MNK / seconds / 1e12
  peak::Peak peak;     // FLOP/s
  Check check;
  bool partial = false;
  std::optional<double> watts;
};

// Sizes must be positive multiples of 16 (cuBLASLt's FP8 requirement, applied to all so the
// precisions compare): else Error(64) naming the size.
void check_sizes(std::int64_t m, std::int64_t n, std::int64_t k);

class CublasLtBench {
 public:
  // Opens cuBLASLt, the matching CUDA runtime and GPU `gpu`: Error(69) naming what is absent.
  explicit CublasLtBench(int gpu, const cuda::SearchPlan& plan = cuda::search_plan());
  ~CublasLtBench();
  CublasLtBench(const CublasLtBench&) = delete;
  CublasLtBench& operator=(const CublasLtBench&) = delete;

  const cuda::DeviceProps& props() const { return gpu_.props; }
  std::string library() const;  // "cuBLASLt <version> (<path>)"
  // Why this GPU cannot run p ("" when it can): FP8 needs compute capability 8.9.
  std::string unsupported(Precision p) const;
  // Error(69) when cuBLASLt offers no algorithm for p on this GPU; Error(70) for a CUDA failure.
  Result run(Precision p, const RunOptions& opt);

 private:
  std::unique_ptr<cuda::BlasLt> lt_;
  cuda::Gpu gpu_;
  void* handle_ = nullptr;
};

std::string disagreement_message(const Result& r);

}  // namespace hs::gemm
