#include "fleet/redfish/rows.hpp"

#include <map>

namespace hs::fleet::redfish {

namespace {
Cell fixed_or_empty(const std::optional<double>& v, int decimals) { return v ? Cell(Fixed{*v, decimals}) : Cell(); }
Cell text_or_empty(const std::string& s) { return s.empty() ? Cell() : Cell(s); }
void hottest(std::optional<double>& into, std::optional<double> v) {
  if (v && (!into || *v > *into)) into = v;
}
}  // namespace

std::vector<Cell> server_cells(const Server& s, const ServerRead& r) {
  const Reading& g = r.reading;
  std::optional<double> lo, hi;
  if (r.usable() && read_only(s.source)) {
    // The GPUs' own ranges, summed (fleet/gpu/servers.hpp): fleet sets no limit through NVML or
    // dcgm, so no fallback range of its own is claimed.
    lo = g.allowable_min;
    hi = g.allowable_max;
  } else if (r.usable()) {
    const Range rg = limit_range(g, s.limit_min_watts, s.limit_max_watts, s.watts);
    lo = rg.min;
    hi = rg.max;
  }
  return {s.id,
          s.address(),
          s.block,
          std::string(to_string(s.source)),
          r.state,
          fixed_or_empty(g.watts, 1),
          text_or_empty(g.watts ? g.watts_source : std::string()),
          fixed_or_empty(g.psu_input_watts, 1),
          fixed_or_empty(g.limit_watts, 1),
          fixed_or_empty(lo, 1),
          fixed_or_empty(hi, 1),
          fixed_or_empty(g.gpu_temp_c, 1),
          fixed_or_empty(g.inlet_temp_c, 1),
          text_or_empty(r.error)};
}

std::vector<BlockDraw> block_draws(const Inventory& inv, const std::vector<std::size_t>& servers,
                                   const std::vector<ServerRead>& reads) {
  std::map<std::string, BlockDraw> by;
  for (std::size_t k = 0; k < servers.size(); ++k) {
    const Server& s = inv.servers[servers[k]];
    const ServerRead& r = reads[k];
    BlockDraw& b = by[s.block];
    b.block = s.block;
    ++b.servers;
    if (!r.usable()) {
      // Not read: it may be running flat out.
      b.uncapped_watts += s.watts;
      continue;
    }
    ++b.reachable;
    const auto& g = r.reading;
    double w = g.watts.value_or(0);
    bool capped = g.limit_watts.has_value();
    if (read_only(s.source)) {
      // NVML and dcgm-exporter see the GPUs alone, each with a limit in force (its default when
      // none was set). The rest of the server (CPUs, fans, NICs, supply losses) counts at its
      // most, the nameplate less the GPUs' largest limits; without those, the whole nameplate.
      // A limit is a cap only below the GPUs' largest.
      if (g.allowable_max && s.watts >= *g.allowable_max) {
        w += s.watts - *g.allowable_max;
        capped = g.limit_watts && *g.limit_watts < *g.allowable_max - 0.5;
      } else {
        w = s.watts;
        capped = false;
      }
    }
    b.it_watts += w;
    if (capped) {
      ++b.capped;
      b.limit_watts = b.limit_watts.value_or(0) + *g.limit_watts;
      // Its draw says nothing of what it would draw uncapped.
      b.uncapped_watts += s.watts;
    } else {
      b.uncapped_watts += w;
    }
    hottest(b.gpu_temp_c, r.reading.gpu_temp_c);
    hottest(b.inlet_temp_c, r.reading.inlet_temp_c);
  }
  std::vector<BlockDraw> out;
  for (const auto& name : inv.blocks())
    if (auto it = by.find(name); it != by.end()) out.push_back(it->second);
  return out;
}

std::vector<Cell> BlockDraw::cells(UtcTime measured_at) const {
  auto mw = [](double w) { return Cell(Fixed{w / 1e6, 6}); };
  return {measured_at,
          block,
          static_cast<std::int64_t>(servers),
          static_cast<std::int64_t>(reachable),
          static_cast<std::int64_t>(capped),
          mw(it_watts),
          mw(uncapped_watts),
          limit_watts ? mw(*limit_watts) : Cell(),
          fixed_or_empty(gpu_temp_c, 1),
          fixed_or_empty(inlet_temp_c, 1)};
}

std::vector<Cell> cap_cells(const CapResult& r) {
  return {r.interval_start,
          r.block,
          r.server,
          r.address,
          Fixed{r.cap_pct, 2},
          fixed_or_empty(r.asked_limit_watts, 0),
          fixed_or_empty(r.readback_limit_watts, 0),
          fixed_or_empty(r.measured_watts, 1),
          r.outcome,
          text_or_empty(r.error)};
}

}  // namespace hs::fleet::redfish
