#pragma once
// allocate now: one decision for the current interval, with memory of the previous one kept
// in a state file (JSON, written atomically) so minimum on/off times and hysteresis hold
// across cron runs. Deciding the same interval twice starts again from the decision before
// it, so repeated runs with the same input give the same output.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/record.hpp"
#include "dispatch/plan.hpp"
#include "dispatch/prices.hpp"
#include "dispatch/site.hpp"
#include "dispatch/strike.hpp"

namespace hs::dispatch {

struct Setpoint {
  std::string name;
  std::string kind;  // mining, ai or storage
  bool on = false;
  std::int64_t units = 0;   // mining: units running
  std::string mode;         // mining: mode name or "off"; ai: "on" / "off"; storage: charge, discharge, idle
  double power_mw = 0;
  UtcTime since{};          // when the block last switched on or off
  // Why it is what it is: price, firm, strike, min-time, ramp, dr, forecast (a rolling
  // decision), or the fail-safe's stale (the newest price is too old) or missing (none).
  std::string reason = "price";
  std::optional<std::int64_t> data_age_s;  // age of the price it was decided on (none: no price)
  std::optional<std::int64_t> hashprice_age_s;  // age of the hashprice row used (a series only)
  std::optional<double> cap_pct;  // ai: percent of the block's draw shed under GPU power limits (0: none)
};

// The setpoint record allocate now writes for interval_start (units_on: mining classes only).
std::vector<Cell> setpoint_cells(UtcTime interval_start, const Setpoint& s);

// What allocate now knows of the price of the interval holding the clock `at`.
struct NowPrice {
  Interval interval;   // the interval holding `at`; its price when basis is "price"
  std::string basis;   // price, stale (the newest price ended over max_price_age_minutes ago) or missing
  std::optional<std::int64_t> age_s;  // price, stale: seconds since the price used (or the newest) ended; 0 for a
                                      // price of this very interval
  std::size_t future_rows = 0;        // rows after the interval: forecasts for now, never decided
  std::optional<UtcTime> newest_end;  // end of the newest row at or before `at`
};
// Rows in time order (check_continuity). The interval holding `at` is the row that covers it,
// else the one of site.operations.interval_minutes (or the rows' length) aligned to UTC
// midnight. Its price is its row's, else the newest earlier row's while that ended at most
// max_price_age_minutes ago.
NowPrice price_now(const Site& site, const std::vector<Interval>& rows, UtcTime at);


// What a decision carries forward besides the setpoints: strike counters per class, and for
// rolling decisions the billing month's facility peak so far and each peak window's (4CP
// exposure: the highest draw already set in the window).
struct Memory {
  std::map<std::string, StrikeCount> strikes;  // by mining class name
  std::optional<int> month;                    // billing month (year*12+month-1) of month_peak_mw
  double month_peak_mw = 0;
  std::map<std::string, double> window_peak_mw;  // by peak window name
  std::map<std::string, double> soc_mwh;         // storage state of charge, by name
  std::vector<std::pair<UtcTime, double>> recent_draw_mw;  // demand response: committed draws for baselines
  std::map<std::string, FlexUsed> flex;          // AI flexibility clauses' use, by block name
  bool empty() const {
    return strikes.empty() && !month && window_peak_mw.empty() && soc_mwh.empty() && recent_draw_mw.empty() &&
           flex.empty();
  }
};

struct NowState {
  std::optional<UtcTime> interval_start;  // interval of `current`
  std::vector<Setpoint> current;
  std::vector<Setpoint> previous;         // decision before `current` (empty: none)
  Memory memory;                          // after `current`
  Memory memory_before;                   // before `current` (deciding it again starts here)
  std::optional<UtcTime> failsafe_since;         // the fail-safe has acted since (after `current`)
  std::optional<UtcTime> failsafe_since_before;  // the same before `current`
  std::string warning;  // not kept: what the tool should tell (a state newer than the clock)
};

struct NowOptions {
  double hysteresis_usd_per_mwh = 2.0;  // switch on below break-even - h, off above break-even + h
};

// Reads the state file; a missing file is an empty state. A corrupt one: Error(65).
NowState load_state(const std::string& path);
NowState state_from_json(const std::string& text, const std::string& name);
std::string state_to_json(const NowState& st);

// Decides interval `now` from the setpoints in force before it. A class with a strike rule
// follows `strikes` (the counters after this interval) instead of its break-even.
std::vector<Setpoint> decide(const Site& site, const Interval& now, const std::vector<Setpoint>& before,
                             const NowOptions& opt, const std::map<std::string, StrikeCount>& strikes = {});

// The setpoints and memory in force before `now`, from the state: the state's current ones,
// or for the interval the state last decided, the ones before it. An older interval: Error(65).
std::pair<std::vector<Setpoint>, Memory> state_before(const NowState& st, UtcTime now);

// The recent draws after committing `now` at `mw`: kept as long as a DR baseline may need them.
void remember_draw(const Site& site, Memory& m, const Interval& now, double mw);
// The most the site may draw in `now` under the DR events in force (nullopt: none), baselines
// from the memory's recent draws.
std::optional<double> dr_cap_now(const Site& site, const Interval& now, const Memory& m);

// Strike counters after interval `now` for the classes with a strike rule.
std::map<std::string, StrikeCount> step_strikes(const Site& site, const Interval& now,
                                                const std::map<std::string, StrikeCount>& before);

// The state after deciding `now` (the decision is its `current`).
NowState step(const Site& site, const Interval& now, const NowState& st, const NowOptions& opt);

// The state after the fail-safe decided `now` for want of a price (reason stale or missing):
// each class's failsafe (off; on: every unit in its first mode, firm AI first, within the
// interconnect; a mode of the class; hold: what was in force, for at most hold_max_minutes of
// fail-safe, then off).
NowState failsafe_step(const Site& site, const Interval& now, const NowState& st, const std::string& reason);

// The time the fail-safe has acted since, if `st` is in it; for `now` decided again, as before it.
std::optional<UtcTime> failsafe_since_before(const NowState& st, UtcTime now);

}  // namespace hs::dispatch
