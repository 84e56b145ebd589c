#pragma once
// The site a plan is made for: interconnect, mining classes, AI/HPC blocks, mining economics
// and grid terms, read from a TOML file (see allocate(1) for the format). Units are in the key
// names; an unknown key is an error that suggests the nearest known key.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace hs::dispatch {

// A value that changes at given instants, joined to intervals step-wise: the latest row at or
// before an interval's start applies. An interval before the first row is an error naming it.
struct StepSeries {
  std::string source;            // file name, for messages
  std::vector<UtcTime> from;     // ascending, no duplicates
  std::vector<double> value;
  bool empty() const { return from.empty(); }
  double at(UtcTime t) const;
};

// An ancillary-service product (ERCOT REGUP, REGDN, RRS, ECRS, NSPIN) with its clearing prices
// from the site's as_prices_file. A load sells "up" by being ready to drop load it runs, "down"
// (REGDN) by being ready to take more: headroom held back from energy use.
struct AsProduct {
  std::string name;
  bool down = false;                // REGDN
  std::vector<UtcTime> start;       // price intervals, ascending
  std::vector<int> minutes;
  std::vector<double> usd_per_mw_hour;
  std::string source;
  // Price of the interval containing t; an instant no row covers is an error naming it.
  double at(UtcTime t) const;
};

struct PowerMode {
  std::string name;
  double ths_per_unit = 0;
  double watts_per_unit = 0;
};

// A fleet manager's strike rule (as Foreman, OptiFleet and LuxOS ship them): curtail after
// `after` consecutive intervals with the node price above the strike, resume after
// `resume_after` consecutive intervals at or below it; above the emergency strike, curtail at
// once. A class with a rule follows it instead of its break-even.
struct StrikeRule {
  std::optional<double> strike_usd_per_mwh;
  int after = 1;
  int resume_after = 1;
  std::optional<double> emergency_usd_per_mwh;
};

struct MiningClass {
  std::string name;
  std::string model;
  std::int64_t units = 0;
  std::vector<PowerMode> modes;  // modes[0] is the nominal profile ("full")
  double pue = 1.0;              // facility watts per IT watt (cooling, fans)
  double aux_mw = 0;             // extra facility MW with every unit on, pro rata
  double ramp_mw_per_minute = 0; // 0: no ramp limit
  int min_on_minutes = 0;
  int min_off_minutes = 0;
  std::optional<StrikeRule> strike;
  bool controllable_load_resource = false;  // ERCOT CLR: may offer regulation
  std::vector<std::size_t> as_products;     // indices into Grid::as_products it may sell
  std::string failsafe;  // what allocate now does without a fresh price: off, on, hold or a mode name

  // Facility MW of one unit in mode m.
  double mw_per_unit(std::size_t m) const;
  double nominal_mw() const { return mw_per_unit(0) * static_cast<double>(units); }
};

// A firm block's flexibility clause: the site may cap the hall's GPUs (power limits, the jobs
// keep running) by up to max_cap_pct of what it draws, for at most hours_per_day capped hours
// per local day and events_per_month separate events per billing month, each announced
// notice_minutes ahead, at cost_usd_per_mwh per capped IT MWh (the tenant's payment or lost
// revenue). A plan caps only where every mining class is off (mining is curtailed first) and
// the cap is worth its cost.
struct AiFlex {
  double max_cap_pct = 0;           // 0: no clause
  double hours_per_day = 24;
  int events_per_month = 1 << 20;   // absent: no limit
  int notice_minutes = 0;
  double cost_usd_per_mwh = 0;
  bool any() const { return max_cap_pct > 0; }
  double max_cap() const { return max_cap_pct / 100.0; }
};

struct AiBlock {
  std::string name;
  double it_mw = 0;
  double pue = 1.0;
  bool firm = true;
  double revenue_usd_per_mwh = 0;       // per IT MWh served ($/MWh, or $/GPU-hour x GPUs per MW)
  double lease_usd_per_kw_month = 0;    // paid whatever is served
  double penalty_usd_per_mwh = 0;       // per IT MWh not served
  double uptime = 0;                    // committed fraction of IT MWh over the horizon (0: none)
  // power_payer = "tenant": the tenant pays the energy the block draws (pass-through), so it is
  // not the site's cost; demand, peak and DR charges, set by the whole site's draw, stay the
  // site's. leasecalc's lease.power_payer reads the same way. Only firm blocks.
  bool tenant_pays_power = false;
  std::string failsafe;  // without a fresh price: on, off or hold (firm blocks: on)
  AiFlex flex;
  // What the hall really draws (allocate --ai-draw: fleet status --ai's ai_draw records): IT MW
  // the block would draw uncapped, step-wise over time; empty: its contracted it_mw. The
  // difference is interconnect headroom mining may use, less measured_margin_mw (facility MW
  // kept free above the measured draw, for the load's steps up between two readings).
  StepSeries measured_it_mw;
  double measured_margin_mw = 0;
  // IT MW the block draws when served in an interval starting at t (measured, at most it_mw).
  double draw_it_mw(UtcTime t) const {
    if (measured_it_mw.empty() || t < measured_it_mw.from.front()) return it_mw;
    return std::clamp(measured_it_mw.at(t), 0.0, it_mw);
  }
  // Facility MW of interconnect held back above that draw (the margin, within the contract).
  double held_mw(UtcTime t) const {
    if (measured_it_mw.empty() || t < measured_it_mw.from.front()) return 0;
    return std::min(measured_margin_mw, (it_mw - draw_it_mw(t)) * pue);
  }
  const char* power_payer() const { return tenant_pays_power ? "tenant" : "landlord"; }
  // Facility MW whose energy the site pays for when the block serves s IT MW.
  double paid_mw(double s) const { return tenant_pays_power ? 0.0 : s * pue; }
  double facility_mw() const { return it_mw * pue; }
  // Lease income per hour (a month is 730 hours).
  double lease_usd_per_hour() const { return lease_usd_per_kw_month * 1000.0 * it_mw / 730.0; }
};

// A battery behind the site's meter: charged from the grid, discharged into the site's own load
// (no export). Losses split evenly: sqrt(round-trip efficiency) each way.
struct Storage {
  std::string name;
  double energy_mwh = 0;
  double power_mw = 0;                  // charge and discharge limit
  double round_trip_efficiency = 1.0;
  double degradation_usd_per_mwh = 0;   // per MWh discharged
  double initial_soc_mwh = 0;           // at the start of a plan; every plan (rolling window) ends with at least as much
  double one_way() const;               // sqrt(round_trip_efficiency)
};

// A demand-response event or award: from start to end the site draws at most reduce_to_mw, or
// reduce_by_mw below its baseline (its mean draw over the baseline minutes before the start);
// each MWh above costs the penalty. It overrides the price logic.
struct DrEvent {
  UtcTime start, end;
  std::optional<double> reduce_to_mw, reduce_by_mw;
  std::string program;
  double penalty_usd_per_mwh = 0;
};

struct Economics {
  double hashprice_usd_per_ph_day = 0;  // after the block reward inputs are applied
  double pool_fee = 0;                  // fraction, 0.02 = 2 %
  StepSeries hashprice_series;          // hashprice_file: USD/PH/day over time (replaces the constant)
  bool hashprice_missing = false;       // a hashprice file without rows (allocate now only)
  // Revenue per TH/s per hour, pool fee deducted.
  double usd_per_ths_hour() const { return hashprice_usd_per_ph_day / 1000.0 / 24.0 * (1.0 - pool_fee); }
  double hashprice_at(UtcTime t) const {
    return hashprice_series.empty() ? hashprice_usd_per_ph_day : hashprice_series.at(t);
  }
  double usd_per_ths_hour(UtcTime t) const { return hashprice_at(t) / 1000.0 / 24.0 * (1.0 - pool_fee); }
};

struct Grid {
  double adder_usd_per_mwh = 0;
  double demand_charge_usd_per_kw_month = 0;
  double reserve_usd_per_mw_hour = 0;
  double reserve_max_mw = 0;  // 0 with a reserve price: limited only by interruptible load
  StepSeries reserve_series;  // reserve_prices_file: USD per MW-hour over time (replaces the constant)
  // Peak windows (4CP or others): flagged interval starts, each in a named window; the charge is
  // peak_usd_per_mw x the mean over windows of the site's highest draw in the window's intervals.
  double peak_usd_per_mw = 0;
  std::vector<UtcTime> peak_starts;   // sorted
  std::vector<std::size_t> peak_window;  // window index of each start
  std::vector<std::string> peak_window_names;
  std::string peak_source;
  // 4CP candidates from load forecasts: an interval whose forecast system load (the newest
  // vintage known) is at or above the threshold is flagged, in the window of its local month.
  struct LoadForecast {
    UtcTime start;
    int minutes = 0;
    UtcTime published_at;
    double mw = 0;
  };
  std::vector<LoadForecast> load_forecast;      // by published_at, then start
  std::optional<double> peak_threshold_mw;
  std::vector<std::pair<UtcTime, std::string>> peak_file_flags;  // from peak_windows_file

  std::vector<AsProduct> as_products;  // from as_prices_file

  bool has_as() const { return !as_products.empty(); }
  bool has_reserve() const { return reserve_usd_per_mw_hour > 0 || !reserve_series.empty(); }
  double reserve_at(UtcTime t) const { return reserve_series.empty() ? reserve_usd_per_mw_hour : reserve_series.at(t); }
  bool has_peak_windows() const { return peak_usd_per_mw > 0 && !peak_starts.empty(); }
};

// How allocate now runs unattended ([operations]): how old the newest price may be before the
// fail-safe acts, the interval length when no price row gives one, and how long a `hold` lasts.
struct Operations {
  int max_price_age_minutes = 30;
  int max_hashprice_age_minutes = 1440;  // a hashprice series' newest row, at the clock
  int interval_minutes = 15;
  int hold_max_minutes = 60;
  int max_ai_draw_age_minutes = 15;  // allocate now: an older ai_draw reading is not used (the contract is)
};

struct Site {
  std::string name;
  Operations operations;
  std::string currency = "USD";
  std::string timezone;  // IANA zone for demand-charge months; empty: UTC
  double interconnect_mw = 0;
  double aux_mw = 0;     // site overhead drawn at all times (lighting, offices)
  std::vector<MiningClass> mining;
  std::vector<AiBlock> ai;
  std::vector<Storage> storage;
  std::vector<DrEvent> dr_events;   // by start
  int dr_baseline_minutes = 60;
  Economics economics;
  Grid grid;

  double usable_mw() const { return interconnect_mw - aux_mw; }
  // Revenue of one unit of class k in mode m per hour, USD (at the constant hashprice, or at
  // the hashprice series' value for an interval starting at t).
  double usd_per_unit_hour(std::size_t k, std::size_t m) const;
  double usd_per_unit_hour(std::size_t k, std::size_t m, UtcTime t) const;
  // Node price at which class k in mode m just breaks even (adders deducted), USD/MWh.
  double break_even_per_mwh(std::size_t k, std::size_t m) const;
  // Best break-even over the modes of class k.
  double break_even_per_mwh(std::size_t k) const;
};

// The site with its time series frozen at their values for an interval starting at t (for
// `now`, which decides one interval, and for break-evens).
Site site_at(const Site& site, UtcTime t);

// Recomputes the flagged peak intervals: those of peak_windows_file, and the starts of the
// intervals whose newest load forecast published at or before `as_of` (all: none given) is at
// or above the threshold, each in the window of its month in `zone` (YYYY-MM).
void flag_peaks(Grid& g, const std::string& zone, std::optional<UtcTime> as_of = std::nullopt);

// Reads and checks a site file; errors are Error(65) with file, line and key.
// hashprice_file: hashprice records that stand for the site's [economics] hashprice (allocate
// --hashprice); the site file then need not give one. hashprice_empty_ok (allocate now): a file
// without rows is economics.hashprice_missing, not an error.
Site load_site(const std::string& path, const std::string& hashprice_file = {}, bool hashprice_empty_ok = false);

// Reads ai_draw records (fleet status --ai) into each AI block's measured_it_mw: the block
// field names the site's block (an unknown one is Error(65)), measured_at orders each block's
// readings, uncapped_it_mw is the draw. Fewer servers reachable than listed is used as read:
// fleet counts the unreachable ones at their nameplate.
void read_ai_draw(Site& site, const std::string& path);
Site parse_site(const std::string& text, const std::string& display_name, const std::string& hashprice_file = {},
                bool hashprice_empty_ok = false);

// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(const std::string& a, const std::string& b);
// The known key nearest to `key`, or "" when none is close.
std::string nearest_key(const std::string& key, const std::vector<std::string>& known);

}  // namespace hs::dispatch
