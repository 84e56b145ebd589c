#pragma once
// The [[server]]s of source nvml (this node's GPUs through NVML) and dcgm (dcgm-exporter's
// /metrics over plain http) read into the ServerRead a BMC's Redfish walk gives
// (fleet/redfish/client.hpp), so fleet_server rows and ai_draw sums treat every source alike.
// Read only: nothing here sets a limit. The figures are the GPUs' alone; a BMC's are the whole
// chassis (CPUs, fans, NICs too).
#include <cstddef>
#include <vector>

#include "fleet/gpu/reading.hpp"
#include "fleet/inventory.hpp"
#include "fleet/redfish/client.hpp"
#include "fleet/redfish/https.hpp"

namespace hs::fleet::gpu {

inline const char* const metrics_path = "/metrics";  // dcgm-exporter's

// A node's reading as a server's: state on, watts the GPUs' sum, watts_source the source's
// name, limit_watts the sum of the GPUs' limits and allowable_min/max the sums of their ranges
// (each only where every GPU gave one), gpu_temp_c the hottest. State error, with the reason
// and the reading left empty, when the node could not be read, shows no GPU, or a GPU gave no
// power (a partial sum would understate the draw): the error names those GPUs.
redfish::ServerRead server_read(const NodeReading& node, ServerSource source);

// Reads each of inv.servers[servers[k]] (every one of source nvml or dcgm): NVML once, every
// dcgm-exporter at once over one curl multi (http's timeouts). A dcgm-exporter that does not
// connect or answer in time is unreachable; an HTTP status but 2xx or a /metrics fleet cannot
// parse is an error naming the status or the line.
std::vector<redfish::ServerRead> read_gpu_servers(const Inventory& inv, const std::vector<std::size_t>& servers,
                                                  const redfish::HttpOptions& http);

}  // namespace hs::fleet::gpu
