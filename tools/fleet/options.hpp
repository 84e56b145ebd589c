#pragma once
// Options several fleet subcommands share: the inventory and how the miners are reached.
#include <string>

#include "core/cli.hpp"
#include "fleet/client.hpp"

namespace fleet {

struct NetOptions {
  std::string inventory;
  std::size_t max_inflight = 512;
  int connect_timeout_ms = 2000;
  int read_timeout_ms = 5000;
  int retries = 2;
  hs::fleet::ClientOptions client() const;
  // --inventory, else $HYBRIDSITE_INVENTORY or the config file's (core/defaults.hpp).
  std::string inventory_file() const;
};
void add_net_options(CLI::App& app, NetOptions& o);

}  // namespace fleet
