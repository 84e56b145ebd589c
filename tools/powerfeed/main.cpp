// powerfeed: market price files and URLs in, one normalized UTC price series out.
// Thin driver over lib/market/; one file per command (cmd_convert, cmd_check, cmd_stats, cmd_fetch).
#include "commands.hpp"

int main(int argc, char** argv) {
  CLI::App app;
  hs::setup_app(app, "powerfeed", "Read market price files and URLs; write one normalized UTC price series");
  app.require_subcommand(0, 1);
  hs::Subcommands subs(app);
  subs.add("check", "Per node and local market day: expected versus found intervals", powerfeed::add_check);
  subs.add("stats", "Per node: count, mean, min, max, percentiles, negative share", powerfeed::add_stats);
  subs.add("fetch", "Fetch prices, ancillary-service prices or load forecasts from a market API, or hashprice from the Bitcoin network", powerfeed::add_fetch);
  const hs::Runner convert = powerfeed::add_convert(app);
  // The inputs of the top-level command are only required when no subcommand runs.
  app.get_option("inputs")->required(false);
  return hs::run_tool(app, argc, argv, [&] { return subs.run(convert); });
}
