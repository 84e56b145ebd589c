// Braiins OS / OS+ (BOSminer): the CGMiner-compatible API; power from `tunerstatus`
// (ApproximateMinerPowerConsumption), temperatures from `temps`; pause and resume as pyasic's
// BOSMinerRPCAPI sends them (Braiins OS+ API docs,
// https://docs.braiins.com/os/plus-en/Development/1_api.html). Power targets live on its gRPC
// API, which fleet does not speak: no profiles here.
#include "fleet/family/cgminer_api.hpp"

namespace hs::fleet {
namespace {

const FamilyInfo row{
    Firmware::braiins, "braiins", "Braiins OS / OS+ (BOSminer)", "CGMiner API, TCP", 4028,
    "SUMMARY MHS 5s, then MHS av", "tunerstatus ApproximateMinerPowerConsumption (the tuner's figure)",
    "board: temps Board; chip: temps Chip", "hashing when the hashrate is above 0", "pause / resume", "", true,
    false};

class BraiinsDriver : public Driver {
 public:
  const FamilyInfo& info() const override { return row; }
  std::vector<Exchange> telemetry_requests(std::size_t machine, const Machine&) const override {
    return {make_exchange(machine, cgminer_request("summary")), make_exchange(machine, cgminer_request("temps")),
            make_exchange(machine, cgminer_request("tunerstatus"))};
  }
  void read_telemetry(const Machine&, const Exchange* xs, std::size_t n, Telemetry& t) const override {
    if (!cgapi::read_summary_into(xs[0], t)) return;
    if (n > 1) cgapi::read_temps_into(xs[1], "temps", t);
    if (n > 2)
      if (auto p = cgapi::answered(xs[2], "tunerstatus"))
        if (auto w = read_watts(*p)) t.watts = w;
  }
  std::unique_ptr<CommandChain> commands(const Machine&, std::vector<const Action*> actions,
                                         const MachineSecrets&) const override {
    return std::make_unique<cgapi::OneCommandChain>(std::move(actions), [](const Action& a) {
      cgapi::Command c;
      if (a.kind == ActionKind::profile) c.error = "profiles are not set on Braiins OS over this API";
      else c.command = a.kind == ActionKind::sleep ? "pause" : "resume";
      return c;
    });
  }
};

}  // namespace

const Driver& braiins_driver() {
  static const BraiinsDriver d;
  return d;
}

}  // namespace hs::fleet
