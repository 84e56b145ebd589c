#include "fleet/apply.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <thread>

#include "core/cli.hpp"
#include "core/error.hpp"
#include "core/parse.hpp"
#include "core/record.hpp"
#include "core/credentials.hpp"
#include "fleet/family.hpp"
#include "fleet/reply.hpp"

namespace hs::fleet {

std::vector<Setpoint> read_setpoints(const std::string& path) { return read_all_setpoints(path).mining; }

Setpoints read_all_setpoints(const std::string& path) {
  const RecordSpec& spec = record_spec("setpoint");
  RecordReader reader(path, spec);
  const auto i_start = spec.at("interval_start"), i_class = spec.at("class"), i_kind = spec.at("kind"),
             i_mw = spec.at("power_mw"), i_units = spec.at("units_on"), i_mode = spec.at("mode"),
             i_cap = spec.at("cap_pct");
  Setpoints all;
  std::vector<Setpoint>& out = all.mining;
  Record rec;
  std::optional<UtcTime> interval;
  while (reader.next(rec)) {
    Setpoint s;
    s.interval_start = rec.time(i_start);
    s.cls = std::string(rec.text(i_class));
    s.kind = std::string(rec.text(i_kind));
    s.power_mw = rec.number(i_mw);
    if (s.power_mw < 0) throw_data_error(rec.loc, "power_mw", "must not be negative");
    if (rec.has(i_units)) s.units_on = static_cast<long>(rec.integer(i_units));
    if (rec.has(i_mode)) s.mode = std::string(rec.text(i_mode));
    if (interval && *interval != s.interval_start)
      throw_data_error(rec.loc, "interval_start",
                       "setpoints of several intervals (" + format_iso8601_utc(*interval) + " and " +
                           format_iso8601_utc(s.interval_start) + "); apply acts on one interval");
    interval = s.interval_start;
    if (s.kind == "ai") {
      if (rec.has(i_cap)) {
        s.cap_pct = rec.number(i_cap);
        if (!(*s.cap_pct >= 0 && *s.cap_pct < 100))
          throw_data_error(rec.loc, "cap_pct", "must be at least 0 and below 100, got " + format_double(*s.cap_pct));
      }
      for (const auto& o : all.ai)
        if (o.cls == s.cls) throw_data_error(rec.loc, "class", "AI block '" + s.cls + "' has two setpoints");
      all.ai.push_back(std::move(s));
      continue;
    }
    if (s.kind != "mining") continue;
    for (const auto& o : out)
      if (o.cls == s.cls) throw_data_error(rec.loc, "class", "class '" + s.cls + "' has two setpoints");
    out.push_back(std::move(s));
  }
  return all;
}

bool ApplyResult::missed() const {
  return std::any_of(classes.begin(), classes.end(), [](const ClassResult& c) { return !c.within_tolerance; });
}

std::string run_key(const std::vector<Setpoint>& sps) {
  std::vector<std::string> parts;
  for (const auto& s : sps)
    parts.push_back(s.cls + "=" + format_double(s.power_mw) + "MW/" + (s.units_on ? std::to_string(*s.units_on) : "") +
                    "/" + s.mode);
  std::sort(parts.begin(), parts.end());
  std::string key = sps.empty() ? "" : format_iso8601_utc(sps.front().interval_start);
  for (const auto& p : parts) key += " " + p;
  return key;
}

namespace {

using Clock = std::chrono::steady_clock;

void sleep_seconds(double s) {
  if (s > 0) std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<long long>(s * 1000)));
}

// One machine's actions in one wave, carried by its family's command chain.
struct MachineJob {
  std::size_t machine = 0;
  std::vector<const Action*> actions;
  std::vector<bool> acked;
  std::string error;
};

// Secrets per family, read once from the credentials file (only when a family needs them).
struct Secrets {
  std::map<Firmware, MachineSecrets> by_family;
  MachineSecrets of(Firmware f) const {
    auto it = by_family.find(f);
    return it == by_family.end() ? MachineSecrets{} : it->second;
  }
};

// Runs every job's chain: each round, every chain's next step goes out at once (journaled
// before it is sent and after it is answered), and each chain reads its own answer.
void run_jobs(const Inventory& inv, std::vector<MachineJob>& jobs, const ClientOptions& copt, Journal* journal,
              std::int64_t run, const std::string& key, const Secrets& secrets) {
  std::vector<std::unique_ptr<CommandChain>> chains;
  for (auto& j : jobs) {
    const Machine& m = inv.machines[j.machine];
    chains.push_back(driver(m.firmware).commands(m, j.actions, secrets.of(m.firmware)));
  }
  for (;;) {
    // This round's steps: exchanges over the epoll client, gRPC calls over libcurl.
    std::vector<std::size_t> live, live_grpc;
    std::vector<Exchange> xs;
    std::vector<GrpcCall> calls;
    std::vector<JournalEntry> entries, grpc_entries;
    std::vector<bool> keep;
    for (std::size_t i = 0; i < chains.size(); ++i) {
      auto step = chains[i]->next();
      if (!step) continue;
      const Machine& m = inv.machines[jobs[i].machine];
      if (step->grpc) {
        live_grpc.push_back(i);
        grpc_entries.push_back({m.id, step->grpc->host + ":" + std::to_string(step->grpc->port), step->command,
                                step->shown, step->action, step->profile});
        calls.push_back(std::move(*step->grpc));
        continue;
      }
      live.push_back(i);
      keep.push_back(step->keep_reply);
      xs.push_back(make_exchange(jobs[i].machine, std::move(step->request), step->port));
      xs.back().framing = step->framing;
      const std::string addr = step->port ? m.host + ":" + std::to_string(step->port) : m.address();
      entries.push_back({m.id, addr, step->command, step->shown, step->action, step->profile});
    }
    if (live.empty() && live_grpc.empty()) break;
    std::vector<std::int64_t> rows, grpc_rows;
    if (journal) {
      rows = journal->sent(run, key, entries);
      grpc_rows = journal->sent(run, key, grpc_entries);
    }
    run_with_retries(inv, xs, copt);
    if (!calls.empty()) run_grpc_calls(calls, copt.connect_timeout_ms, copt.read_timeout_ms, copt.max_inflight);
    std::vector<Journal::Answer> answers;
    for (std::size_t k = 0; k < live.size(); ++k) {
      const bool ok = chains[live[k]]->answer(xs[k]);
      std::string kept = xs[k].outcome == Outcome::answered ? xs[k].reply : xs[k].error;
      if (!keep[k] && xs[k].outcome == Outcome::answered) kept = kept.substr(0, kept.find("\r\n")) + " (the rest not kept: it may hold secrets)";
      if (journal) answers.push_back({rows[k], ok, kept});
    }
    for (std::size_t k = 0; k < live_grpc.size(); ++k) {
      const bool ok = chains[live_grpc[k]]->answer_grpc(calls[k]);
      // The reply's bytes are protobuf (a login's carries its token): the journal keeps the status.
      const std::string kept = calls[k].answered ? "grpc-status " + std::to_string(calls[k].status) +
                                                       (calls[k].status_message.empty() ? "" : ": " + calls[k].status_message)
                                                 : calls[k].error;
      if (journal) answers.push_back({grpc_rows[k], ok, kept});
    }
    if (journal) journal->answered(answers);
  }
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    jobs[i].acked = chains[i]->acked();
    jobs[i].error = chains[i]->error();
  }
}

std::vector<MachineJob> jobs_for(const std::vector<const Action*>& actions) {
  std::vector<MachineJob> jobs;
  std::map<std::size_t, std::size_t> at;
  for (const Action* a : actions) {
    auto [it, fresh] = at.emplace(a->machine, jobs.size());
    if (fresh) jobs.push_back({a->machine, {}, {}, {}});
    jobs[it->second].actions.push_back(a);
  }
  // Within a machine: the profile before the wakeup.
  for (auto& j : jobs)
    std::stable_sort(j.actions.begin(), j.actions.end(), [](const Action* x, const Action* y) {
      return x->kind == ActionKind::profile && y->kind != ActionKind::profile;
    });
  return jobs;
}

}  // namespace

ApplyResult apply(const Inventory& inv, const std::vector<Setpoint>& sps, const ApplyOptions& opt, Journal* journal) {
  ApplyResult res;
  std::map<std::string, const Setpoint*> by_class;
  for (const auto& s : sps) {
    if (!inv.find_class(s.cls))
      throw Error(exit_code::data, "setpoint for class '" + s.cls + "', which " + inv.file + " does not declare");
    by_class[s.cls] = &s;
  }
  std::vector<std::size_t> involved;
  for (std::size_t i = 0; i < inv.machines.size(); ++i)
    if (by_class.count(inv.machines[i].cls)) involved.push_back(i);
  progress("reading " + std::to_string(involved.size()) + " machine(s)");
  auto tele = read_telemetry(inv, involved, opt.client);
  progress_done();
  std::map<std::size_t, std::size_t> tele_of;
  for (std::size_t k = 0; k < involved.size(); ++k) tele_of[involved[k]] = k;
  std::map<std::string, LastSeen> last_seen;
  if (journal) last_seen = journal->last_seen();
  // What each reachable machine was seen doing, kept for when it stops answering.
  auto remember = [&](const std::vector<Telemetry>& read) {
    if (!journal) return;
    std::vector<std::pair<std::string, LastSeen>> sightings;
    for (std::size_t k = 0; k < involved.size(); ++k) {
      const Telemetry& t = read[k];
      if (!t.reachable || t.state == "error") continue;
      const Machine& m = inv.machines[involved[k]];
      LastSeen l{t.hashing(), t.hashing() ? t.watts.value_or(m.watts) : t.watts.value_or(0), {}};
      sightings.emplace_back(m.id, l);
      last_seen[m.id] = l;
    }
    journal->seen(sightings);
  };
  for (std::size_t k = 0; k < involved.size(); ++k) {
    const Telemetry& t = tele[k];
    if (!t.reachable || t.state == "error")
      res.unreachable.emplace_back(involved[k], t.error.empty() ? t.state : t.error);
  }
  // Classes asked for more units than the inventory holds.
  for (const auto& s : sps) {
    long n = 0;
    for (std::size_t i : involved) n += inv.machines[i].cls == s.cls;
    if (s.units_on && *s.units_on > n)
      res.problems.push_back("class '" + s.cls + "': the setpoint asks for " + std::to_string(*s.units_on) +
                             " units, the inventory holds " + std::to_string(n));
  }

  const std::string key = run_key(sps);
  std::map<std::string, Acked> acked;
  std::map<std::string, std::string> profiles;
  if (journal) {
    acked = journal->acknowledged(key);
    profiles = journal->last_profiles();
  }

  std::vector<ClassPlan> plans;
  for (const auto& s : sps) {
    const MachineClass& mc = *inv.find_class(s.cls);
    std::vector<Unit> units;
    for (std::size_t i : involved) {
      const Machine& m = inv.machines[i];
      if (m.cls != s.cls) continue;
      const Telemetry& t = tele[tele_of[i]];
      Unit u;
      u.machine = i;
      u.reachable = t.reachable && t.state != "error";
      u.controllable = controllable(m.firmware);
      u.profiles = has_profiles(m.firmware);
      u.on = t.hashing();
      // What an earlier, interrupted run of these setpoints had acknowledged counts as done:
      // a machine still ramping after its wakeup is not woken, nor another one slept, again.
      auto a = acked.find(m.id);
      if (a != acked.end() && !a->second.action.empty()) u.on = a->second.action == "wakeup";
      u.watts = (t.hashing() && t.watts && !t.watts_estimated) ? *t.watts : m.watts;
      u.joules_per_th = (t.hashing() && t.watts && t.ths && *t.ths > 0 && !t.watts_estimated) ? *t.watts / *t.ths
                                                                                              : m.joules_per_th();
      if (a != acked.end() && !a->second.profile.empty()) u.profile = a->second.profile;
      else if (auto p = profiles.find(m.id); p != profiles.end()) u.profile = p->second;
      units.push_back(u);
    }
    ClassTarget target;
    target.cls = s.cls;
    target.asked_mw = s.power_mw;
    target.units_on = s.units_on;
    target.off = s.mode == "off";
    target.pue = mc.pue;
    if (!s.mode.empty() && s.mode != "off") {
      if (auto p = mc.profiles.find(s.mode); p != mc.profiles.end()) target.profile = p->second;
    }
    plans.push_back(plan_class(units, target));
  }
  RampOptions ramp = opt.ramp;
  if (ramp.ramp_mw_per_minute < 0) ramp.ramp_mw_per_minute = inv.ramp_mw_per_minute;
  res.plan = stagger(plans, ramp);

  std::map<std::string, ClassResult> out;
  for (std::size_t k = 0; k < sps.size(); ++k) {
    ClassResult& c = out[sps[k].cls];
    c.interval_start = sps[k].interval_start;
    c.cls = sps[k].cls;
    c.asked_mw = sps[k].power_mw;
    c.asked_units_on = sps[k].units_on;
    c.planned_units_on = plans[k].planned_units_on;
  }
  for (const auto& a : res.plan) ++out[a.cls].commands;
  if (opt.dry_run) {
    for (const auto& s : sps) res.classes.push_back(out[s.cls]);
    return res;
  }

  // The credentials of the families about to be commanded, read before anything is sent (a
  // file others may read is refused here, Error 77).
  Secrets secrets;
  {
    std::set<Firmware> needed;
    for (const auto& a : res.plan)
      if (*family(inv.machines[a.machine].firmware).credentials) needed.insert(inv.machines[a.machine].firmware);
    if (!needed.empty()) {
      const Credentials creds = Credentials::load(opt.credentials);
      for (Firmware f : needed)
        if (auto sec = driver(f).secrets(creds)) secrets.by_family[f] = *sec;
    }
  }
  remember(tele);
  std::int64_t run = journal ? journal->begin_run(key, format_iso8601_utc(sps.empty() ? UtcTime{} : sps.front().interval_start)) : 0;
  for (const auto& [id, a] : acked) res.skipped_acknowledged += !a.action.empty();
  const auto t0 = Clock::now();
  std::map<std::size_t, ActionKind> expected;  // machine -> sleep or wakeup acknowledged
  for (const auto& [id, a] : acked) {
    if (a.action.empty()) continue;
    for (std::size_t i : involved)
      if (inv.machines[i].id == id) expected[i] = a.action == "wakeup" ? ActionKind::wakeup : ActionKind::sleep;
  }
  int waves = res.plan.empty() ? 0 : res.plan.back().wave + 1;
  for (int w = 0; w < waves; ++w) {
    if (interrupted()) break;
    const double due = w * ramp.wave_seconds;
    const double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
    sleep_seconds(due - elapsed);
    std::vector<const Action*> wave;
    for (const auto& a : res.plan)
      if (a.wave == w) wave.push_back(&a);
    auto jobs = jobs_for(wave);
    progress("wave " + std::to_string(w + 1) + "/" + std::to_string(waves) + ": " + std::to_string(jobs.size()) + " machine(s)");
    run_jobs(inv, jobs, opt.client, journal, run, key, secrets);
    for (auto& j : jobs) {
      const Machine& m = inv.machines[j.machine];
      for (std::size_t s = 0; s < j.actions.size(); ++s) {
        const Action& a = *j.actions[s];
        bool ack = s < j.acked.size() && j.acked[s];
        if (ack) {
          ++out[a.cls].acknowledged;
          if (a.kind != ActionKind::profile) expected[j.machine] = a.kind;
        } else {
          ++out[a.cls].failed;
          out[a.cls].failed_ids.push_back(m.id);
          res.problems.push_back(m.id + " (" + m.address() + "): " + to_string(a.kind) + " not acknowledged: " + j.error);
        }
      }
    }
    crash_after_wave(w);
  }
  progress_done();

  // Read back; re-send to machines that acknowledged but whose state did not change.
  std::vector<std::size_t> lagging;
  // Machines that did not answer the first read were not commanded: they are read back with one
  // try, not the full retries, so two silent miners do not hold a five-minute turn for long.
  std::vector<std::size_t> answered, silent;
  for (std::size_t k = 0; k < involved.size(); ++k)
    (tele[k].reachable ? answered : silent).push_back(k);
  ClientOptions once = opt.client;
  once.retries = 0;
  auto read_back = [&] {
    std::vector<std::size_t> a, b;
    for (std::size_t k : answered) a.push_back(involved[k]);
    for (std::size_t k : silent) b.push_back(involved[k]);
    auto ta = read_telemetry(inv, a, opt.client), tb = read_telemetry(inv, b, once);
    std::vector<Telemetry> all(involved.size());
    for (std::size_t n = 0; n < answered.size(); ++n) all[answered[n]] = std::move(ta[n]);
    for (std::size_t n = 0; n < silent.size(); ++n) all[silent[n]] = std::move(tb[n]);
    return all;
  };
  for (int round = 0;; ++round) {
    if (opt.settle_seconds > 0) progress("settling " + format_double(opt.settle_seconds) + " s before reading back");
    sleep_seconds(opt.settle_seconds);
    progress("reading back " + std::to_string(involved.size()) + " machine(s)");
    tele = read_back();
    progress_done();
    lagging.clear();
    for (const auto& [i, kind] : expected) {
      const Telemetry& t = tele[tele_of[i]];
      if (!t.reachable || t.state == "error") continue;
      if (t.hashing() != (kind == ActionKind::wakeup)) lagging.push_back(i);
    }
    if (lagging.empty() || round >= opt.follow_retries || interrupted()) break;
    std::vector<Action> again;
    for (std::size_t i : lagging) {
      Action a;
      a.machine = i;
      a.cls = inv.machines[i].cls;
      a.kind = expected[i];
      again.push_back(a);
    }
    std::vector<const Action*> ptrs;
    for (const auto& a : again) ptrs.push_back(&a);
    auto jobs = jobs_for(ptrs);
    run_jobs(inv, jobs, opt.client, journal, run, key, secrets);
  }
  for (std::size_t i : lagging) {
    const Machine& m = inv.machines[i];
    ++out[m.cls].not_following;
    res.problems.push_back(m.id + " (" + m.address() + "): acknowledged " + to_string(expected[i]) +
                           " but is still " + tele[tele_of[i]].state);
  }
  remember(tele);
  for (std::size_t k = 0; k < involved.size(); ++k) {
    const Machine& m = inv.machines[involved[k]];
    const Telemetry& t = tele[k];
    ClassResult& c = out[m.cls];
    if (!t.reachable || t.state == "error") {
      ++c.unreachable;
      c.unreachable_ids.push_back(m.id);
      // It may still be running: its last seen draw until it is seen off, else its nameplate.
      const auto l = last_seen.find(m.id);
      const double w = l == last_seen.end() ? m.watts : (l->second.hashing ? l->second.watts : 0.0);
      const double mw = w * inv.find_class(m.cls)->pue / 1e6;
      c.unreachable_mw += mw;
      c.measured_mw += mw;
      continue;
    }
    if (t.hashing()) ++c.measured_units_on;
    c.measured_mw += t.watts.value_or(0) * inv.find_class(m.cls)->pue / 1e6;
  }
  for (const auto& s : sps) {
    ClassResult& c = out[s.cls];
    const double tol = std::max(opt.tolerance * c.asked_mw, opt.tolerance_mw);
    c.within_tolerance = std::abs(c.measured_mw - c.asked_mw) <= tol + 1e-9;
    res.classes.push_back(c);
  }
  if (journal) journal->finish_run(run, interrupted() ? "interrupted" : (res.missed() ? "missed" : "ok"));
  return res;
}

}  // namespace hs::fleet
