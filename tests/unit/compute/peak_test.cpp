// Peaks from clocks and units: NVIDIA's published dense figures reproduced from the table
// (SMs x clock x FLOP/clock/SM), the memory peak from clock and bus width, and the OpenCL CPU
// entries; unknown devices give no figure and say why.
#include <catch2/catch.hpp>

#include "compute/peak.hpp"

using namespace hs::peak;
using hs::gemm::Precision;

TEST_CASE("peak: NVIDIA data-sheet figures from the per-SM table", "[peak]") {
  // H100 SXM: 132 SMs at 1830 MHz: 989.4 TFLOP/s dense BF16, 1979 FP8, 494.7 TF32, 67 FP32 (at 1980).
  CHECK(*cuda_flops(9, 0, 132, 1830, Precision::bf16).value == Approx(989.4e12).epsilon(1e-3));
  CHECK(*cuda_flops(9, 0, 132, 1830, Precision::fp8_e4m3).value == Approx(1978.9e12).epsilon(1e-3));
  CHECK(*cuda_flops(9, 0, 132, 1830, Precision::tf32).value == Approx(494.7e12).epsilon(1e-3));
  CHECK(*cuda_flops(9, 0, 132, 1980, Precision::fp32).value == Approx(66.9e12).epsilon(1e-3));
  // A100 SXM: 108 SMs at 1410 MHz: 312 TFLOP/s FP16, 156 TF32, 19.5 FP32.
  CHECK(*cuda_flops(8, 0, 108, 1410, Precision::fp16).value == Approx(311.9e12).epsilon(1e-3));
  CHECK(*cuda_flops(8, 0, 108, 1410, Precision::tf32).value == Approx(155.9e12).epsilon(1e-3));
  CHECK(*cuda_flops(8, 0, 108, 1410, Precision::fp32).value == Approx(19.49e12).epsilon(1e-3));
  const Peak h = cuda_flops(9, 0, 132, 1980, Precision::bf16);
  CHECK(h.source == "cuda: 132 SMs x 1980 MHz x 4096 FLOP/clk/SM (sm_90 table)");
}

TEST_CASE("peak: precisions an architecture lacks, and unknown architectures", "[peak]") {
  const Peak a100_fp8 = cuda_flops(8, 0, 108, 1410, Precision::fp8_e4m3);
  CHECK_FALSE(a100_fp8.value);
  CHECK(a100_fp8.source.find("no dense fp8_e4m3") != std::string::npos);
  const Peak pascal = cuda_flops(6, 1, 28, 1582, Precision::fp32);
  CHECK_FALSE(pascal.value);
  CHECK(pascal.source == "no entry for compute capability 6.1 in the FLOP/clock/SM table");
  CHECK_FALSE(cuda_flops(9, 0, 0, 1980, Precision::fp32).value);
}

TEST_CASE("peak: memory bandwidth from memory clock and bus width", "[peak]") {
  // H100 SXM (HBM3): 2619 MHz, 5120-bit: 3.35 TB/s, the data sheet's figure.
  const Peak p = cuda_bandwidth(2619, 5120);
  CHECK(*p.value == Approx(3.352e12).epsilon(1e-3));
  CHECK(p.source == "cuda: 2 x 2619 MHz x 5120 bit / 8");
  CHECK_FALSE(cuda_bandwidth(0, 5120).value);
}

TEST_CASE("peak: OpenCL devices from compute units, clock and the per-unit table", "[peak]") {
  // This project's PoCL device: 2 compute units at 2596 MHz, AVX-512 on an AMD EPYC.
  const Peak pocl = opencl_fp32("cpu", "AuthenticAMD", "pthread-skylake-avx512-AMD EPYC", 2, 2596);
  CHECK(*pocl.value == Approx(2 * 2596e6 * 32));
  CHECK(pocl.source.rfind("opencl: 2 CUs x 2596 MHz x 32 FLOP/clk", 0) == 0);
  CHECK(opencl_fp32_rate("cpu", "GenuineIntel", "pthread-skylake-avx512-Intel(R) Xeon(R) Gold 6248").flops_per_clock == 64);
  CHECK(opencl_fp32_rate("cpu", "GenuineIntel", "pthread-haswell-Intel(R) Core(TM) i7-4770").flops_per_clock == 32);
  // An NVIDIA GPU through OpenCL with its compute capability: H100's 256 FP32 FLOP/clk/SM.
  CHECK(*opencl_fp32("gpu", "NVIDIA Corporation", "NVIDIA H100", 132, 1980, 9, 0).value == Approx(66.9e12).epsilon(1e-3));
  // Without the compute capability nothing is guessed.
  CHECK_FALSE(opencl_fp32("gpu", "NVIDIA Corporation", "NVIDIA H100", 132, 1980).value);
  CHECK_FALSE(opencl_fp32("accelerator", "X", "Y", 4, 1000).value);
}
