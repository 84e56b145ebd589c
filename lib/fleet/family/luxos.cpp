// LuxOS (Luxor): the CGMiner-compatible API with sessions. Power from `power` (POWER[0].Watts;
// "PSU": false marks LuxOS's own estimate), temperatures from `temps`. Commands that change the
// machine need a session id from `logon` (https://docs.luxor.tech/firmware/api/sessions), one
// session per machine at a time: a logon refused because a session is open (Code 402) asks
// `session` for it and acts within it, as pyasic does; the chain logs off at its end.
#include "fleet/family/cgminer_api.hpp"

namespace hs::fleet {
namespace {

const FamilyInfo row{
    Firmware::luxos, "luxos", "LuxOS (Luxor) on Antminers", "CGMiner API, TCP, sessions", 4028,
    "SUMMARY GHS 5s, then GHS av", "power: POWER[0].Watts (measured; PSU false: LuxOS's estimate)",
    "board: temps Board, TopLeft..BottomRight; chip: temps Chip", "hashing when the hashrate is above 0",
    "curtail sleep / wakeup; profileset <profile> (in a logon session)", "", true, true};

class LuxosChain : public CommandChain {
 public:
  using CommandChain::CommandChain;
  std::optional<CommandStep> next() override {
    switch (stage_) {
      case Stage::logon: return step("logon", "", "");
      case Stage::ask_session: return step("session", "", "");
      case Stage::act: {
        if (at_ >= actions_.size()) {
          stage_ = Stage::logoff;
          return next();
        }
        const Action& a = *actions_[at_];
        const bool prof = a.kind == ActionKind::profile;
        const std::string arg = prof ? a.profile : (a.kind == ActionKind::sleep ? "sleep" : "wakeup");
        CommandStep s = step(prof ? "profileset" : "curtail", arg, cgapi::action_name(a));
        s.profile = a.profile;
        return s;
      }
      case Stage::logoff: return step("logoff", "", "");
      case Stage::done: return std::nullopt;
    }
    return std::nullopt;
  }
  bool answer(const Exchange& x) override {
    const std::string cmd = command_;
    std::optional<Reply> r;
    Reply raw;
    if (x.outcome == Outcome::answered) {
      raw = parse_cgminer_reply(x.reply, cmd);
      if (raw.ok) r = raw;
    }
    const std::string why = x.outcome != Outcome::answered ? cmd + ": " + x.error : raw.error;
    switch (stage_) {
      case Stage::logon:
      case Stage::ask_session: {
        auto sid = r ? read_session_id(*r) : std::nullopt;
        if (sid && !sid->empty()) {
          session_ = *sid;
          error_.clear();
          stage_ = Stage::act;
        } else if (stage_ == Stage::logon && !r && raw.status == "E") {
          error_ = why;
          stage_ = Stage::ask_session;  // 402: a session is open; use it
        } else {
          error_ = stage_ == Stage::ask_session ? "logon refused and no open session to use: " + error_
                   : r ? "logon: no session (another client holds the machine's session)"
                       : why;
          stage_ = Stage::done;
        }
        return r.has_value();
      }
      case Stage::act:
        acked_[at_++] = r.has_value();
        if (!r) error_ = why;
        return r.has_value();
      case Stage::logoff:  // its failure does not undo the actions; sessions also expire
        stage_ = Stage::done;
        return r.has_value();
      case Stage::done: break;
    }
    return false;
  }

 private:
  enum class Stage { logon, ask_session, act, logoff, done };
  CommandStep step(const std::string& command, const std::string& arg, const std::string& action) {
    command_ = command;
    const bool with = stage_ == Stage::act || stage_ == Stage::logoff;
    std::string param = with ? (arg.empty() ? session_ : session_ + "," + arg) : arg;
    // The session id is a short-lived token: the journal keeps a placeholder instead.
    std::string shown = with ? (arg.empty() ? "<session>" : "<session>," + arg) : arg;
    return CommandStep{cgminer_request(command, param), 0, command, shown, action.empty() ? "session" : action, {}};
  }
  Stage stage_ = Stage::logon;
  std::string session_, command_;
  std::size_t at_ = 0;
};

class LuxosDriver : public Driver {
 public:
  const FamilyInfo& info() const override { return row; }
  std::vector<Exchange> telemetry_requests(std::size_t machine, const Machine&) const override {
    return {make_exchange(machine, cgminer_request("summary")), make_exchange(machine, cgminer_request("temps")),
            make_exchange(machine, cgminer_request("power"))};
  }
  void read_telemetry(const Machine&, const Exchange* xs, std::size_t n, Telemetry& t) const override {
    if (!cgapi::read_summary_into(xs[0], t)) return;
    if (n > 1) cgapi::read_temps_into(xs[1], "temps", t);
    if (n > 2)
      if (auto p = cgapi::answered(xs[2], "power"))
        if (auto w = read_watts(*p)) {
          t.watts = w;
          t.watts_estimated = watts_are_estimate(*p);  // "PSU": false
        }
  }
  std::unique_ptr<CommandChain> commands(const Machine&, std::vector<const Action*> actions,
                                         const MachineSecrets&) const override {
    return std::make_unique<LuxosChain>(std::move(actions));
  }
};

}  // namespace

const Driver& luxos_driver() {
  static const LuxosDriver d;
  return d;
}

}  // namespace hs::fleet
