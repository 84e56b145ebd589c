#include "fleet/telemetry.hpp"

#include <algorithm>

#include "fleet/family.hpp"

namespace hs::fleet {

namespace {
void hotter(std::optional<double>& slot, std::optional<double> c) {
  if (c && *c > 0 && (!slot || *c > *slot)) slot = c;
}
}  // namespace

void Telemetry::board(std::optional<double> c) {
  hotter(board_c, c);
  hotter(temp_c, c);
}
void Telemetry::chip(std::optional<double> c) {
  hotter(chip_c, c);
  hotter(temp_c, c);
}
void Telemetry::other(std::optional<double> c) { hotter(temp_c, c); }

std::vector<Telemetry> read_telemetry(const Inventory& inv, const std::vector<std::size_t>& machines,
                                      const ClientOptions& opt) {
  std::vector<Exchange> xs;
  std::vector<std::size_t> first(machines.size()), count(machines.size());
  for (std::size_t i = 0; i < machines.size(); ++i) {
    const Machine& m = inv.machines.at(machines[i]);
    first[i] = xs.size();
    for (auto& x : driver(m.firmware).telemetry_requests(machines[i], m)) xs.push_back(std::move(x));
    count[i] = xs.size() - first[i];
  }
  run_with_retries(inv, xs, opt);
  std::vector<Telemetry> out(machines.size());
  for (std::size_t i = 0; i < machines.size(); ++i) {
    const Machine& m = inv.machines.at(machines[i]);
    Telemetry& t = out[i];
    driver(m.firmware).read_telemetry(m, xs.data() + first[i], count[i], t);
    if (!t.reachable || t.state == "error") continue;
    if (!t.watts) {
      t.watts = t.hashing() && t.ths ? m.watts * std::min(*t.ths / m.ths, 1.5) : 0.0;
      t.watts_estimated = true;
    }
  }
  return out;
}

}  // namespace hs::fleet
