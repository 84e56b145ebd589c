#pragma once
// A device's peak rate for a precision, from clocks and units read at run time times a
// per-unit rate taken from a data table, with the source named in the record so a reader
// can check it. Every figure is dense (no 2:4 sparsity).
//   CUDA:   SMs x SM clock (cudaDevAttrMultiProcessorCount, cudaDevAttrClockRate) x dense
//           FLOP/clock/SM of the architecture (nvidia_sm_rates), per precision;
//           memory: 2 (double data rate) x memory clock x bus width / 8
//           (cudaDevAttrMemoryClockRate, cudaDevAttrGlobalMemoryBusWidth).
//   OpenCL: CL_DEVICE_MAX_COMPUTE_UNITS x CL_DEVICE_MAX_CLOCK_FREQUENCY x FP32 FLOP/clock per
//           compute unit (opencl_fp32_rate); OpenCL reports no memory clock, so no
//           bandwidth peak.
// The SM clock is the maximum boost clock; NVIDIA's data sheets quote tensor figures at a
// lower clock (H100 SXM: 1830 MHz against 1980 reported), so ratios to this peak are
// conservative (lower) by that factor.
#include <optional>
#include <string>
#include <vector>

#include "compute/gemm_precision.hpp"

namespace hs::peak {

struct SmRates {
  int cc_major, cc_minor;
  const char* arch;  // e.g. "Hopper (H100, H200)"
  // Dense FLOP per clock per SM; 0 = the architecture has no such path.
  double fp32, tf32, fp16, bf16, fp8;
  double rate(gemm::Precision p) const;
};
// The table (NVIDIA architecture whitepapers and data sheets: dense TFLOP/s / (SMs x clock)).
const std::vector<SmRates>& nvidia_sm_rates();
const SmRates* find_sm_rates(int cc_major, int cc_minor);

struct Peak {
  std::optional<double> value;  // FLOP/s or bytes/s; empty when unknown
  std::string source;           // how it was computed, or why it is unknown
};

Peak cuda_flops(int cc_major, int cc_minor, int sms, double clock_mhz, gemm::Precision p);
Peak cuda_bandwidth(double mem_clock_mhz, int bus_width_bits);

// FP32 FLOP/clock per compute unit for an OpenCL device, and what the figure assumes;
// 0 when the table has no entry. cc_major < 0: not an NVIDIA device (or not known).
struct UnitRate {
  double flops_per_clock = 0;
  std::string basis;
};
UnitRate opencl_fp32_rate(const std::string& type, const std::string& vendor, const std::string& name,
                          int cc_major = -1, int cc_minor = -1);
Peak opencl_fp32(const std::string& type, const std::string& vendor, const std::string& name, unsigned compute_units,
                 unsigned clock_mhz, int cc_major = -1, int cc_minor = -1);

}  // namespace hs::peak
