// ePIC UMC firmware (ePIC Blockchain, on Antminers and its own machines): an HTTP API on port
// 4028 instead of the CGMiner one. GET /summary: per hashboard HBs[i].Hashrate [MH/s, % of
// ideal], Temperature, and "Power Supply Stats" "Input Power" the PSU measures; "Status"
// "Operating State" says whether it mines. POST /miner {"param":"Stop"|"Autostart","password"}
// sleeps and wakes it (the shape pyasic's ePICWebAPI sends); the answer is {"result": true} or
// {"result": false, "error": "..."}.
#include "core/credentials.hpp"
#include "fleet/family/web_api.hpp"
#include "fleet/telemetry.hpp"

namespace hs::fleet {
namespace {

const FamilyInfo row{
    Firmware::epic, "epic", "ePIC UMC", "HTTP JSON API", 4028, "GET /summary: sum of HBs[].Hashrate[0] (MH/s)",
    "Power Supply Stats Input Power (measured)", "board: HBs[].Temperature; chip: none",
    "Status Operating State Mining and hashrate above 0", "POST /miner Stop / Autostart", "[epic] password", true,
    false};

class EpicDriver : public Driver {
 public:
  const FamilyInfo& info() const override { return row; }
  std::vector<Exchange> telemetry_requests(std::size_t machine, const Machine& m) const override {
    return {make_exchange(machine, http_request("GET", m.address(), "/summary"))};
  }
  void read_telemetry(const Machine&, const Exchange* xs, std::size_t, Telemetry& t) const override {
    nlohmann::json j;
    int status = 0;
    if (!webapi::read_json(xs[0], "GET /summary", j, t.error, &status)) {
      t.reachable = status != 0;  // it answered, badly
      if (t.reachable) t.state = "error";
      return;
    }
    t.reachable = true;
    double mhs = 0;
    bool have = false;
    if (auto hbs = j.find("HBs"); hbs != j.end() && hbs->is_array())
      for (const auto& hb : *hbs) {
        if (auto h = hb.find("Hashrate"); h != hb.end() && h->is_array() && !h->empty() && (*h)[0].is_number())
          mhs += (*h)[0].get<double>(), have = true;
        t.board(webapi::number(hb, "Temperature"));
      }
    if (!have) {
      t.state = "error";
      t.error = "GET /summary reply: no HBs[].Hashrate";
      return;
    }
    t.ths = mhs / 1e6;
    if (auto p = j.find("Power Supply Stats"); p != j.end())
      if (auto w = webapi::number(*p, "Input Power")) t.watts = w;
    std::string op;
    if (auto s = j.find("Status"); s != j.end() && s->is_object() && s->contains("Operating State") &&
                                   (*s)["Operating State"].is_string())
      op = (*s)["Operating State"].get<std::string>();
    t.state = (*t.ths > 0 && (op.empty() || op == "Mining")) ? "hashing" : "sleeping";
  }
  std::unique_ptr<CommandChain> commands(const Machine& m, std::vector<const Action*> actions,
                                         const MachineSecrets& s) const override {
    if (s.password.empty())
      return refusing_chain(std::move(actions), "no ePIC password: set [epic] password in the credentials file");
    const std::string password = s.password;
    return std::make_unique<webapi::OneRequestChain>(
        m, std::move(actions),
        [password](const Action& a) {
          webapi::Request r;
          if (a.kind == ActionKind::profile) {
            r.error = "profiles are not set on ePIC by fleet";
            return r;
          }
          const char* param = a.kind == ActionKind::sleep ? "Stop" : "Autostart";
          r.method = "POST";
          r.path = "/miner";
          r.body = nlohmann::json{{"param", param}, {"password", password}}.dump();
          r.shown = std::string("param=") + param;
          return r;
        },
        [](const nlohmann::json& j, std::string& why) {
          if (j.is_object() && ((j.contains("result") && j["result"] == true) || (j.contains("success") && j["success"] == true)))
            return true;
          why = "POST /miner reply: refused" + (j.is_object() && j.contains("error") && j["error"].is_string()
                                                    ? ": " + j["error"].get<std::string>()
                                                    : std::string());
          return false;
        });
  }
  std::optional<MachineSecrets> secrets(const Credentials& c) const override {
    auto p = c.get("epic", "password", "HYBRIDSITE_EPIC_PASSWORD");
    if (!p) return std::nullopt;
    return MachineSecrets{"root", *p};
  }
};

}  // namespace

const Driver& epic_driver() {
  static const EpicDriver d;
  return d;
}

}  // namespace hs::fleet
