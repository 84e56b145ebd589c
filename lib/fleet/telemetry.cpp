#include "fleet/telemetry.hpp"

#include <algorithm>

#include "fleet/reply.hpp"

namespace hs::fleet {

std::vector<Telemetry> read_telemetry(const Inventory& inv, const std::vector<std::size_t>& machines,
                                      const ClientOptions& opt) {
  // Per machine: [0] summary, [1] devs (temps on LuxOS, Braiins), [2] power or tunerstatus where the firmware has it.
  std::vector<Exchange> xs;
  std::vector<std::size_t> first(machines.size());
  std::vector<int> count(machines.size());
  for (std::size_t i = 0; i < machines.size(); ++i) {
    const Machine& m = inv.machines.at(machines[i]);
    first[i] = xs.size();
    xs.push_back(make_exchange(machines[i], cgminer_request("summary")));
    const bool has_temps = m.firmware == Firmware::luxos || m.firmware == Firmware::braiins;
    xs.push_back(make_exchange(machines[i], cgminer_request(has_temps ? "temps" : "devs")));
    if (m.firmware == Firmware::luxos) xs.push_back(make_exchange(machines[i], cgminer_request("power")));
    if (m.firmware == Firmware::braiins) xs.push_back(make_exchange(machines[i], cgminer_request("tunerstatus")));
    // Stock Antminer firmware keeps its temperatures (and its sleep mode) in stats.
    if (m.firmware == Firmware::cgminer || m.firmware == Firmware::bmminer)
      xs.push_back(make_exchange(machines[i], cgminer_request("stats")));
    count[i] = static_cast<int>(xs.size() - first[i]);
  }
  run_with_retries(inv, xs, opt);
  std::vector<Telemetry> out(machines.size());
  for (std::size_t i = 0; i < machines.size(); ++i) {
    const Machine& m = inv.machines.at(machines[i]);
    Telemetry& t = out[i];
    const Exchange& sx = xs[first[i]];
    if (sx.outcome != Outcome::answered) {
      t.error = "summary: " + sx.error;
      continue;
    }
    t.reachable = true;
    Reply s = parse_cgminer_reply(sx.reply, "summary");
    if (!s.ok || s.truncated) {
      // A summary cut short is mended for reading, but not trusted for the figures the loop
      // acts on: what is missing may be the hashrate or the power.
      t.state = "error";
      t.error = s.ok ? "summary reply: cut short after " + std::to_string(sx.reply.size()) + " bytes" : s.error;
      continue;
    }
    auto sd = read_summary(s);
    t.ths = sd.ths;
    t.hw_errors = sd.hw_errors;
    t.watts = sd.watts;    // Whatsminer measures it; LuxOS and Braiins below
    t.temp_c = sd.temp_c;
    if (!t.ths) {
      t.state = "error";
      t.error = "summary reply: no hashrate (GHS 5s, MHS 5s, MHS 30s, MHS 1m, GHS av or MHS av)";
      continue;
    }
    t.state = *t.ths > 0 ? "hashing" : "sleeping";
    const Exchange& dx = xs[first[i] + 1];
    if (dx.outcome == Outcome::answered) {
      Reply d = parse_cgminer_reply(dx.reply, "devs/temps");
      if (d.ok)
        if (auto hot = read_max_temperature(d); hot && (!t.temp_c || *hot > *t.temp_c)) t.temp_c = hot;
    }
    const bool stock = m.firmware == Firmware::cgminer || m.firmware == Firmware::bmminer;
    if (stock && count[i] > 2) {
      const Exchange& stx = xs[first[i] + 2];
      if (stx.outcome == Outcome::answered) {
        Reply st = parse_cgminer_reply(stx.reply, "stats");
        if (st.ok) {
          const auto a = read_antminer_stats(st);
          for (const auto& hot : {a.board_c, a.chip_c})
            if (hot && (!t.temp_c || *hot > *t.temp_c)) t.temp_c = hot;
          if (a.sleeping()) t.state = "sleeping";  // Mode 254, whatever the average says
        }
      }
    } else if (count[i] > 2) {
      const Exchange& px = xs[first[i] + 2];
      if (px.outcome == Outcome::answered) {
        Reply p = parse_cgminer_reply(px.reply, m.firmware == Firmware::luxos ? "power" : "tunerstatus");
        if (p.ok)
          if (auto w = read_watts(p)) {
            t.watts = w;
            t.watts_estimated = watts_are_estimate(p);  // LuxOS "PSU": false
          }
      }
    }
    if (!t.watts) {
      t.watts = t.hashing() ? m.watts * std::min(*t.ths / m.ths, 1.5) : 0.0;
      t.watts_estimated = true;
    }
  }
  return out;
}

}  // namespace hs::fleet
