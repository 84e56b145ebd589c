#pragma once
// Telemetry of many machines at once: each machine's driver (fleet/family/) names the
// exchanges that read it (CGMiner API commands or HTTP GETs), all machines' exchanges run
// together on one epoll loop, and the driver reads its replies back. Firmware that reports no
// power gets the nameplate watts scaled by the measured hashrate, marked estimate.
#include <optional>
#include <string>
#include <vector>

#include "fleet/client.hpp"
#include "fleet/inventory.hpp"

namespace hs::fleet {

struct Telemetry {
  bool reachable = false;
  std::string state = "unreachable";  // hashing, sleeping, unreachable, error
  std::optional<double> ths, watts;
  std::optional<double> board_c, chip_c;  // the hottest board (PCB, inlet) and chip the firmware reports
  std::optional<double> temp_c;           // the hotter of the two (and any unlabelled reading)
  bool watts_estimated = false;
  std::optional<long long> hw_errors;
  std::string error;
  bool hashing() const { return state == "hashing"; }
  // Records a reading as board or chip; temp_c follows the hottest.
  void board(std::optional<double> c);
  void chip(std::optional<double> c);
  void other(std::optional<double> c);
};

// One entry per index in `machines`, in the same order.
std::vector<Telemetry> read_telemetry(const Inventory& inv, const std::vector<std::size_t>& machines,
                                      const ClientOptions& opt);

}  // namespace hs::fleet
