#pragma once
// The records of the GPU servers (lib/records/fleet.cpp): fleet_server per server, ai_draw per
// AI block, fleet_cap per cap fleet apply sent.
#include <optional>
#include <string>
#include <vector>

#include "core/record.hpp"
#include "fleet/inventory.hpp"
#include "fleet/redfish/caps.hpp"
#include "fleet/redfish/client.hpp"

namespace hs::fleet::redfish {

std::vector<Cell> server_cells(const Server& s, const ServerRead& r);

struct BlockDraw {
  std::string block;
  long servers = 0, reachable = 0, capped = 0;
  double it_watts = 0, uncapped_watts = 0;
  std::optional<double> limit_watts, gpu_temp_c, inlet_temp_c;
  std::vector<Cell> cells(UtcTime measured_at) const;
};
// One per block (inventory order); reads[k] is the reading of inv.servers[servers[k]].
std::vector<BlockDraw> block_draws(const Inventory& inv, const std::vector<std::size_t>& servers,
                                   const std::vector<ServerRead>& reads);

std::vector<Cell> cap_cells(const CapResult& r);

}  // namespace hs::fleet::redfish
