#include "options.hpp"

#include "core/defaults.hpp"

namespace fleet {

void add_net_options(CLI::App& app, NetOptions& o) {
  app.add_option("--inventory", o.inventory,
                 "Inventory (TOML): the only machines fleet talks to; default $HYBRIDSITE_INVENTORY or inventory in "
                 "the config file")
      ->type_name("FILE");
  app.add_option("--max-inflight", o.max_inflight, "Connections open at once")
      ->check(CLI::Range(std::size_t{1}, std::size_t{16384}))
      ->type_name("N");
  app.add_option("--connect-timeout", o.connect_timeout_ms, "Give up a connection after MS milliseconds")
      ->check(CLI::Range(1, 600000))
      ->type_name("MS");
  app.add_option("--read-timeout", o.read_timeout_ms, "Give up an answer MS milliseconds after the request")
      ->check(CLI::Range(1, 600000))
      ->type_name("MS");
  app.add_option("--retries", o.retries, "Tries again after a refused, silent or broken connection")
      ->check(CLI::Range(0, 20))
      ->type_name("N");
}

std::string NetOptions::inventory_file() const { return hs::require_file_option(inventory, "inventory"); }

hs::fleet::ClientOptions NetOptions::client() const {
  hs::fleet::ClientOptions c;
  c.max_inflight = max_inflight;
  c.connect_timeout_ms = connect_timeout_ms;
  c.read_timeout_ms = read_timeout_ms;
  c.retries = retries;
  return c;
}

}  // namespace fleet
