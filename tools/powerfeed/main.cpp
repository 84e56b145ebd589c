// powerfeed: market price files and URLs in, one normalized UTC price series out.
// Thin driver over lib/market/; one file per command (cmd_convert, cmd_check, cmd_stats, cmd_fetch).
#include "cmd_convert.hpp"
#include "cmd_fetch.hpp"
#include "core/cli.hpp"

int main(int argc, char** argv) {
  CLI::App app;
  hs::setup_app(app, "powerfeed", "Read market price files and URLs; write one normalized UTC price series");
  app.require_subcommand(0, 1);
  powerfeed::Convert convert;
  powerfeed::Check check;
  powerfeed::StatsCmd stats;
  powerfeed::FetchCmd fetch;
  auto* check_cmd = app.add_subcommand("check", "Per node and local market day: expected versus found intervals");
  auto* stats_cmd = app.add_subcommand("stats", "Per node: count, mean, min, max, percentiles, negative share");
  auto* fetch_cmd = app.add_subcommand("fetch", "Fetch prices, ancillary-service prices or load forecasts from a market API");
  powerfeed::add_check_options(*check_cmd, check);
  powerfeed::add_fetch_options(*fetch_cmd, fetch);
  powerfeed::add_stats_options(*stats_cmd, stats);
  powerfeed::add_convert_options(app, convert);
  // The inputs of the top-level command are only required when no subcommand runs.
  app.get_option("inputs")->required(false);
  return hs::run_tool(app, argc, argv, [&] {
    if (check_cmd->parsed()) return powerfeed::run_check(check);
    if (stats_cmd->parsed()) return powerfeed::run_stats(stats);
    if (fetch_cmd->parsed()) return powerfeed::run_fetch(fetch);
    if (convert.common.inputs.empty()) hs::throw_usage("no input given (see powerfeed --help)");
    return powerfeed::run_convert(convert);
  });
}
