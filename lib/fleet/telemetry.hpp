#pragma once
// Telemetry of many machines at once: summary (hashrate, hardware errors) on every
// firmware, devs (cgminer, bmminer) or temps (LuxOS, Braiins OS) for temperatures, power on LuxOS (POWER[0].Watts) and tunerstatus on
// Braiins OS (ApproximateMinerPowerConsumption), and stats on stock cgminer/bmminer (Antminer:
// board and chip temperatures per chain, Mode 254 asleep). Stock cgminer/bmminer report no power:
// their watts are the nameplate watts scaled by the measured hashrate, marked estimate.
#include <optional>
#include <string>
#include <vector>

#include "fleet/client.hpp"
#include "fleet/inventory.hpp"

namespace hs::fleet {

struct Telemetry {
  bool reachable = false;
  std::string state = "unreachable";  // hashing, sleeping, unreachable, error
  std::optional<double> ths, watts, temp_c;
  bool watts_estimated = false;
  std::optional<long long> hw_errors;
  std::string error;
  bool hashing() const { return state == "hashing"; }
};

// One entry per index in `machines`, in the same order.
std::vector<Telemetry> read_telemetry(const Inventory& inv, const std::vector<std::size_t>& machines,
                                      const ClientOptions& opt);

}  // namespace hs::fleet
