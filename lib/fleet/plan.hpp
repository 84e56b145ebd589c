#pragma once
// The planner: a pure function from the machines' states and a class's setpoint to the
// commands that reach it, with no I/O, so it can be tested by hand-worked cases.
//  - Fewest changes: only the difference between the units running and the units asked
//    for is switched; a machine already in the right state is never touched (no flapping).
//  - Least efficient (highest J/TH) first off, most efficient (lowest J/TH) first on.
//  - Staggered: actions go out in waves, one every wave_seconds; the facility power one wave
//    switches (|delta W| x PUE, sleeps and wakes alike) stays within ramp_mw_per_minute x
//    wave_seconds / 60, so the site ramps within its limit. A single machine larger than the
//    budget goes alone in its wave. Sleeps go first, so the site sheds before it adds.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace hs::fleet {

struct Unit {
  std::size_t machine = 0;     // inventory index
  bool reachable = false;      // answered the telemetry read
  bool controllable = false;   // firmware fleet can sleep and wake
  bool on = false;             // hashing (or acknowledged a wakeup earlier in this setpoint run)
  double watts = 0;            // IT power the machine draws when on (measured, else nameplate)
  double joules_per_th = 0;    // order key (measured when hashing, else nameplate)
  std::string profile;         // profile last acknowledged, "" unknown
  bool profiles = true;        // the firmware can set profiles (fleet firmware's profiles column)
};

struct ClassTarget {
  std::string cls;
  double asked_mw = 0;               // facility MW
  std::optional<long> units_on;      // from the setpoint; else derived from asked_mw
  bool off = false;                  // mode "off"
  std::string profile;               // firmware profile for the setpoint's mode, "" none
  double pue = 1.0;
};

enum class ActionKind { sleep, wakeup, profile };
const char* to_string(ActionKind k);

struct Action {
  std::size_t machine = 0;
  std::string cls;
  ActionKind kind = ActionKind::sleep;
  std::string profile;
  int wave = 0;
  double at_seconds = 0;
  double delta_watts = 0;   // IT watts (negative: less)
  double facility_watts = 0;
  double joules_per_th = 0;
};

struct ClassPlan {
  std::string cls;
  long target_units = 0;     // units the setpoint asks for (derived when absent)
  long planned_units_on = 0; // what the plan reaches with the machines that answered
  long fixed_on = 0;         // hashing machines fleet cannot command
  std::vector<Action> actions;
};

ClassPlan plan_class(const std::vector<Unit>& units, const ClassTarget& target);

struct RampOptions {
  double ramp_mw_per_minute = 0;  // 0: no limit, every action in wave 0
  double wave_seconds = 60;
};
// Orders every class's actions (sleeps, then wakeups) and numbers their waves.
std::vector<Action> stagger(const std::vector<ClassPlan>& plans, const RampOptions& ramp);

}  // namespace hs::fleet
