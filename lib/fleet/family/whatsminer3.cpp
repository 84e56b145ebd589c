// Whatsminer on firmware with MicroBT's API v3 (M60 and later, 2024 on): JSON on TCP 4433, each
// message, both ways, after a 4-byte little-endian length, on a connection the miner keeps
// open. {"cmd":"get.miner.status","param":"summary"} answers {"code":0,"msg":{"summary":{
// "hash-realtime" (TH/s), "power-realtime" (W, measured), "power-limit", ...}}}; "edevs" gives
// each board's "chip-temp-max". Writes ("set.*") carry ts, account "super" and a token: the
// first 8 characters of base64(SHA-256(cmd + password + salt + ts)), the salt from
// get.device.info "salt" (as pyasic's BTMinerV3RPCAPI makes them). set.miner.service
// "stop" / "start" sleep and wake; a profile is set.miner.power_limit <W>.
#include <ctime>

#include <nlohmann/json.hpp>

#include "core/credentials.hpp"
#include "core/parse.hpp"
#include "fleet/crypto.hpp"
#include "fleet/family/web_api.hpp"
#include "fleet/telemetry.hpp"

namespace hs::fleet {
namespace {

const FamilyInfo row{
    Firmware::whatsminer3, "whatsminer3", "MicroBT Whatsminer with API v3 (M60 and later)", "btminer API v3, TCP, length-prefixed JSON",
    4433, "get.miner.status summary hash-realtime (TH/s)", "summary power-realtime (measured)",
    "board: none; chip: edevs chip-temp-max", "hashing when hash-realtime is above 0",
    "set.miner.service stop / start; profile: set.miner.power_limit <W>", "[whatsminer3] password", true, true};

std::string framed(const nlohmann::json& j) {
  const std::string body = j.dump();
  const auto n = static_cast<std::uint32_t>(body.size());
  std::string out{static_cast<char>(n & 0xff), static_cast<char>((n >> 8) & 0xff), static_cast<char>((n >> 16) & 0xff),
                  static_cast<char>((n >> 24) & 0xff)};
  return out + body;
}

Exchange request(std::size_t machine, const nlohmann::json& j) {
  Exchange x = make_exchange(machine, framed(j));
  x.framing = Framing::length_le32;
  return x;
}

// The reply's JSON (after its length), or why not; `what` names it.
bool read_reply(const Exchange& x, const std::string& what, nlohmann::json& out, std::string& error) {
  if (x.outcome != Outcome::answered) {
    error = what + ": " + x.error;
    return false;
  }
  if (x.reply.size() < 4) {
    error = what + " reply: no length";
    return false;
  }
  out = nlohmann::json::parse(x.reply.begin() + 4, x.reply.end(), nullptr, false);
  if (!out.is_object()) {
    error = what + " reply: not a JSON object";
    return false;
  }
  const auto code = out.find("code");
  if (code == out.end() || !code->is_number_integer()) {
    error = what + " reply: no code";
    return false;
  }
  if (code->get<long>() != 0) {
    const auto msg = out.find("msg");
    error = what + " reply: code " + std::to_string(code->get<long>()) +
            (msg != out.end() && msg->is_string() ? ": " + msg->get<std::string>() : std::string());
    return false;
  }
  return true;
}

class Whatsminer3Chain : public CommandChain {
 public:
  Whatsminer3Chain(std::vector<const Action*> actions, std::string password)
      : CommandChain(std::move(actions)), password_(std::move(password)) {}
  std::optional<CommandStep> next() override {
    if (failed_) return std::nullopt;
    if (salt_.empty()) return step({{"cmd", "get.device.info"}, {"param", "salt"}}, "get.device.info", "salt", "token", {});
    while (at_ < actions_.size()) {
      const Action& a = *actions_[at_];
      std::string cmd;
      nlohmann::json param;
      if (a.kind == ActionKind::profile) {
        auto w = try_parse_double(a.profile);
        if (!w || *w <= 0) {
          error_ = "a Whatsminer profile is a power limit in watts, not '" + a.profile + "'";
          ++at_;
          continue;
        }
        cmd = "set.miner.power_limit";
        param = static_cast<long>(*w);
      } else {
        cmd = "set.miner.service";
        param = a.kind == ActionKind::sleep ? "stop" : "start";
      }
      const long ts = static_cast<long>(std::time(nullptr));
      std::string token = base64_encode(sha256_raw(cmd + password_ + salt_ + std::to_string(ts))).substr(0, 8);
      nlohmann::json j = {{"cmd", cmd}, {"param", param}, {"ts", ts}, {"account", "super"}, {"token", token}};
      return step(j, cmd, param.is_string() ? param.get<std::string>() : param.dump(), cgapi_action(a), a.profile);
    }
    return std::nullopt;
  }
  bool answer(const Exchange& x) override {
    nlohmann::json j;
    std::string why;
    const bool ok = read_reply(x, command_, j, why);
    if (salt_.empty()) {
      const auto msg = ok ? j.find("msg") : j.end();
      if (ok && msg != j.end() && msg->is_object() && msg->contains("salt") && (*msg)["salt"].is_string() &&
          !(*msg)["salt"].get<std::string>().empty()) {
        salt_ = (*msg)["salt"].get<std::string>();
        return true;
      }
      error_ = ok ? "get.device.info reply: no salt" : why;
      failed_ = true;
      return false;
    }
    if (!ok) error_ = why;
    acked_[at_++] = ok;
    return ok;
  }

 private:
  static std::string cgapi_action(const Action& a) { return to_string(a.kind); }
  CommandStep step(const nlohmann::json& j, const std::string& cmd, const std::string& shown, const std::string& action,
                   const std::string& profile) {
    command_ = cmd;
    CommandStep s{framed(j), 0, cmd, shown, action, profile};
    s.framing = Framing::length_le32;
    return s;
  }
  std::string password_, salt_, command_;
  std::size_t at_ = 0;
  bool failed_ = false;
};

class Whatsminer3Driver : public Driver {
 public:
  const FamilyInfo& info() const override { return row; }
  std::vector<Exchange> telemetry_requests(std::size_t machine, const Machine&) const override {
    return {request(machine, {{"cmd", "get.miner.status"}, {"param", "summary"}}),
            request(machine, {{"cmd", "get.miner.status"}, {"param", "edevs"}})};
  }
  void read_telemetry(const Machine&, const Exchange* xs, std::size_t n, Telemetry& t) const override {
    nlohmann::json j;
    if (!read_reply(xs[0], "get.miner.status summary", j, t.error)) {
      t.reachable = xs[0].outcome == Outcome::answered;
      if (t.reachable) t.state = "error";
      return;
    }
    t.reachable = true;
    const nlohmann::json* s = nullptr;
    if (auto m = j.find("msg"); m != j.end() && m->is_object())
      if (auto f = m->find("summary"); f != m->end() && f->is_object()) s = &*f;
    const auto ths = s ? webapi::number(*s, "hash-realtime") : std::nullopt;
    if (!ths) {
      t.state = "error";
      t.error = "get.miner.status summary reply: no hash-realtime";
      return;
    }
    t.ths = *ths;
    if (auto w = webapi::number(*s, "power-realtime"); w && *w > 0) t.watts = w;
    t.state = *t.ths > 0 ? "hashing" : "sleeping";
    nlohmann::json e;
    std::string ignored;
    if (n > 1 && read_reply(xs[1], "edevs", e, ignored))
      if (auto m = e.find("msg"); m != e.end() && m->is_object())
        if (auto d = m->find("edevs"); d != m->end() && d->is_array())
          for (const auto& b : *d) t.chip(webapi::number(b, "chip-temp-max"));
  }
  std::unique_ptr<CommandChain> commands(const Machine&, std::vector<const Action*> actions,
                                         const MachineSecrets& s) const override {
    if (s.password.empty())
      return refusing_chain(std::move(actions), "no Whatsminer API v3 password: set [whatsminer3] password in the credentials file");
    return std::make_unique<Whatsminer3Chain>(std::move(actions), s.password);
  }
  std::optional<MachineSecrets> secrets(const Credentials& c) const override {
    auto p = c.get("whatsminer3", "password", "HYBRIDSITE_WHATSMINER3_PASSWORD");
    if (!p) return std::nullopt;
    return MachineSecrets{"super", *p};
  }
};

}  // namespace

const Driver& whatsminer3_driver() {
  static const Whatsminer3Driver d;
  return d;
}

}  // namespace hs::fleet
