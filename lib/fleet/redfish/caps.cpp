#include "fleet/redfish/caps.hpp"

#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <thread>

#include "core/cli.hpp"
#include "core/credentials.hpp"
#include "core/parse.hpp"
#include "fleet/redfish/client.hpp"

namespace hs::fleet::redfish {

using nlohmann::json;

bool CapResult::failed() const {
  if (outcome == "skipped") return error.rfind("earlier run: set", 0) != 0 && error.rfind("earlier run: cleared", 0) != 0 &&
                                   error.rfind("earlier run: unchanged", 0) != 0;
  return outcome != "set" && outcome != "cleared" && outcome != "unchanged";
}

std::string cap_run_key(const std::vector<Setpoint>& ai) {
  std::vector<std::string> parts;
  for (const auto& s : ai) parts.push_back(s.cls + "=" + format_double(s.cap_pct.value_or(0)) + "%");
  std::sort(parts.begin(), parts.end());
  std::string key = "caps " + (ai.empty() ? std::string() : format_iso8601_utc(ai.front().interval_start));
  for (const auto& p : parts) key += " " + p;
  return key;
}

std::optional<double> asked_limit(double cap_pct, std::optional<double> measured, bool limited, double nameplate) {
  if (!(cap_pct > 0)) return std::nullopt;
  const double base = limited || !measured ? nameplate : *measured;
  return static_cast<double>(std::llround(base * (1 - cap_pct / 100)));
}

namespace {

void sleep_seconds(double s) {
  if (s > 0) std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<long long>(s * 1000)));
}

std::string watts(double w) { return format_double(w) + " W"; }

// NVML and dcgm-exporter servers are read, never capped, by fleet: a cap asked of one is refused
// here, journaled like any outcome so a rerun does not ask again. A cap_pct of 0 asks for no
// cap, which such a server meets as it is (a limit set by hand stays: fleet clears none).
void read_only_outcome(const Server& s, CapResult& r) {
  const std::string why = std::string("read-only source \"") + to_string(s.source) + "\": ";
  if (r.cap_pct > 0) {
    r.outcome = "refused";
    r.error = why + "fleet never sets a power limit through " +
              (s.source == ServerSource::nvml ? "NVML" : "dcgm-exporter") +
              "; cap this server through its BMC (source \"redfish\") or leave its block without cap_pct";
  } else {
    r.outcome = "unchanged";
    r.error = why + "no limit set or cleared";
  }
}

}  // namespace

std::vector<CapResult> apply_caps(const Inventory& inv, const std::vector<Setpoint>& ai, const CapOptions& opt,
                                  Journal* journal) {
  // A block without cap_pct (no flexibility clause in the site) is left alone: limits an
  // operator set by hand stay. cap_pct 0 clears what a cap set.
  std::map<std::string, const Setpoint*> by_block;
  for (const auto& s : ai)
    if (s.cap_pct) by_block[s.cls] = &s;
  std::vector<std::size_t> idx;
  for (std::size_t i = 0; i < inv.servers.size(); ++i)
    if (by_block.count(inv.servers[i].block)) idx.push_back(i);
  std::vector<CapResult> res(idx.size());
  if (idx.empty()) return res;
  const std::string key = cap_run_key(ai);
  std::map<std::string, Journal::CapTried> tried;
  std::map<std::size_t, std::optional<double>> earlier;  // position in idx -> the limit an earlier run set
  if (journal) tried = journal->caps_tried(key);
  std::vector<std::size_t> contact;   // positions in idx: Redfish servers to read and cap
  std::vector<std::size_t> readonly;  // positions in idx: nvml and dcgm servers, refused here
  for (std::size_t k = 0; k < idx.size(); ++k) {
    const Server& s = inv.servers[idx[k]];
    const Setpoint& sp = *by_block[s.block];
    CapResult& r = res[k];
    r.interval_start = sp.interval_start;
    r.block = s.block;
    r.server = s.id;
    r.address = s.address();
    r.cap_pct = sp.cap_pct.value_or(0);
    // A failure is final for these setpoints (never retried in a tight loop). A success is
    // checked again: the limit then asked stands (not one worked again from a draw measured
    // under it), a server still at it is unchanged with nothing sent, and one whose limit was
    // changed since (another interval's cap, by hand) gets it back.
    auto t = tried.find(s.id);
    if (t != tried.end() && !opt.dry_run) {
      if (t->second.succeeded()) {
        earlier[k] = t->second.asked_limit_watts;
      } else {
        r.outcome = "skipped";
        r.error = "earlier run: " + t->second.outcome + (t->second.message.empty() ? "" : ": " + t->second.message) +
                  "; not sent again for these setpoints";
        continue;
      }
    }
    if (read_only(s.source)) {
      read_only_outcome(s, r);
      readonly.push_back(k);
      continue;
    }
    contact.push_back(k);
  }
  if (contact.empty() && readonly.empty()) return res;

  std::vector<std::size_t> servers;
  for (std::size_t k : contact) servers.push_back(idx[k]);
  // No BMC to reach (only read-only servers): no credentials needed, nothing read.
  std::unique_ptr<Client> client;
  std::vector<ServerRead> reads;
  if (!contact.empty()) {
    client = std::make_unique<Client>(inv, servers, login_from(Credentials::load(opt.credentials)), opt.http);
    progress("reading " + std::to_string(servers.size()) + " GPU server(s)");
    reads = client->read();
    progress_done();
  }
  const std::int64_t run =
      journal && !opt.dry_run ? journal->begin_run(key, format_iso8601_utc(ai.front().interval_start)) : 0;

  // What to send: PATCHes, all at once.
  std::vector<Request> patches;
  std::vector<std::size_t> patched;  // the n (client index) of each PATCH
  for (std::size_t n = 0; n < contact.size(); ++n) {
    CapResult& r = res[contact[n]];
    const Server& s = client->server(n);
    const ServerRead& sr = reads[n];
    r.measured_watts = sr.reading.watts;
    if (!sr.usable()) {
      r.outcome = sr.state == "unreachable" ? "unreachable" : "error";
      r.error = sr.error;
      continue;
    }
    const auto& limit = sr.reading.limit_watts;
    const auto before = earlier.find(contact[n]);
    r.asked_limit_watts = before != earlier.end() ? before->second
                                                  : asked_limit(r.cap_pct, sr.reading.watts, limit.has_value(), s.watts);
    const auto& asked = r.asked_limit_watts;
    if (!asked && !limit) {
      r.outcome = "unchanged";
      continue;
    }
    if (asked && limit && std::abs(*limit - *asked) < 0.5) {
      r.outcome = "unchanged";
      r.readback_limit_watts = limit;
      continue;
    }
    if (asked) {
      const Range rg = limit_range(sr.reading, s.limit_min_watts, s.limit_max_watts, s.watts);
      if (*asked < rg.min || *asked > rg.max) {
        r.outcome = "out-of-range";
        r.error = "limit " + watts(*asked) + " is outside [" + format_double(rg.min) + ", " + format_double(rg.max) +
                  "] W (" + (rg.from == "control" ? "the power Control's AllowableMin/Max" :
                             rg.from == "inventory" ? "the inventory's limit_min/max_watts" :
                             rg.from == "capacity" ? "0 to the BMC's PowerCapacityWatts" : "0 to the nameplate watts") +
                  "); not sent";
        continue;
      }
    }
    if (sr.reading.limit_path.empty()) {
      r.outcome = "error";
      r.error = "chassis " + sr.reading.chassis + " publishes no power limit (no Power resource, no power Control)";
      continue;
    }
    if (opt.dry_run) {
      r.outcome = asked ? "set" : "cleared";
      r.error = "dry run: PATCH " + sr.reading.limit_path + " not sent";
      continue;
    }
    Request q;
    q.server = n;
    q.method = "PATCH";
    q.path = sr.reading.limit_path;
    q.body = sr.reading.limit_is_control ? control_body(asked) : power_limit_body(asked);
    q.if_match = sr.reading.limit_etag;
    patches.push_back(std::move(q));
    patched.push_back(n);
  }

  if (!patches.empty()) {
    std::vector<JournalEntry> entries;
    for (const auto& q : patches) {
      const Server& s = client->server(q.server);
      entries.push_back({s.id, s.address(), "PATCH " + q.path, q.body,
                         res[contact[q.server]].asked_limit_watts ? "cap" : "clear", ""});
    }
    const auto rows = journal->sent(run, key, entries);
    progress("sending " + std::to_string(patches.size()) + " power limit(s)");
    client->send(patches);
    std::vector<Journal::Answer> answers;
    for (std::size_t p = 0; p < patches.size(); ++p) {
      const Request& q = patches[p];
      const std::string said = q.answered ? bmc_message(q.status, q.reply) : q.error;
      answers.push_back({rows[p], q.ok(), said});
      if (!q.ok()) {
        CapResult& r = res[contact[q.server]];
        r.outcome = q.answered ? "refused" : "error";
        r.error = "PATCH " + q.path + ": " + said;
      }
    }
    journal->answered(answers);

    // Read back what the BMC holds now.
    std::vector<Request> gets;
    for (const auto& q : patches)
      if (q.ok()) gets.push_back({q.server, "GET", q.path, "", "", false, 0, "", ""});
    client->send(gets);
    std::vector<bool> follow(contact.size(), false);
    for (const auto& g : gets) {
      CapResult& r = res[contact[g.server]];
      const ServerRead& sr = reads[g.server];
      if (!g.ok()) {
        r.outcome = "error";
        r.error = "read back GET " + g.path + ": " + (g.answered ? bmc_message(g.status, g.reply) : g.error);
        continue;
      }
      const json body = json::parse(g.reply, nullptr, false);
      Reading back;
      if (sr.reading.limit_is_control) read_control(body, g.path, "", back);
      else if (body.is_object()) read_power(body, back);
      r.readback_limit_watts = back.limit_watts;
      const auto& asked = r.asked_limit_watts;
      const bool same = asked ? back.limit_watts && std::abs(*back.limit_watts - *asked) < 0.5 : !back.limit_watts;
      if (!same) {
        r.outcome = "error";
        r.error = "the BMC accepted the PATCH but reads back " +
                  (back.limit_watts ? watts(*back.limit_watts) : std::string("no limit")) + ", asked " +
                  (asked ? watts(*asked) : std::string("no limit"));
        continue;
      }
      r.outcome = asked ? "set" : "cleared";
      follow[g.server] = asked.has_value();
    }

    // The draw must fall under the new limit within the settle time; read once a second.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<long long>(opt.settle_seconds * 1000));
    for (;;) {
      if (std::none_of(follow.begin(), follow.end(), [](bool b) { return b; })) break;
      const auto now_read = client->read(follow);
      for (std::size_t n = 0; n < follow.size(); ++n) {
        if (!follow[n]) continue;
        CapResult& r = res[contact[n]];
        if (now_read[n].reading.watts) r.measured_watts = now_read[n].reading.watts;
        if (r.measured_watts && *r.measured_watts <= *r.asked_limit_watts * (1 + opt.follow_tolerance)) follow[n] = false;
      }
      const auto left = std::chrono::duration<double>(deadline - std::chrono::steady_clock::now()).count();
      if (left <= 0 || interrupted()) break;
      sleep_seconds(std::min(1.0, left));
    }
    for (std::size_t n = 0; n < follow.size(); ++n) {
      if (!follow[n]) continue;
      CapResult& r = res[contact[n]];
      r.outcome = "not-following";
      r.error = "limit " + watts(*r.asked_limit_watts) + " set, but the server still draws " +
                (r.measured_watts ? watts(*r.measured_watts) : std::string("an unknown power")) + " after " +
                format_double(opt.settle_seconds) + " s";
    }
  }
  if (client) client->logout();

  if (journal && !opt.dry_run) {
    // Every outcome; those of servers nothing reached (unreachable, TLS or login refused) are
    // not final, so a rerun of these setpoints tries them again.
    std::vector<Journal::CapOutcome> outs;
    for (std::size_t n = 0; n < contact.size(); ++n) {
      const CapResult& r = res[contact[n]];
      outs.push_back({r.server, r.address, r.asked_limit_watts, r.outcome, r.error, reads[n].usable()});
    }
    for (std::size_t k : readonly)
      outs.push_back({res[k].server, res[k].address, std::nullopt, res[k].outcome, res[k].error, true});
    journal->cap_outcomes(run, key, outs);
    journal->finish_run(run, std::any_of(res.begin(), res.end(), [](const CapResult& r) { return r.failed(); }) ? "missed" : "ok");
  }
  return res;
}

}  // namespace hs::fleet::redfish
