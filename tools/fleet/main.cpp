// fleet: setpoints to machines over the miners' own API, telemetry back.
// Thin driver: each subcommand lives in cmd_<name>.cpp, the work in lib/fleet/.
#include "commands.hpp"
#include "fleet/client.hpp"

int main(int argc, char** argv) {
  CLI::App app;
  hs::setup_app(app, "fleet", "Apply setpoints to miners over their own APIs and read telemetry back");
  app.require_subcommand(1);
  hs::Subcommands subs(app);
  subs.add("status", "Telemetry of every machine in the inventory (hashrate, power, temperature, errors)", fleet::add_status);
  subs.add("apply", "Plan and send the commands that bring each class to its setpoint, then measure", fleet::add_apply);
  subs.add("firmware", "The firmware families fleet reads and commands, and which fields give what", fleet::add_firmware);
  subs.add("query", "Send one read-only API command (summary, stats, pools, profiles, atm ...) and write the replies", fleet::add_query);
  return hs::run_tool(app, argc, argv, [&] {
    hs::fleet::raise_open_file_limit();
    return subs.run();
  });
}
