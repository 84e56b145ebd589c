// Whatsminer (MicroBT btminer). The read commands are the CGMiner-style API: the summary carries
// what the machine measures, "Power" (W), "Temperature" (the boards) and "Chip Temp Max";
// `edevs` the same per board. Writes go through API v2's privileged commands, as MicroBT's
// "Whatsminer API V2.0" document and pyasic's BTMinerRPCAPI do them: {"cmd":"get_token"} gives
// time, salt and newsalt; the admin password md5-crypted with salt is the key's seed
// (AES-256-ECB keyed by its SHA-256), md5-crypted again with time under newsalt it is the
// token; each command travels as {"enc":1,"data":base64(AES(json, NUL-padded))} and the reply
// comes back as {"enc":"base64"}. power_off / power_on sleep and wake; a profile is a power
// limit in watts (adjust_power_limit).
#include <nlohmann/json.hpp>

#include "core/credentials.hpp"
#include "core/parse.hpp"
#include "fleet/crypto.hpp"
#include "fleet/family/cgminer_api.hpp"

namespace hs::fleet {
namespace {

const FamilyInfo row{
    Firmware::whatsminer, "whatsminer", "MicroBT Whatsminer (btminer)", "CGMiner-style API, TCP; API v2 encrypted writes", 4028,
    "SUMMARY MHS 5s, then MHS av", "SUMMARY Power (measured)", "board: SUMMARY and edevs Temperature; chip: Chip Temp Max",
    "hashing when the hashrate is above 0", "power_off / power_on; profile: adjust_power_limit <W>",
    "[whatsminer] password", true, true};

// The hash part of "$1$salt$hash".
std::string crypt_hash(const std::string& c) {
  auto p = c.rfind('$');
  return p == std::string::npos ? c : c.substr(p + 1);
}

class WhatsminerChain : public CommandChain {
 public:
  WhatsminerChain(std::vector<const Action*> actions, std::string password)
      : CommandChain(std::move(actions)), password_(std::move(password)) {}
  std::optional<CommandStep> next() override {
    if (done_) return std::nullopt;
    if (key_.empty()) return CommandStep{R"({"cmd":"get_token"})", 0, "get_token", "", "token", {}};
    while (at_ < actions_.size()) {
      const Action& a = *actions_[at_];
      nlohmann::json cmd;
      if (a.kind == ActionKind::profile) {
        auto w = try_parse_double(a.profile);
        if (!w || *w <= 0) {
          error_ = "a Whatsminer profile is a power limit in watts, not '" + a.profile + "'";
          ++at_;
          continue;
        }
        cmd = {{"cmd", "adjust_power_limit"}, {"power_limit", a.profile}};
      } else if (a.kind == ActionKind::sleep) {
        cmd = {{"cmd", "power_off"}, {"respbefore", "true"}};
      } else {
        cmd = {{"cmd", "power_on"}};
      }
      command_ = cmd["cmd"].get<std::string>();
      std::string shown = cmd.dump();  // before the token goes in
      cmd["token"] = sign_;
      std::string plain = cmd.dump();
      plain.append((16 - plain.size() % 16) % 16, '\0');
      std::string enc;
      if (!aes256_ecb(key_, plain, true, enc)) {
        error_ = "AES failed";
        done_ = true;
        return std::nullopt;
      }
      nlohmann::json wire = {{"enc", 1}, {"data", base64_encode(enc)}};
      return CommandStep{wire.dump(), 0, command_, shown, cgapi::action_name(a), a.profile};
    }
    done_ = true;
    return std::nullopt;
  }
  bool answer(const Exchange& x) override {
    if (key_.empty()) return read_token(x);
    bool ok = false;
    if (x.outcome != Outcome::answered) {
      error_ = command_ + ": " + x.error;
    } else {
      std::string text = x.reply;
      // The answer is encrypted with the same key; an error may come back in the clear.
      auto j = nlohmann::json::parse(x.reply.begin(), x.reply.end(), nullptr, false);
      if (j.is_object() && j.contains("enc") && j["enc"].is_string()) {
        std::string raw, plain;
        if (base64_decode(j["enc"].get<std::string>(), raw) && aes256_ecb(key_, raw, false, plain)) {
          while (!plain.empty() && plain.back() == '\0') plain.pop_back();
          text = plain;
        } else {
          text.clear();
          error_ = command_ + " reply: cannot be decrypted (a wrong password?)";
        }
      }
      if (!text.empty()) {
        Reply r = parse_cgminer_reply(text, command_);
        ok = r.ok;
        if (!ok) error_ = r.error;
      }
    }
    acked_[at_++] = ok;
    return ok;
  }

 private:
  bool read_token(const Exchange& x) {
    done_ = true;  // unless the token is read
    if (x.outcome != Outcome::answered) {
      error_ = "get_token: " + x.error;
      return false;
    }
    Reply r = parse_cgminer_reply(x.reply, "get_token");
    const auto msg = r.body.is_object() ? r.body.find("Msg") : r.body.end();
    if (!r.ok || msg == r.body.end() || !msg->is_object()) {
      error_ = r.ok ? "get_token reply: no time, salt and newsalt" : r.error;
      return false;
    }
    auto field = [&](const char* k) { return msg->contains(k) && (*msg)[k].is_string() ? (*msg)[k].get<std::string>() : std::string(); };
    const std::string time = field("time"), salt = field("salt"), newsalt = field("newsalt");
    if (time.empty() || salt.empty() || newsalt.empty()) {
      error_ = "get_token reply: no time, salt and newsalt";
      return false;
    }
    try {
      const std::string passwd_md5 = crypt_hash(md5_crypt(password_, salt));
      sign_ = crypt_hash(md5_crypt(passwd_md5 + time, newsalt));
      key_ = sha256_raw(passwd_md5);
    } catch (const std::exception& e) {
      error_ = std::string("get_token reply: ") + e.what();
      return false;
    }
    done_ = false;
    return true;
  }
  std::string password_, key_, sign_, command_;
  std::size_t at_ = 0;
  bool done_ = false;
};

class WhatsminerDriver : public Driver {
 public:
  const FamilyInfo& info() const override { return row; }
  std::vector<Exchange> telemetry_requests(std::size_t machine, const Machine&) const override {
    return {make_exchange(machine, cgminer_request("summary")), make_exchange(machine, cgminer_request("edevs"))};
  }
  void read_telemetry(const Machine&, const Exchange* xs, std::size_t n, Telemetry& t) const override {
    if (!cgapi::read_summary_into(xs[0], t)) return;
    if (n > 1) cgapi::read_temps_into(xs[1], "edevs", t);
  }
  std::unique_ptr<CommandChain> commands(const Machine&, std::vector<const Action*> actions,
                                         const MachineSecrets& s) const override {
    if (s.password.empty())
      return refusing_chain(std::move(actions), "no Whatsminer admin password: set [whatsminer] password in the credentials file");
    return std::make_unique<WhatsminerChain>(std::move(actions), s.password);
  }
  std::optional<MachineSecrets> secrets(const Credentials& c) const override {
    auto p = c.get("whatsminer", "password", "HYBRIDSITE_WHATSMINER_PASSWORD");
    if (!p) return std::nullopt;
    return MachineSecrets{"admin", *p};
  }
};

}  // namespace

const Driver& whatsminer_driver() {
  static const WhatsminerDriver d;
  return d;
}

}  // namespace hs::fleet
