#pragma once
// The cells of hashbench's device, nonce_hit, gemm_result and bandwidth_result records (field order in
// lib/records/hashbench.cpp), each built in one place; the drivers only write them. Tested by
// field name in tests/unit/compute/record_cells_test.cpp, so two swapped columns fail.
// (sha256d_result is a typed row of its own: compute/sha256d_result.hpp.)
#include <optional>
#include <string>
#include <vector>

#include "compute/bandwidth.hpp"
#include "compute/devices.hpp"
#include "compute/gemm_cublaslt.hpp"
#include "compute/sha256d.hpp"
#include "core/record.hpp"

namespace hs {

// The native path reports no clock or memory: those cells are empty rather than 0.
std::vector<Cell> device_cells(const ComputeDevice& d);

std::vector<Cell> nonce_hit_cells(const NonceHit& h, const std::string& device);

// What a gemm_result row says besides the measurement: the GPU and library measured, and
// the user's --watts (written as the watts, source "user", in place of NVML's reading).
struct GemmRunContext {
  int gpu = 0;
  std::string compute_capability, library;
  std::optional<double> user_watts;
};
// Peak in TFLOP/s and the fraction of it reached when the peak is known; GFLOP/s per watt
// (tflops x 1000 / watts) when watts are.
std::vector<Cell> gemm_result_cells(const gemm::Result& r, const GemmRunContext& ctx);

// The same for a bandwidth run: peak in GB/s, GB/s per watt; meter_source names the meter
// that read r.watts ("nvml", "rapl"), "" when none did.
std::vector<Cell> bandwidth_result_cells(const bandwidth::Result& r, std::optional<double> user_watts,
                                         const std::string& meter_source);

}  // namespace hs
