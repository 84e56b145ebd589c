#include "fleet/gpu/servers.hpp"

#include "fleet/gpu/dcgm.hpp"
#include "fleet/gpu/nvml.hpp"

namespace hs::fleet::gpu {

namespace {

// The sum of one figure over the GPUs, or empty when a GPU lacks it (a partial sum would pass
// for the node's).
template <typename Field>
std::optional<double> sum_all(const NodeReading& node, Field field) {
  if (node.gpus.empty()) return std::nullopt;
  double sum = 0;
  for (const auto& g : node.gpus) {
    const std::optional<double>& v = g.*field;
    if (!v) return std::nullopt;
    sum += *v;
  }
  return sum;
}

// "GPU 1 (nvmlDeviceGetPowerUsage failed: NVML_ERROR_UNKNOWN), GPU 3": those without power.
std::string without_power(const NodeReading& node) {
  std::string out;
  for (const auto& g : node.gpus) {
    if (g.watts) continue;
    out += (out.empty() ? "GPU " : ", GPU ") + std::to_string(g.index);
    if (!g.error.empty()) out += " (" + g.error + ")";
  }
  return out;
}

}  // namespace

redfish::ServerRead server_read(const NodeReading& node, ServerSource source) {
  redfish::ServerRead r;
  r.state = "error";
  if (!node.ok()) {
    r.error = node.error;
    return r;
  }
  if (node.gpus.empty()) {
    r.error = std::string(source == ServerSource::nvml ? "NVML" : "dcgm-exporter") + " shows no GPU";
    return r;
  }
  if (!node.watts_complete()) {
    r.error = "no power reading from " + without_power(node);
    return r;
  }
  r.state = "on";  // GPUs that answer are powered
  redfish::Reading& g = r.reading;
  g.watts = node.watts();
  g.watts_source = to_string(source);
  g.limit_watts = node.limit_watts();
  g.allowable_min = sum_all(node, &GpuReading::limit_min_watts);
  g.allowable_max = sum_all(node, &GpuReading::limit_max_watts);
  g.gpu_temp_c = node.hottest_c();
  return r;
}

std::vector<redfish::ServerRead> read_gpu_servers(const Inventory& inv, const std::vector<std::size_t>& servers,
                                                  const redfish::HttpOptions& http) {
  std::vector<redfish::ServerRead> out(servers.size());
  std::vector<redfish::HttpCall> calls;
  std::vector<std::size_t> at;  // k of each call
  for (std::size_t k = 0; k < servers.size(); ++k) {
    const Server& s = inv.servers[servers[k]];
    if (s.source == ServerSource::nvml) {
      // The inventory holds at most one: this node.
      out[k] = server_read(read_nvml(), s.source);
    } else if (s.source == ServerSource::dcgm) {
      redfish::HttpCall c;
      c.url = s.base_url() + metrics_path;
      c.accept = "text/plain";
      calls.push_back(std::move(c));
      at.push_back(k);
    } else {
      out[k].state = "error";
      out[k].error = "source redfish is read through its BMC, not here";
    }
  }
  redfish::run_http_calls(calls, http);
  for (std::size_t n = 0; n < calls.size(); ++n) {
    const redfish::HttpCall& c = calls[n];
    redfish::ServerRead& r = out[at[n]];
    const std::string what = std::string("GET ") + metrics_path + ": ";
    if (!c.answered) {
      r.state = "unreachable";
      r.error = what + c.error;
    } else if (c.status < 200 || c.status >= 300) {
      r.state = "error";
      r.error = what + "HTTP " + std::to_string(c.status);
    } else {
      r = server_read(parse_dcgm_metrics(c.reply), ServerSource::dcgm);
      if (!r.error.empty()) r.error = what + r.error;
    }
  }
  return out;
}

}  // namespace hs::fleet::gpu
