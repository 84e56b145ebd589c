#include "fleet/family/cgminer_api.hpp"

namespace hs::fleet::cgapi {

bool read_summary_into(const Exchange& x, Telemetry& t) {
  if (x.outcome != Outcome::answered) {
    t.error = "summary: " + x.error;
    return false;
  }
  t.reachable = true;
  Reply s = parse_cgminer_reply(x.reply, "summary");
  if (!s.ok || s.truncated) {
    // A summary cut short is mended for reading, but not trusted for the figures the loop
    // acts on: what is missing may be the hashrate or the power.
    t.state = "error";
    t.error = s.ok ? "summary reply: cut short after " + std::to_string(x.reply.size()) + " bytes" : s.error;
    return false;
  }
  const auto sd = read_summary(s);
  t.ths = sd.ths;
  t.hw_errors = sd.hw_errors;
  t.watts = sd.watts;  // Whatsminer measures it
  const auto bc = read_board_chip(s);
  t.board(bc.board_c);
  t.chip(bc.chip_c);
  if (!t.ths) {
    t.state = "error";
    t.error = "summary reply: no hashrate (GHS 5s, MHS 5s, MHS 30s, MHS 1m, GHS av or MHS av)";
    return false;
  }
  t.state = *t.ths > 0 ? "hashing" : "sleeping";
  return true;
}

std::optional<Reply> answered(const Exchange& x, const char* what) {
  if (x.outcome != Outcome::answered) return std::nullopt;
  Reply r = parse_cgminer_reply(x.reply, what);
  if (!r.ok) return std::nullopt;
  return r;
}

void read_temps_into(const Exchange& x, const char* what, Telemetry& t) {
  if (auto r = answered(x, what)) {
    const auto bc = read_board_chip(*r);
    t.board(bc.board_c);
    t.chip(bc.chip_c);
  }
}

void read_antminer_stats_into(const Exchange& x, Telemetry& t) {
  if (auto r = answered(x, "stats")) {
    const auto a = read_antminer_stats(*r);
    t.board(a.board_c);
    t.chip(a.chip_c);
    if (a.sleeping()) t.state = "sleeping";  // Mode 254, whatever the average says
    const auto c = read_chain_stats(*r);  // Innosilicon, sgminer: Temp, Temp max per chain
    t.board(c.board_c);
    t.chip(c.chip_c);
  }
}

std::vector<Exchange> stock_requests(std::size_t machine) {
  return {make_exchange(machine, cgminer_request("summary")), make_exchange(machine, cgminer_request("devs")),
          make_exchange(machine, cgminer_request("stats"))};
}

void read_stock(const Exchange* xs, std::size_t n, Telemetry& t) {
  if (!read_summary_into(xs[0], t)) return;
  if (n > 1) read_temps_into(xs[1], "devs", t);
  if (n > 2) read_antminer_stats_into(xs[2], t);
}

std::string action_name(const Action& a) { return to_string(a.kind); }

std::optional<CommandStep> OneCommandChain::next() {
  while (at_ < actions_.size()) {
    const Action& a = *actions_[at_];
    Command c = step_(a);
    if (!c.error.empty()) {
      error_ = c.error;
      ++at_;
      continue;
    }
    command_ = c.command;
    return CommandStep{cgminer_request(c.command, c.parameter), 0, c.command, c.shown.empty() ? c.parameter : c.shown,
                       action_name(a), a.profile};
  }
  return std::nullopt;
}

bool acknowledged(const Exchange& x, const std::string& command, std::string& error) {
  if (x.outcome != Outcome::answered) {
    error = command + ": " + x.error;
    return false;
  }
  Reply r = parse_cgminer_reply(x.reply, command);
  if (!r.ok) error = r.error;
  return r.ok;
}

bool OneCommandChain::answer(const Exchange& x) {
  const bool ok = acknowledged(x, command_, error_);
  acked_[at_++] = ok;
  return ok;
}

}  // namespace hs::fleet::cgapi
