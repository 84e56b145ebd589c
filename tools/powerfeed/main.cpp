// powerfeed: thin driver over lib/.
#include "core/cli.hpp"

int main(int argc, char** argv) {
  CLI::App app;
  hs::setup_app(app, "powerfeed", "powerfeed");
  hs::OutputOptions out;
  hs::add_output_options(app, out);
  return hs::run_tool(app, argc, argv, [&] {
    throw hs::Error(hs::exit_code::software, "not implemented yet");
    return 0;
  });
}
