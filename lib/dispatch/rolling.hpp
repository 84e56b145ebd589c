#pragma once
// Rolling-horizon decisions (allocate now --horizon) and their backtest (allocate replay):
// re-plan over the current price and the newest forecast known, with the LP of a plan, and
// commit only the first interval; what is carried to the next decision (setpoints, minimum
// times, ramps, the month's peak, 4CP exposure, strike counters) is the NowState.
#include <chrono>
#include <optional>
#include <vector>

#include "dispatch/forecast.hpp"
#include "dispatch/now.hpp"
#include "dispatch/plan.hpp"

namespace hs::dispatch {

struct RollingOptions {
  std::chrono::minutes horizon{24 * 60};
  PlanOptions plan;  // solver settings (start conditions are filled in from the state)
};

struct RollingDecision {
  NowState state;                       // after the decision; state.current are the setpoints
  std::vector<Interval> horizon;        // intervals planned over (current, then forecast)
  Plan plan;                            // the plan over them; interval 0 is committed
  std::optional<UtcTime> newest_vintage;  // publication time of the newest forecast used
};

// Decides the interval starting at view.as_of() from the state before it. The view is all it
// knows of prices.
RollingDecision rolling_step(const Site& site, const ForecastView& view, const NowState& st, const RollingOptions& opt);

// Setpoints as one plan interval, for figures: mining units in their mode, AI IT MW.
void setpoints_into(const Site& site, const std::vector<Setpoint>& sp, Plan& p, std::size_t t);

struct ReplayOptions {
  RollingOptions rolling;
  NowOptions myopic;
};

struct ReplayResult {
  Plan rolling, myopic, perfect;  // each over the actual intervals
  PlanTotals rolling_totals, myopic_totals, perfect_totals;
  std::vector<std::size_t> horizon_intervals;            // per decision
  std::vector<std::optional<UtcTime>> newest_vintage;    // per decision
};

// Walks the book's actual intervals in order; each rolling decision sees only the view at its
// interval's start. Compared with perfect foresight (one plan over every actual price) and
// with the myopic rule of allocate now (break-even with hysteresis, strike rules).
ReplayResult replay(const Site& site, const PriceBook& book, const ReplayOptions& opt);

}  // namespace hs::dispatch
