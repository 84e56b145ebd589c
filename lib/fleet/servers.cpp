#include "fleet/servers.hpp"

#include <future>

#include "core/credentials.hpp"
#include "fleet/gpu/servers.hpp"

namespace hs::fleet {

std::vector<redfish::ServerRead> read_servers(const Inventory& inv, const std::vector<std::size_t>& servers,
                                              const std::string& credentials, const redfish::HttpOptions& http) {
  std::vector<std::size_t> bmc, gpus;  // positions in servers
  std::vector<std::size_t> bmc_idx, gpu_idx;
  for (std::size_t k = 0; k < servers.size(); ++k) {
    const bool ro = read_only(inv.servers[servers[k]].source);
    (ro ? gpus : bmc).push_back(k);
    (ro ? gpu_idx : bmc_idx).push_back(servers[k]);
  }
  // Before anything starts: a missing login is a usage error, with nothing read.
  const redfish::Login login = bmc.empty() ? redfish::Login{} : redfish::login_from(Credentials::load(credentials));
  // The GPU sources on their own thread (own curl multi handle): NVML is a local call, and the
  // dcgm-exporters' one round overlaps the BMCs' walk.
  auto gpu_reads = std::async(gpus.empty() ? std::launch::deferred : std::launch::async,
                              [&] { return gpu::read_gpu_servers(inv, gpu_idx, http); });
  std::vector<redfish::ServerRead> bmc_reads;
  if (!bmc.empty()) {
    redfish::Client client(inv, bmc_idx, login, http);
    bmc_reads = client.read();
    client.logout();
  }
  std::vector<redfish::ServerRead> out(servers.size());
  for (std::size_t n = 0; n < bmc.size(); ++n) out[bmc[n]] = std::move(bmc_reads[n]);
  auto g = gpu_reads.get();
  for (std::size_t n = 0; n < gpus.size(); ++n) out[gpus[n]] = std::move(g[n]);
  return out;
}

}  // namespace hs::fleet
