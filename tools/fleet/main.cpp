// fleet: setpoints to machines over the miners' own API, telemetry back.
// Thin driver: each subcommand lives in cmd_<name>.cpp, the work in lib/fleet/.
#include <map>

#include "commands.hpp"
#include "fleet/client.hpp"

int main(int argc, char** argv) {
  CLI::App app;
  hs::setup_app(app, "fleet", "Apply setpoints to miners over their CGMiner-compatible API and read telemetry back");
  app.require_subcommand(1);
  std::map<CLI::App*, fleet::Runner> runners;
  auto add = [&](const char* name, const char* what, fleet::Runner (*fn)(CLI::App&)) {
    auto* sub = app.add_subcommand(name, what);
    runners[sub] = fn(*sub);
  };
  add("status", "Telemetry of every machine in the inventory (hashrate, power, temperature, errors)", fleet::add_status);
  add("apply", "Plan and send the commands that bring each class to its setpoint, then measure", fleet::add_apply);
  add("query", "Send one read-only API command (summary, stats, pools, profiles, atm ...) and write the replies", fleet::add_query);
  return hs::run_tool(app, argc, argv, [&] {
    hs::fleet::raise_open_file_limit();
    for (auto& [sub, run] : runners)
      if (sub->parsed()) return run();
    throw hs::Error(hs::exit_code::usage, "a subcommand is required");
  });
}
