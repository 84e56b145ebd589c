// Bitaxe and other ESP-Miner boards (AxeOS): an HTTP API on port 80. GET /api/system/info gives
// hashRate (GH/s), power (W, measured by the board's power monitor), temp (the ASIC) and vrTemp
// (the voltage regulator, on the board). AxeOS has no sleep command; a profile is an ASIC
// frequency in MHz, set with PATCH /api/system {"frequency": N}, which is how AxeOS's own web
// page and pyasic change its settings.
#include "core/parse.hpp"
#include "fleet/family/web_api.hpp"
#include "fleet/telemetry.hpp"

namespace hs::fleet {
namespace {

const FamilyInfo row{
    Firmware::bitaxe, "bitaxe", "Bitaxe and ESP-Miner boards (AxeOS)", "HTTP JSON API", 80,
    "GET /api/system/info hashRate (GH/s)", "power (measured)", "board: vrTemp; chip: temp",
    "hashing when the hashrate is above 0", "profile: PATCH /api/system frequency <MHz> (no sleep in AxeOS)", "",
    false, true};

class BitaxeDriver : public Driver {
 public:
  const FamilyInfo& info() const override { return row; }
  std::vector<Exchange> telemetry_requests(std::size_t machine, const Machine& m) const override {
    return {make_exchange(machine, http_request("GET", m.address(), "/api/system/info"))};
  }
  void read_telemetry(const Machine&, const Exchange* xs, std::size_t, Telemetry& t) const override {
    nlohmann::json j;
    int status = 0;
    if (!webapi::read_json(xs[0], "GET /api/system/info", j, t.error, &status)) {
      t.reachable = status != 0;
      if (t.reachable) t.state = "error";
      return;
    }
    t.reachable = true;
    auto ghs = webapi::number(j, "hashRate");
    if (!ghs) {
      t.state = "error";
      t.error = "GET /api/system/info reply: no hashRate";
      return;
    }
    t.ths = *ghs / 1e3;
    if (auto w = webapi::number(j, "power"); w && *w > 0) t.watts = w;
    t.chip(webapi::number(j, "temp"));
    t.board(webapi::number(j, "vrTemp"));
    t.state = *t.ths > 0 ? "hashing" : "sleeping";
  }
  std::unique_ptr<CommandChain> commands(const Machine& m, std::vector<const Action*> actions,
                                         const MachineSecrets&) const override {
    return std::make_unique<webapi::OneRequestChain>(
        m, std::move(actions),
        [](const Action& a) {
          webapi::Request r;
          if (a.kind != ActionKind::profile) {
            r.error = "AxeOS has no sleep command";
            return r;
          }
          auto f = try_parse_double(a.profile);
          if (!f || *f <= 0) {
            r.error = "a Bitaxe profile is an ASIC frequency in MHz, not '" + a.profile + "'";
            return r;
          }
          r.method = "PATCH";
          r.path = "/api/system";
          r.body = nlohmann::json{{"frequency", static_cast<long>(*f)}}.dump();
          r.shown = "frequency=" + a.profile;
          return r;
        },
        [](const nlohmann::json&, std::string&) { return true; });
  }
};

}  // namespace

const Driver& bitaxe_driver() {
  static const BitaxeDriver d;
  return d;
}

}  // namespace hs::fleet
