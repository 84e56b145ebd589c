#pragma once
// allocate now: one decision for the current interval, with memory of the previous one kept
// in a state file (JSON, written atomically) so minimum on/off times and hysteresis hold
// across cron runs. Deciding the same interval twice starts again from the decision before
// it, so repeated runs with the same input give the same output.
#include <optional>
#include <string>
#include <vector>

#include "dispatch/prices.hpp"
#include "dispatch/site.hpp"

namespace hs::dispatch {

struct Setpoint {
  std::string name;
  std::string kind;  // mining or ai
  bool on = false;
  std::int64_t units = 0;   // mining: units running
  std::string mode;         // mining: mode name or "off"; ai: "on" / "off"
  double power_mw = 0;
  UtcTime since{};          // when the block last switched on or off
};

struct NowState {
  std::optional<UtcTime> interval_start;  // interval of `current`
  std::vector<Setpoint> current;
  std::vector<Setpoint> previous;         // decision before `current` (empty: none)
};

struct NowOptions {
  double hysteresis_usd_per_mwh = 2.0;  // switch on below break-even - h, off above break-even + h
};

// Reads the state file; a missing file is an empty state. A corrupt one: Error(65).
NowState load_state(const std::string& path);
NowState state_from_json(const std::string& text, const std::string& name);
std::string state_to_json(const NowState& st);

// Decides interval `now` from the setpoints in force before it.
std::vector<Setpoint> decide(const Site& site, const Interval& now, const std::vector<Setpoint>& before,
                             const NowOptions& opt);

// The state after deciding `now` (the decision is its `current`).
NowState step(const Site& site, const Interval& now, const NowState& st, const NowOptions& opt);

}  // namespace hs::dispatch
