// hashbench: measures devices for mining (sha256d) and AI (SGEMM). Thin driver over lib/:
// each subcommand lives in cmd_<sub>.cpp and is added here.
#include "commands.hpp"
#include "core/cli.hpp"

int main(int argc, char** argv) {
  CLI::App app;
  hs::setup_app(app, "hashbench",
                "Measure compute devices for Bitcoin mining (sha256d) and AI (SGEMM, vendor GEMM, memory bandwidth)");
  app.require_subcommand(1);
  hs::Subcommands subs(app);
  subs.add("devices", "List OpenCL devices and the native CPU path as records", hashbench::add_devices);
  subs.add("scan", "Report every nonce in a range whose sha256d hash meets the target", hashbench::add_scan);
  subs.add("sha256d", "Measure the sustained sha256d hashrate of a device", hashbench::add_sha256d);
  subs.add("tune", "Find the fastest sha256d kernel parameters for a device and cache them", hashbench::add_tune);
  subs.add("sgemm", "Measure fp32 SGEMM GFLOP/s (C = alpha*A*B + beta*C) on a device", hashbench::add_sgemm);
  subs.add("profile",
           "Write one profile record per device and workload (sha256d, SGEMM, vendor GEMM, bandwidth), or normalize "
           "spec sheets",
           hashbench::add_profile);
  subs.add("gemm", "Measure dense GEMM TFLOP/s per precision through cuBLASLt on an NVIDIA GPU (loaded at run time)",
           hashbench::add_gemm);
  subs.add("bandwidth", "Measure memory bandwidth: STREAM copy and triad (OpenCL), cudaMemcpy device to device",
           hashbench::add_bandwidth);
  return hs::run_tool(app, argc, argv, [&] { return subs.run(); });
}
