// Stock Bitmain Antminer firmware (S19, S21, T21 ...): read over the CGMiner API like bmminer
// (summary, devs, stats), commanded through its web interface (lighttpd with HTTP digest
// authentication, user root by default): GET /cgi-bin/get_miner_conf.cgi reads the
// configuration, POST /cgi-bin/set_miner_conf.cgi writes it back with "miner-mode" 0 (normal),
// 1 (sleep) or 3 (low power), the endpoints and values pyasic and Foreman use. The machine
// restarts its miner to apply a mode, so it follows within a minute or two.
#include <random>

#include "core/credentials.hpp"
#include "fleet/family/cgminer_api.hpp"
#include "fleet/family/web_api.hpp"

namespace hs::fleet {
namespace {

const FamilyInfo row{
    Firmware::antminer, "antminer", "stock Bitmain Antminer firmware", "CGMiner API, TCP; web interface (HTTP digest)", 4028,
    "SUMMARY GHS 5s (number or string), then GHS av", "estimate: nameplate W x hashrate / nameplate TH/s",
    "board: stats temp1..16, temp_pcbN; chip: stats temp2_N, temp3_N, temp_chipN",
    "hashing when the hashrate is above 0; stats Mode 254: sleeping",
    "set_miner_conf.cgi miner-mode 1 (sleep) / 0 (wake); profile: normal (0) or low (3)", "[antminer] username, password",
    true, true};

const char* conf_path = "/cgi-bin/get_miner_conf.cgi";
const char* set_path = "/cgi-bin/set_miner_conf.cgi";

std::optional<int> mode_of_profile(const std::string& p) {
  if (p == "normal" || p == "default") return 0;
  if (p == "low") return 3;
  return std::nullopt;
}

class AntminerChain : public CommandChain {
 public:
  AntminerChain(const Machine& m, std::vector<const Action*> actions, MachineSecrets s)
      : CommandChain(std::move(actions)), host_(m.host + ":" + std::to_string(m.web_port)), port_(m.web_port),
        secrets_(std::move(s)) {
    std::random_device rd;
    static const char* hex = "0123456789abcdef";
    for (int i = 0; i < 16; ++i) cnonce_ += hex[rd() % 16];
  }
  std::optional<CommandStep> next() override {
    switch (stage_) {
      case Stage::challenge:
      case Stage::read_conf: {
        CommandStep s = step("GET", conf_path, {}, "get_miner_conf", "", stage_ == Stage::read_conf);
        s.keep_reply = false;  // the configuration holds the pools' passwords
        return s;
      }
      case Stage::act:
        while (at_ < actions_.size()) {
          const Action& a = *actions_[at_];
          std::optional<int> mode;
          if (a.kind == ActionKind::sleep) mode = 1;
          else if (a.kind == ActionKind::wakeup) mode = woken_mode_;
          else mode = mode_of_profile(a.profile);
          if (!mode) {
            error_ = "an Antminer profile is normal or low, not '" + a.profile + "'";
            ++at_;
            continue;
          }
          if (a.kind == ActionKind::profile) woken_mode_ = *mode;
          nlohmann::json body = nlohmann::json::object();
          // The configuration as read, in the names set_miner_conf takes, with the new mode.
          for (const char* k : {"bitmain-fan-ctrl", "bitmain-fan-pwm", "pools"})
            if (conf_.contains(k)) body[k] = conf_[k];
          if (conf_.contains("bitmain-freq-level")) body["freq-level"] = conf_["bitmain-freq-level"];
          body["miner-mode"] = *mode;
          CommandStep s = step("POST", set_path, body.dump(), "set_miner_conf", "miner-mode=" + std::to_string(*mode), true);
          s.action = cgapi::action_name(a);
          s.profile = a.profile;
          return s;
        }
        return std::nullopt;
      case Stage::done: return std::nullopt;
    }
    return std::nullopt;
  }
  bool answer(const Exchange& x) override {
    nlohmann::json j;
    std::string why;
    int status = 0;
    const bool ok = webapi::read_json(x, what_, j, why, &status);
    switch (stage_) {
      case Stage::challenge: {
        HttpResponse r;
        std::string e;
        if (ok) {  // no authentication asked for
          conf_ = j;
          stage_ = Stage::act;
          return true;
        }
        if (status == 401 && parse_http_response(x.reply, r, e) && r.headers.count("www-authenticate") &&
            parse_digest_challenge(r.headers["www-authenticate"], challenge_)) {
          stage_ = Stage::read_conf;
          return true;
        }
        error_ = status == 401 ? what_ + " reply: HTTP 401 without a digest challenge fleet can answer" : why;
        stage_ = Stage::done;
        return false;
      }
      case Stage::read_conf:
        if (!ok || !j.is_object()) {
          error_ = status == 401 ? "the web interface refused the [antminer] username and password (HTTP 401)"
                                 : (ok ? what_ + " reply: not a configuration object" : why);
          stage_ = Stage::done;
          return false;
        }
        conf_ = j;
        stage_ = Stage::act;
        return true;
      case Stage::act: {
        bool done = ok && j.is_object() && j.value("stats", "") == "success";
        if (!done)
          error_ = ok ? what_ + " reply: " + (j.is_object() && j.contains("msg") ? j["msg"].dump() : j.dump()) : why;
        acked_[at_++] = done;
        return done;
      }
      case Stage::done: break;
    }
    return false;
  }

 private:
  enum class Stage { challenge, read_conf, act, done };
  CommandStep step(const std::string& method, const std::string& path, const std::string& body, const std::string& command,
                   const std::string& shown, bool auth) {
    what_ = method + " " + path;
    std::string authz;
    if (auth && !challenge_.nonce.empty())
      authz = digest_authorization(secrets_.username, secrets_.password, method, path, challenge_, cnonce_, ++nc_);
    return CommandStep{http_request(method, host_, path, body, "application/json", authz), port_, command, shown, "web", {}};
  }
  std::string host_;
  std::uint16_t port_;
  MachineSecrets secrets_;
  DigestChallenge challenge_;
  std::string cnonce_, what_;
  unsigned nc_ = 0;
  nlohmann::json conf_;
  Stage stage_ = Stage::challenge;
  std::size_t at_ = 0;
  int woken_mode_ = 0;
};

class AntminerDriver : public Driver {
 public:
  const FamilyInfo& info() const override { return row; }
  std::vector<Exchange> telemetry_requests(std::size_t machine, const Machine&) const override {
    return cgapi::stock_requests(machine);
  }
  void read_telemetry(const Machine&, const Exchange* xs, std::size_t n, Telemetry& t) const override {
    cgapi::read_stock(xs, n, t);
  }
  std::unique_ptr<CommandChain> commands(const Machine& m, std::vector<const Action*> actions,
                                         const MachineSecrets& s) const override {
    if (s.password.empty())
      return refusing_chain(std::move(actions), "no Antminer web password: set [antminer] password in the credentials file");
    return std::make_unique<AntminerChain>(m, std::move(actions), s);
  }
  std::optional<MachineSecrets> secrets(const Credentials& c) const override {
    auto p = c.get("antminer", "password", "HYBRIDSITE_ANTMINER_PASSWORD");
    if (!p) return std::nullopt;
    return MachineSecrets{c.get("antminer", "username", "HYBRIDSITE_ANTMINER_USERNAME").value_or("root"), *p};
  }
};

}  // namespace

const Driver& antminer_driver() {
  static const AntminerDriver d;
  return d;
}

}  // namespace hs::fleet
