#pragma once
// Reading the GPU servers, whatever their source, in one round: the Redfish BMCs walked by
// fleet/redfish/client.hpp while, alongside, NVML is read and every dcgm-exporter fetched
// (fleet/gpu/servers.hpp). One slow source costs its own timeout, not the sum of both.
#include <cstddef>
#include <string>
#include <vector>

#include "fleet/inventory.hpp"
#include "fleet/redfish/client.hpp"
#include "fleet/redfish/https.hpp"

namespace hs::fleet {

// reads[k] for inv.servers[servers[k]]. The credentials file (credentials: "" the default) is
// read only when a Redfish server is among them, so an inventory of nvml and dcgm servers needs
// none.
std::vector<redfish::ServerRead> read_servers(const Inventory& inv, const std::vector<std::size_t>& servers,
                                              const std::string& credentials, const redfish::HttpOptions& http);

}  // namespace hs::fleet
