// hashbench: measures devices for mining (sha256d) and AI (SGEMM). Thin driver over lib/:
// each subcommand lives in cmd_<sub>.cpp and registers itself here.
#include "commands.hpp"
#include "core/cli.hpp"

int main(int argc, char** argv) {
  CLI::App app;
  hs::setup_app(app, "hashbench", "Measure compute devices for Bitcoin mining (sha256d) and AI (SGEMM, vendor GEMM, memory bandwidth)");
  app.require_subcommand(1);
  hashbench::Action action;
  hashbench::register_devices(app, action);
  hashbench::register_scan(app, action);
  hashbench::register_sha256d(app, action);
  hashbench::register_tune(app, action);
  hashbench::register_sgemm(app, action);
  hashbench::register_profile(app, action);
  hashbench::register_gemm(app, action);
  hashbench::register_bandwidth(app, action);
  return hs::run_tool(app, argc, argv, [&] {
    if (!action) throw hs::Error(hs::exit_code::software, "no subcommand action");
    return action();
  });
}
