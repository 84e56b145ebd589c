#pragma once
// What the families that speak the CGMiner-compatible API on TCP 4028 share: the summary read
// (hashrate, state, hardware errors, what power and temperature the summary carries), the
// temperature replies, and a chain that sends one command per action.
#include <functional>
#include <optional>
#include <string>

#include "fleet/family.hpp"
#include "fleet/reply.hpp"
#include "fleet/telemetry.hpp"

namespace hs::fleet::cgapi {

// The summary exchange into t: reachable, state (hashing when the hashrate is above 0), ths,
// hw_errors, and the power and temperatures a Whatsminer summary carries. False when t is
// final: unreachable, or an error (unparsed, cut short, no hashrate).
bool read_summary_into(const Exchange& x, Telemetry& t);
// The parsed reply of an answered exchange whose STATUS is S or I; nullopt otherwise.
std::optional<Reply> answered(const Exchange& x, const char* what);
// Board and chip temperatures of a devs / edevs / temps reply.
void read_temps_into(const Exchange& x, const char* what, Telemetry& t);

// Stock Bitmain `stats`: the hottest board and chip per chain, and Mode 254 (asleep).
void read_antminer_stats_into(const Exchange& x, Telemetry& t);
// summary, devs, stats: the read of stock cgminer / bmminer / Antminer firmware.
std::vector<Exchange> stock_requests(std::size_t machine);
void read_stock(const Exchange* xs, std::size_t n, Telemetry& t);

// A family fleet reads like stock firmware (summary, devs, stats) and cannot command.
class StockReadDriver : public Driver {
 public:
  StockReadDriver(const FamilyInfo& row, const char* why) : row_(row), why_(why) {}
  const FamilyInfo& info() const override { return row_; }
  std::vector<Exchange> telemetry_requests(std::size_t machine, const Machine&) const override {
    return stock_requests(machine);
  }
  void read_telemetry(const Machine&, const Exchange* xs, std::size_t n, Telemetry& t) const override {
    read_stock(xs, n, t);
  }
  std::unique_ptr<CommandChain> commands(const Machine&, std::vector<const Action*> actions,
                                         const MachineSecrets&) const override {
    return refusing_chain(std::move(actions), why_);
  }

 private:
  const FamilyInfo& row_;
  const char* why_;
};

// Whether the answer to a CGMiner command is S or I; why not in *error otherwise.
bool acknowledged(const Exchange& x, const std::string& command, std::string& error);

// One CGMiner command per action: `step` gives the command and parameter for an action, or
// an error message when the family cannot do it.
struct Command {
  std::string command, parameter, shown;
  std::string error;  // non-empty: the action cannot be sent
};
class OneCommandChain : public CommandChain {
 public:
  OneCommandChain(std::vector<const Action*> actions, std::function<Command(const Action&)> step)
      : CommandChain(std::move(actions)), step_(std::move(step)) {}
  std::optional<CommandStep> next() override;
  bool answer(const Exchange& x) override;

 private:
  std::function<Command(const Action&)> step_;
  std::size_t at_ = 0;
  std::string command_;
};

std::string action_name(const Action& a);

}  // namespace hs::fleet::cgapi
