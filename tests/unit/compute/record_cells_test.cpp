// hashbench's device, nonce_hit, gemm_result and bandwidth_result records read back by field
// name (tests/unit/record_fields.hpp): the genesis block's hit, and measurements worked by hand.
#include <catch2/catch.hpp>

#include "../record_fields.hpp"
#include "compute/record_cells.hpp"
#include "core/io.hpp"

using namespace hs;

TEST_CASE("nonce_hit cells: the genesis block's nonce and hash", "[compute][rows]") {
  const auto h = parse_header_hex(read_whole_file(std::string(HS_TEST_DATA) + "/hashbench/genesis.hex"));
  const auto hits = verify_candidates(h, {h.nonce() - 1, h.nonce()}, bits_to_target(h.bits()));
  REQUIRE(hits.size() == 1);
  auto row = test::by_field("nonce_hit", nonce_hit_cells(hits[0], "native"));
  CHECK(row["nonce"] == "2083236893");
  CHECK(row["hash"] == "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
  CHECK(row["meets_block_target"] == "true");
  CHECK(row["device"] == "native");
}

TEST_CASE("device cells: an OpenCL device, and the native path without clock or memory", "[compute][rows]") {
  ComputeDevice d;
  d.index = 2;
  d.info.platform = "Portable Computing Language";
  d.info.name = "cpu-haswell";
  d.info.vendor = "GenuineIntel";
  d.info.type = "cpu";
  d.info.driver = "3.1";
  d.info.version = "OpenCL 3.0 PoCL";
  d.info.compute_units = 16;
  d.info.clock_mhz = 2200;
  d.info.global_mem = 3ull << 30;  // 3 GiB
  d.info.max_alloc = 1ull << 30;
  auto row = test::by_field("device", device_cells(d));
  CHECK(row["index"] == "2");
  CHECK(row["platform"] == "Portable Computing Language");
  CHECK(row["device"] == "cpu-haswell");
  CHECK(row["vendor"] == "GenuineIntel");
  CHECK(row["device_type"] == "cpu");
  CHECK(row["driver"] == "3.1");
  CHECK(row["compute_units"] == "16");
  CHECK(row["clock_mhz"] == "2200");
  CHECK(row["global_mem_mib"] == "3072");
  CHECK(row["max_alloc_mib"] == "1024");
  CHECK(row["opencl_version"] == "OpenCL 3.0 PoCL");
  ComputeDevice native;
  native.index = 3;
  native.native = true;
  native.info.platform = "native";
  native.info.compute_units = 8;
  native.info.version = "not OpenCL";
  auto n = test::by_field("device", device_cells(native));
  CHECK(n["platform"] == "native");
  CHECK(n["compute_units"] == "8");
  CHECK(n["clock_mhz"].empty());
  CHECK(n["global_mem_mib"].empty());
  CHECK(n["opencl_version"].empty());
}

TEST_CASE("gemm_result cells: peak fraction and GFLOP/s per watt", "[compute][rows]") {
  gemm::Result r;
  r.device = "NVIDIA H200";
  r.precision = gemm::Precision::bf16;
  r.m = 8192, r.n = 4096, r.k = 2048;
  r.products = 120;
  r.seconds = 1.23456;
  r.tflops = 494.75;
  r.peak.value = 989.5e12;
  r.peak.source = "132 SMs x 1830 MHz x 4096 FLOP/clock";
  r.check.max_rel_error = 0.001;
  r.check.bound = 0.0078125;
  r.check.passed = true;
  r.watts = 640.0;
  const GemmRunContext ctx{1, "9.0", "cuBLASLt 12.4.5", std::nullopt};
  auto row = test::by_field("gemm_result", gemm_result_cells(r, ctx));
  CHECK(row["device"] == "NVIDIA H200");
  CHECK(row["gpu"] == "1");
  CHECK(row["compute_capability"] == "9.0");
  CHECK(row["library"] == "cuBLASLt 12.4.5");
  CHECK(row["precision"] == "bf16");
  CHECK(row["m"] == "8192");
  CHECK(row["n"] == "4096");
  CHECK(row["k"] == "2048");
  CHECK(row["products"] == "120");
  CHECK(row["seconds"] == "1.2346");
  CHECK(row["tflops"] == "494.75");
  CHECK(row["peak_tflops"] == "989.50");
  CHECK(row["peak_source"] == "132 SMs x 1830 MHz x 4096 FLOP/clock");
  CHECK(row["fraction_of_peak"] == "0.5000");
  CHECK(row["watts"] == "640.0");
  CHECK(row["watts_source"] == "nvml");
  CHECK(row["gflops_per_watt"] == "773.047");  // 494.75 x 1000 / 640
  CHECK(row["max_rel_error"] == "0.001");
  CHECK(row["error_bound"] == "0.0078125");
  CHECK(row["verified"] == "true");
  CHECK(row["partial"] == "false");
  // The user's watts replace the meter's; no peak known: empty peak and fraction.
  r.peak = {};
  auto user = test::by_field("gemm_result", gemm_result_cells(r, {1, "9.0", "lib", 700.0}));
  CHECK(user["watts"] == "700.0");
  CHECK(user["watts_source"] == "user");
  CHECK(user["gflops_per_watt"] == "706.786");  // 494.75 x 1000 / 700
  CHECK(user["peak_tflops"].empty());
  CHECK(user["fraction_of_peak"].empty());
}

TEST_CASE("bandwidth_result cells: STREAM's byte count, peak and per watt", "[compute][rows]") {
  bandwidth::Result r;
  r.device = "cpu-haswell";
  r.backend = "opencl";
  r.kernel = bandwidth::Kernel::triad;
  r.array_bytes = 256ull << 20;
  r.bytes_per_pass = 3 * (256ull << 20);
  r.passes = 40;
  r.seconds = 2.5;
  r.gb_per_s = 12.884901888;  // 3 x 256 MiB x 40 / 2.5 s
  r.verified = true;
  auto row = test::by_field("bandwidth_result", bandwidth_result_cells(r, std::nullopt, ""));
  CHECK(row["device"] == "cpu-haswell");
  CHECK(row["backend"] == "opencl");
  CHECK(row["kernel"] == "triad");
  CHECK(row["array_mib"] == "256.00");
  CHECK(row["bytes_per_pass"] == "805306368");
  CHECK(row["passes"] == "40");
  CHECK(row["seconds"] == "2.5000");
  CHECK(row["gb_per_s"] == "12.88");
  CHECK(row["peak_gb_per_s"].empty());
  CHECK(row["watts"].empty());
  CHECK(row["watts_source"].empty());
  CHECK(row["gb_per_s_per_watt"].empty());
  CHECK(row["verified"] == "true");
  CHECK(row["partial"] == "false");
  r.peak.value = 25.6e9;
  r.peak.source = "2 x 1600 MHz x 64 bit / 8";
  r.watts = 50;
  auto metered = test::by_field("bandwidth_result", bandwidth_result_cells(r, std::nullopt, "rapl"));
  CHECK(metered["peak_gb_per_s"] == "25.6");
  CHECK(metered["peak_source"] == "2 x 1600 MHz x 64 bit / 8");
  CHECK(metered["fraction_of_peak"] == "0.5033");  // 12.8849 / 25.6
  CHECK(metered["watts"] == "50.0");
  CHECK(metered["watts_source"] == "rapl");
  CHECK(metered["gb_per_s_per_watt"] == "0.258");
}
