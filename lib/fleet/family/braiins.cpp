// Braiins OS / OS+ (BOSminer): the CGMiner-compatible API for reading, power from `tunerstatus`
// (ApproximateMinerPowerConsumption), temperatures from `temps`; pause and resume over the same
// API, as pyasic's BOSMinerRPCAPI sends them. A profile is a power target in watts, set through
// the Braiins OS+ public API (gRPC on port 50051, https://github.com/braiins/bos-plus-api):
// AuthenticationService/Login {username = 1, password = 2} answers with the token in its
// "authorization" header, then PerformanceService/SetPowerTarget {save_action = 1
// (SAVE_AND_APPLY = 2), power_target = 2 {watt = 1}} carries it.
#include "core/credentials.hpp"
#include "core/parse.hpp"
#include "fleet/family/cgminer_api.hpp"

namespace hs::fleet {
namespace {

const FamilyInfo row{
    Firmware::braiins, "braiins", "Braiins OS / OS+ (BOSminer)", "CGMiner API, TCP; Braiins OS+ public API (gRPC, port 50051)",
    4028, "SUMMARY MHS 5s, then MHS av", "tunerstatus ApproximateMinerPowerConsumption (the tuner's figure)",
    "board: temps Board; chip: temps Chip", "hashing when the hashrate is above 0",
    "pause / resume; profile: SetPowerTarget <W> (gRPC, after Login)", "[braiins] username, password", true, true};

const char* login_path = "/braiins.bos.v1.AuthenticationService/Login";
const char* target_path = "/braiins.bos.v1.PerformanceService/SetPowerTarget";

class BraiinsChain : public CommandChain {
 public:
  // secrets: nullopt when the credentials file gives none (pause and resume need none).
  BraiinsChain(const Machine& m, std::vector<const Action*> actions, std::optional<MachineSecrets> s)
      : CommandChain(std::move(actions)), host_(m.host), grpc_port_(m.grpc_port), secrets_(std::move(s)) {}
  std::optional<CommandStep> next() override {
    while (at_ < actions_.size()) {
      const Action& a = *actions_[at_];
      if (a.kind != ActionKind::profile) {
        command_ = a.kind == ActionKind::sleep ? "pause" : "resume";
        return CommandStep{cgminer_request(command_), 0, command_, "", cgapi::action_name(a), {}};
      }
      const auto watts = try_parse_double(a.profile);
      if (!watts || *watts <= 0) {
        error_ = "a Braiins OS+ profile is a power target in watts, not '" + a.profile + "'";
        ++at_;
        continue;
      }
      if (!secrets_) {
        error_ = "no Braiins OS+ password: set [braiins] password in the credentials file";
        ++at_;
        continue;
      }
      CommandStep s;
      s.port = grpc_port_;
      GrpcCall c;
      c.host = host_;
      c.port = grpc_port_;
      if (token_.empty()) {
        c.path = login_path;
        c.message = pb::field_bytes(1, secrets_->username) + pb::field_bytes(2, secrets_->password);
        s.command = "Login";
        s.action = "token";
      } else {
        c.path = target_path;
        c.message = pb::field_varint(1, 2) + pb::field_bytes(2, pb::field_varint(1, static_cast<std::uint64_t>(*watts)));
        c.metadata["authorization"] = token_;
        s.command = "SetPowerTarget";
        s.shown = "watt=" + a.profile;
        s.action = cgapi::action_name(a);
        s.profile = a.profile;
      }
      command_ = s.command;
      s.grpc = std::move(c);
      return s;
    }
    return std::nullopt;
  }
  bool answer(const Exchange& x) override {  // pause or resume
    const bool ok = cgapi::acknowledged(x, command_, error_);
    acked_[at_++] = ok;
    return ok;
  }
  bool answer_grpc(const GrpcCall& c) override {
    if (command_ == "Login") {
      auto h = c.headers.find("authorization");
      if (c.ok() && h != c.headers.end() && !h->second.empty()) {
        token_ = h->second;
        return true;
      }
      if (c.ok()) {
        if (auto t = pb::bytes_of(c.reply, 1); t && !t->empty()) {  // LoginResponse.token
          token_ = *t;
          return true;
        }
      }
      error_ = "Login: " + (c.error.empty() ? std::string("no token") : c.error);
      acked_[at_++] = false;  // the profile it was for
      return false;
    }
    const bool ok = c.ok();
    if (!ok) error_ = "SetPowerTarget: " + c.error;
    acked_[at_++] = ok;
    return ok;
  }

 private:
  std::string host_;
  std::uint16_t grpc_port_;
  std::optional<MachineSecrets> secrets_;
  std::string token_, command_;
  std::size_t at_ = 0;
};

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
  std::unique_ptr<CommandChain> commands(const Machine& m, std::vector<const Action*> actions,
                                         const MachineSecrets& s) const override {
    // Pause and resume need no secret; a power target needs the [braiins] password
    // (secrets() always names a username when the file gives one).
    return std::make_unique<BraiinsChain>(m, std::move(actions),
                                          s.username.empty() ? std::nullopt : std::optional<MachineSecrets>(s));
  }
  std::optional<MachineSecrets> secrets(const Credentials& c) const override {
    auto p = c.get("braiins", "password", "HYBRIDSITE_BRAIINS_PASSWORD");
    if (!p) return std::nullopt;
    return MachineSecrets{c.get("braiins", "username", "HYBRIDSITE_BRAIINS_USERNAME").value_or("root"), *p};
  }
};

}  // namespace

const Driver& braiins_driver() {
  static const BraiinsDriver d;
  return d;
}

}  // namespace hs::fleet
