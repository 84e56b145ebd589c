#include "fleet/plan.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace hs::fleet {

const char* to_string(ActionKind k) {
  switch (k) {
    case ActionKind::sleep: return "sleep";
    case ActionKind::wakeup: return "wakeup";
    case ActionKind::profile: return "profile";
  }
  return "?";
}

ClassPlan plan_class(const std::vector<Unit>& units, const ClassTarget& t) {
  ClassPlan p;
  p.cls = t.cls;
  std::vector<const Unit*> on, off;
  double fixed_watts = 0;
  for (const auto& u : units) {
    if (!u.reachable) continue;
    if (!u.controllable) {
      if (u.on) ++p.fixed_on, fixed_watts += u.watts;
      // Firmware with profiles but no sleep (AxeOS: a frequency) still takes the mode's profile.
      if (u.on && u.profiles && !t.profile.empty() && u.profile != t.profile && !t.off)
        p.actions.push_back({u.machine, t.cls, ActionKind::profile, t.profile, 0, 0, 0, 0, u.joules_per_th});
      continue;
    }
    (u.on ? on : off).push_back(&u);
  }
  auto efficient_first = [](const Unit* a, const Unit* b) {
    if (a->joules_per_th != b->joules_per_th) return a->joules_per_th < b->joules_per_th;
    return a->machine < b->machine;
  };
  if (t.off) {
    p.target_units = 0;
  } else if (t.units_on) {
    p.target_units = std::max(0L, *t.units_on);
  } else {
    // No unit count: the most efficient machines that fit in the asked power.
    std::vector<const Unit*> all = on;
    all.insert(all.end(), off.begin(), off.end());
    std::sort(all.begin(), all.end(), efficient_first);
    double budget = t.asked_mw * 1e6 / t.pue - fixed_watts;
    long n = p.fixed_on;
    for (const Unit* u : all) {
      if (u->watts > budget + 1e-6) break;
      budget -= u->watts;
      ++n;
    }
    p.target_units = n;
  }
  const long ctrl = static_cast<long>(on.size() + off.size());
  const long want = std::clamp(p.target_units - p.fixed_on, 0L, ctrl);
  p.planned_units_on = p.fixed_on + want;
  const long have = static_cast<long>(on.size());
  std::vector<const Unit*> stays_on;
  if (have > want) {
    std::sort(on.begin(), on.end(), [&](const Unit* a, const Unit* b) { return efficient_first(b, a); });
    for (long i = 0; i < have; ++i) {
      const Unit* u = on[static_cast<std::size_t>(i)];
      if (i < have - want) {
        p.actions.push_back({u->machine, t.cls, ActionKind::sleep, {}, 0, 0, -u->watts, -u->watts * t.pue, u->joules_per_th});
      } else {
        stays_on.push_back(u);
      }
    }
  } else {
    stays_on = on;
  }
  std::vector<const Unit*> woken;
  if (want > have) {
    std::sort(off.begin(), off.end(), efficient_first);
    for (long i = 0; i < want - have; ++i) woken.push_back(off[static_cast<std::size_t>(i)]);
  }
  if (!t.profile.empty()) {
    std::sort(stays_on.begin(), stays_on.end(), efficient_first);
    for (const Unit* u : stays_on)
      if (u->profiles && u->profile != t.profile)
        p.actions.push_back({u->machine, t.cls, ActionKind::profile, t.profile, 0, 0, 0, 0, u->joules_per_th});
  }
  for (const Unit* u : woken) {
    // A machine woken into a mode gets its profile first, in the same wave as its wakeup.
    if (!t.profile.empty() && u->profiles && u->profile != t.profile)
      p.actions.push_back({u->machine, t.cls, ActionKind::profile, t.profile, 0, 0, 0, 0, u->joules_per_th});
    p.actions.push_back({u->machine, t.cls, ActionKind::wakeup, {}, 0, 0, u->watts, u->watts * t.pue, u->joules_per_th});
  }
  return p;
}

std::vector<Action> stagger(const std::vector<ClassPlan>& plans, const RampOptions& ramp) {
  std::vector<Action> out;
  for (auto kind : {ActionKind::sleep, ActionKind::profile, ActionKind::wakeup})
    for (const auto& p : plans)
      for (const auto& a : p.actions)
        if (a.kind == kind) out.push_back(a);
  // Profiles of machines being woken travel with their wakeup; the others go in wave 0.
  const double budget = ramp.ramp_mw_per_minute * 1e6 * ramp.wave_seconds / 60.0;
  int wave = 0;
  double used = 0;
  for (auto& a : out) {
    if (a.kind == ActionKind::profile) continue;
    const double w = std::abs(a.facility_watts);
    if (ramp.ramp_mw_per_minute > 0 && used > 0 && used + w > budget + 1e-6) {
      ++wave;
      used = 0;
    }
    used += w;
    a.wave = wave;
  }
  std::map<std::size_t, int> wake_wave;
  for (const auto& b : out)
    if (b.kind == ActionKind::wakeup) wake_wave[b.machine] = b.wave;
  for (auto& a : out)
    if (a.kind == ActionKind::profile)
      if (auto it = wake_wave.find(a.machine); it != wake_wave.end()) a.wave = it->second;
  std::stable_sort(out.begin(), out.end(), [](const Action& a, const Action& b) { return a.wave < b.wave; });
  for (auto& a : out) a.at_seconds = a.wave * ramp.wave_seconds;
  return out;
}

}  // namespace hs::fleet
