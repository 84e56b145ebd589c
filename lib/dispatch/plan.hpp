#pragma once
// A plan: what every mining class (units per power mode) and AI block (IT MW served) does in
// every interval, how much interruptible load is held as reserve, and what that earns.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dispatch/prices.hpp"
#include "dispatch/site.hpp"

namespace hs::dispatch {

// A mining class's state before the first planned interval.
struct ClassStart {
  bool on = true;
  std::optional<double> power_mw;  // power in force before (ramp limits apply from it)
  int held_minutes = 1 << 30;      // minutes in its current on/off state (minimum times)
  bool held_off = false;           // kept off in the first interval (a strike rule curtails it)
};

// What a firm block's flexibility clause (AiFlex) has used before a rolling decision's first
// interval: capped hours in the local day `day`, events begun in billing month `month`, and
// whether the interval before was capped (an event in progress continues without new notice),
// and an event announced for a later start.
struct FlexUsed {
  int day = 0;
  double hours = 0;
  int month = 0;
  int events = 0;
  bool capped = false;
  // A cap event an earlier rolling decision announced (the notice given then): it may begin at
  // this start although the decision that begins it comes later than the notice allows.
  std::optional<UtcTime> announced;
};

struct PlanOptions {
  bool integer_units = false;  // whole units (CBC); otherwise the LP relaxation (fractional units)
  bool force_lp = false;       // use the LP even where the direct per-interval solution applies
  std::string write_lp;        // write the model here (.mps: MPS, otherwise CPLEX LP format)
  double mip_gap = 1e-4;       // relative gap at which CBC stops
  // LP algorithm: "auto" (barrier for large models, dual simplex for small), "dual" (dual
  // simplex), "barrier" (interior point, no crossover; dual simplex if it does not reach an
  // optimum), "crossover" (barrier, then crossover to an optimal basis).
  std::string lp_method = "auto";
  // State before the first interval, for min on/off times: classes on (true) or off.
  bool initially_on = true;
  // Rolling decisions (allocate now --horizon, replay): what happened before the first
  // interval. All empty or zero for a plan of a whole history.
  std::vector<ClassStart> start;           // per mining class (empty: initially_on, no ramp from before)
  double month_peak_so_far_mw = 0;         // facility peak already set in the first interval's billing month
  std::map<std::string, double> window_peak_so_far_mw;  // peak windows: draw already set in each, by name
  // Peak windows are charged peak_usd_per_mw / (number of windows): by default the windows in
  // the planned intervals; a rolling window sees a few of them, so it divides by all the site's.
  bool peak_over_all_windows = false;
  // Demand charge weight per billing month (absent: 1). A peak set in a rolling window stays
  // for the rest of the month, whose revenue the window does not see: the window is charged the
  // share of the month's remaining hours it covers.
  std::map<int, double> demand_charge_scale;
  // Storage state of charge before the first interval, by name (absent: initial_soc_mwh).
  std::map<std::string, double> soc_mwh;
  // Demand response: baseline per site event (NaN or absent: from a first solve without the
  // events, its mean draw before each); ignore_dr: plan as if there were none.
  std::vector<double> dr_baseline_mw;
  bool ignore_dr = false;
  // AI flexibility: the clauses' use before the first interval, by block name; and, set by
  // solve_lp after a first solve without caps, the intervals where a block may be capped
  // ([j][t]: every mining class was off there, and stays off).
  std::map<std::string, FlexUsed> flex_used;
  std::vector<std::vector<char>> ai_cap_allowed;
};

struct Plan {
  std::string solver;                          // "direct", "clp" or "cbc"
  std::size_t n = 0;                           // intervals
  std::vector<std::vector<double>> units;      // [class*?] flattened below
  // units[k][t * modes_k + m]: units of class k running in mode m in interval t
  std::vector<std::vector<double>> ai_it_mw;   // [j][t]
  std::vector<double> reserve_mw;              // [t]
  // Ancillary services sold: as_mw[k][j][t], MW of class k's j-th product (as_products) in t.
  std::vector<std::vector<std::vector<double>>> as_mw;
  // Storage: charge_mw[b][t], discharge_mw[b][t] (grid side), soc_mwh[b][t] at the end of t.
  std::vector<std::vector<double>> charge_mw, discharge_mw, soc_mwh;
  // Demand response: the baseline of each site event (NaN: none known), and per interval the
  // most the site may draw (NaN: no event) and the penalty per MWh above it.
  std::vector<double> dr_baseline_mw, dr_cap_mw, dr_penalty_usd_per_mwh;
  double objective_usd = 0;                    // what the solver maximised, constants added
};

// Figures of one interval, and of the whole plan, computed from a plan by one code path.
struct IntervalFigures {
  // reserve_mw and reserve_revenue include the ancillary services sold (as_mw, as_revenue).
  // storage_mw: net charging (negative discharging), in energy_cost; degradation deducted.
  double mining_mw = 0, ai_mw = 0, reserve_mw = 0, idle_mw = 0, as_mw = 0, as_revenue = 0, storage_mw = 0;
  double mining_revenue = 0, ai_revenue = 0, reserve_revenue = 0, energy_cost = 0, degradation = 0;
  double dr_penalty = 0;  // demand response: MWh above the committed level times the penalty
  double ai_cap_mw = 0, ai_cap_cost = 0;  // AI flexibility: IT MW capped, what the caps cost
  double margin() const {
    return mining_revenue + ai_revenue + reserve_revenue - energy_cost - degradation - dr_penalty - ai_cap_cost;
  }
};

struct ClassTotals {
  double energy_mwh = 0, revenue = 0, energy_cost = 0, hours_on = 0, hours_curtailed = 0;
  double capped_mwh = 0, cap_cost = 0, hours_capped = 0;  // AI blocks with a flexibility clause
};

struct PlanTotals {
  double hours = 0, mining_mwh = 0, ai_mwh = 0;
  double mining_revenue = 0, ai_revenue = 0, reserve_revenue = 0, energy_cost = 0, demand_charge = 0;
  double degradation = 0;      // storage wear, per MWh discharged
  double dr_penalty = 0;       // demand-response shortfalls
  double peak_charge = 0;      // peak windows (4CP): peak_usd_per_mw x mean over windows of the window's peak
  double ai_cap_cost = 0;      // AI flexibility: capped IT MWh times each block's flex cost
  double hours_curtailed = 0;  // hours in which some mining capacity was held off
  double mining_uptime = 0;    // mining MWh / (nominal mining MW x hours)
  std::vector<ClassTotals> classes;  // mining classes, then AI blocks
  double margin() const {
    return mining_revenue + ai_revenue + reserve_revenue - energy_cost - demand_charge - peak_charge - degradation -
           dr_penalty - ai_cap_cost;
  }
};

// True when no constraint couples intervals, so each interval can be solved on its own.
bool is_uncoupled(const Site& site, const PlanOptions& opt);

// Site-level checks before solving, in site terms ("AI block 'hall-a' needs 42 MW but the
// interconnect allows 40"). Error 65.
void check_feasible(const Site& site);
// "" when every mining class and AI block fit the interconnect together; else a warning in site
// terms: the nominal load, the interconnect (less overhead) and how much mining can ever run.
// A site drawn so is curtailed in every interval, whatever the prices.
std::string oversubscription(const Site& site);

Plan solve_direct(const Site& site, const std::vector<Interval>& iv);
Plan solve_lp(const Site& site, const std::vector<Interval>& iv, const PlanOptions& opt);
// Direct where possible (and no model file is asked for), otherwise LP / MIP.
Plan solve_plan(const Site& site, const std::vector<Interval>& iv, const PlanOptions& opt);
// Every miner in nominal mode all the time (scaled down pro rata if over the interconnect),
// firm and interruptible AI fully served at what they draw (measured, else contracted, with
// the margin held above a measured draw): the baseline for the uplift.
Plan always_on_plan(const Site& site, const std::vector<Interval>& iv);

IntervalFigures interval_figures(const Site& site, const std::vector<Interval>& iv, const Plan& p, std::size_t t);
double class_power_mw(const Site& site, const Plan& p, std::size_t k, std::size_t t);
double class_units(const Site& site, const Plan& p, std::size_t k, std::size_t t);
// Name of the mode mostly used by class k in interval t ("off" when none).
std::string class_mode(const Site& site, const Plan& p, std::size_t k, std::size_t t);
// Class k's (mining classes, then AI blocks) figures in interval t: energy drawn, revenue, the
// energy cost the site pays (none for a block whose tenant pays), hours on and curtailed.
ClassTotals class_interval(const Site& site, const std::vector<Interval>& iv, const Plan& p, std::size_t k,
                           std::size_t t);
PlanTotals plan_totals(const Site& site, const std::vector<Interval>& iv, const Plan& p);

// The planned intervals of each peak window that has any (an interval is flagged when a
// flagged instant falls in [start, start + minutes)); windows with none are left out.
std::vector<std::vector<std::size_t>> peak_window_intervals(const Site& site, const std::vector<Interval>& iv);
// The same with the index of each window in site.grid.peak_window_names.
std::vector<std::pair<std::size_t, std::vector<std::size_t>>> peak_windows_indexed(const Site& site,
                                                                                    const std::vector<Interval>& iv);

// Site draw in interval t (load, overhead, battery charging less discharging), MW.
double site_draw_mw(const Site& site, const std::vector<Interval>& iv, const Plan& p, std::size_t t);
// Baseline of each DR event: the mean draw over the baseline minutes before its start, from
// `before` (earlier committed draws, start and MW) and the plan's own intervals; NaN where none.
std::vector<double> dr_baselines(const Site& site, const std::vector<Interval>& iv, const Plan& p,
                                 const std::vector<std::pair<UtcTime, double>>& before = {});
// The plan's per-interval DR caps and penalties from the baselines (sets p.dr_*).
void set_dr_caps(const Site& site, const std::vector<Interval>& iv, Plan& p, const std::vector<double>& baselines);
// Most the site may draw under event e with its baseline (NaN baseline for reduce_by: NaN).
double dr_cap(const DrEvent& e, double baseline);

// One interval of a DR event, for settlement (dr_journal records).
struct DrJournalRow {
  std::size_t event = 0, t = 0;
  double baseline_mw = 0, committed_mw = 0, delivered_mw = 0, shortfall_mw = 0, penalty_usd = 0;
};
std::vector<DrJournalRow> dr_journal(const Site& site, const std::vector<Interval>& iv, const Plan& p);

// AI block b in an interval of h hours in which it would draw `draw` IT MW and serves s: the IT
// MW capped under its flexibility clause (a firm block serves less only when capped), and its
// revenue: the lease, the compute served, and the penalty on what was neither served nor capped.
double ai_capped_mw(const AiBlock& b, double draw, double s);
double ai_revenue_usd(const AiBlock& b, double draw, double s, double h);

// Local day index (days since 1970-01-01 in the site's zone) of an instant: a flexibility
// clause's hours per day count in it.
int local_day(const Site& site, UtcTime t);

// Month index (year*12+month) of an instant, in the site's zone, for demand charges.
int billing_month(const Site& site, UtcTime t);
// The instant billing month `month` (as billing_month gives it) begins.
UtcTime billing_month_start(const Site& site, int month);

}  // namespace hs::dispatch
