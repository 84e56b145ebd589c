// hashbench: measures devices for mining (sha256d) and AI (SGEMM). Thin driver over lib/.
#include "core/cli.hpp"

int main(int argc, char** argv) {
  CLI::App app;
  hs::setup_app(app, "hashbench", "Measure compute devices for Bitcoin mining (sha256d) and AI (SGEMM)");
  app.require_subcommand(1);
  hs::OutputOptions out;
  auto* devices = app.add_subcommand("devices", "List OpenCL and native devices as records");
  hs::add_output_options(*devices, out);
  return hs::run_tool(app, argc, argv, [&] {
    throw hs::Error(hs::exit_code::software, "not implemented yet");
    return 0;
  });
}
