// The planner on hand-worked fleets: which machines are switched, in which order and wave.
#include <catch2/catch.hpp>

#include "fleet/plan.hpp"

using namespace hs::fleet;

namespace {
// Five LuxOS machines, all on, 3000 W each, J/TH as given (index = machine).
std::vector<Unit> fleet_of(std::vector<double> jth, bool on = true) {
  std::vector<Unit> u;
  for (std::size_t i = 0; i < jth.size(); ++i) u.push_back({i, true, true, on, 3000, jth[i], ""});
  return u;
}
std::vector<std::size_t> machines(const std::vector<Action>& a) {
  std::vector<std::size_t> m;
  for (const auto& x : a) m.push_back(x.machine);
  return m;
}
ClassTarget units(long n) {
  ClassTarget t;
  t.cls = "s21";
  t.units_on = n;
  return t;
}
}  // namespace

TEST_CASE("least efficient off first", "[fleet][plan]") {
  auto p = plan_class(fleet_of({20, 25, 30, 22, 28}), units(2));
  CHECK(p.planned_units_on == 2);
  // 30, 28, 25 J/TH go to sleep, worst first; 20 and 22 keep hashing.
  CHECK(machines(p.actions) == std::vector<std::size_t>{2, 4, 1});
  for (const auto& a : p.actions) {
    CHECK(a.kind == ActionKind::sleep);
    CHECK(a.delta_watts == -3000);
  }
}

TEST_CASE("most efficient on first", "[fleet][plan]") {
  auto p = plan_class(fleet_of({20, 25, 30, 22, 28}, false), units(3));
  CHECK(machines(p.actions) == std::vector<std::size_t>{0, 3, 1});  // 20, 22, 25 J/TH
  for (const auto& a : p.actions) CHECK(a.kind == ActionKind::wakeup);
}

TEST_CASE("the right count already running: nothing is touched", "[fleet][plan]") {
  auto u = fleet_of({20, 25, 30, 22, 28});
  u[0].on = u[3].on = false;  // the two best are asleep, three worse ones hash
  auto p = plan_class(u, units(3));
  CHECK(p.actions.empty());  // swapping for efficiency would flap machines: not done
  CHECK(p.planned_units_on == 3);
}

TEST_CASE("unreachable machines and machines fleet cannot command", "[fleet][plan]") {
  auto u = fleet_of({20, 25, 30, 22, 28});
  u[2].reachable = false;      // the worst does not answer: cannot be slept
  u[4].controllable = false;   // stock firmware, hashing: counts as on, never commanded
  auto p = plan_class(u, units(2));
  CHECK(p.fixed_on == 1);
  CHECK(machines(p.actions) == std::vector<std::size_t>{1, 3});  // 25 then 22; 20 and the fixed one run
  CHECK(p.planned_units_on == 2);
  auto none = plan_class(u, units(0));
  CHECK(none.planned_units_on == 1);  // the fixed one cannot be stopped
  CHECK(none.actions.size() == 3);
}

TEST_CASE("no units_on: the most efficient machines that fit the asked MW", "[fleet][plan]") {
  auto u = fleet_of({20, 25, 30, 22, 28}, false);
  ClassTarget t;
  t.cls = "s21";
  t.asked_mw = 0.0099;  // 9.9 kW facility at PUE 1.1 = 9 kW IT: three 3000 W machines
  t.pue = 1.1;
  auto p = plan_class(u, t);
  CHECK(p.target_units == 3);
  CHECK(machines(p.actions) == std::vector<std::size_t>{0, 3, 1});
  t.off = true;
  CHECK(plan_class(fleet_of({20, 25}), t).actions.size() == 2);
}

TEST_CASE("a mode sets the profile of every machine left running, before a wakeup", "[fleet][plan]") {
  auto u = fleet_of({20, 25, 30}, false);
  u[0].on = true;
  u[1].profile = "-2";  // acknowledged earlier
  ClassTarget t = units(2);
  t.profile = "-2";
  auto p = plan_class(u, t);
  // machine 0 stays on and gets the profile; machine 1 wakes, already at -2.
  REQUIRE(p.actions.size() == 2);
  CHECK(p.actions[0].kind == ActionKind::profile);
  CHECK(p.actions[0].machine == 0);
  CHECK(p.actions[1].kind == ActionKind::wakeup);
  CHECK(p.actions[1].machine == 1);
  // A firmware without profiles (Braiins OS here) is woken, never sent a profile.
  u[1].profiles = false;
  u[1].profile = "";
  auto q = plan_class(u, t);
  REQUIRE(q.actions.size() == 2);
  CHECK(q.actions[1].kind == ActionKind::wakeup);
}

TEST_CASE("stagger: each wave within ramp x wave seconds, sleeps before wakeups", "[fleet][plan]") {
  ClassPlan a;
  a.cls = "a";
  for (std::size_t i = 0; i < 3; ++i) a.actions.push_back({i, "a", ActionKind::sleep, {}, 0, 0, -3000, -3120, 30});
  ClassPlan b;
  b.cls = "b";
  b.actions.push_back({7, "b", ActionKind::wakeup, {}, 0, 0, 3500, 3640, 17.5});
  b.actions.push_back({8, "b", ActionKind::profile, "-1", 0, 0, 0, 0, 17.5});
  b.actions.push_back({8, "b", ActionKind::wakeup, {}, 0, 0, 3500, 3640, 17.5});
  // 0.4 MW/min over 1 s waves: 6667 W per wave. 3120+3120 fits, the third sleep does not;
  // 3120 + 3640 = 6760 does not fit either: waves 0 0 1 2 3, the profile rides with its wakeup.
  auto s = stagger({b, a}, {0.4, 1.0});
  REQUIRE(s.size() == 6);
  std::vector<int> waves;
  std::vector<std::size_t> order;
  for (const auto& x : s) waves.push_back(x.wave), order.push_back(x.machine);
  CHECK(order == std::vector<std::size_t>{0, 1, 2, 7, 8, 8});
  CHECK(waves == std::vector<int>{0, 0, 1, 2, 3, 3});
  CHECK(s[4].kind == ActionKind::profile);
  CHECK(s[5].at_seconds == 3.0);
  // No ramp limit: everything in wave 0.
  for (const auto& x : stagger({a, b}, {0, 60})) CHECK(x.wave == 0);
}
