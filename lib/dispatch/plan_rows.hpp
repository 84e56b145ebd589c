#pragma once
// allocate plan's records, built from a solved plan: dispatch (the site in each interval),
// class_dispatch (each class and interval), as_award (each ancillary-service award),
// dr_journal (each interval of a demand-response event) and plan_summary (the site and each
// class over the plan). Typed rows with one cells() each, so
// the driver only writes them and the figures are tested here.
#include <optional>
#include <string>
#include <vector>

#include "core/record.hpp"
#include "dispatch/plan.hpp"

namespace hs::dispatch {

// dispatch: the site in one interval, its figures from interval_figures (MW to 4 decimals,
// dollars to the cent; the price as read).
std::vector<Cell> dispatch_cells(const Interval& iv, const IntervalFigures& f);

struct AsAwardRow {
  UtcTime start{};
  std::string class_name, product;
  double mw = 0, price_per_mw = 0, revenue_usd = 0;
  std::vector<Cell> cells() const;
};

// Every ancillary-service award of interval t (above 1e-9 MW), per mining class and product:
// the capacity payment is MW x clearing price x the interval's hours.
std::vector<AsAwardRow> as_award_rows(const Site& site, const std::vector<Interval>& iv, const Plan& p, std::size_t t);

// dr_journal: one interval of a demand-response event (dr_journal); reduction_mw is the
// baseline less what was delivered. A baseline not known yet (NaN) is an empty cell.
std::vector<Cell> dr_journal_cells(const Site& site, const std::vector<Interval>& iv, const DrJournalRow& r);

struct ClassDispatchRow {
  UtcTime start{};
  std::string name;
  std::string kind;  // mining, ai or storage
  std::string mode;
  std::optional<double> units_on;  // mining classes only
  double power_mw = 0;             // facility MW; storage: net charging, negative discharging
  double revenue_usd = 0;
  std::vector<Cell> cells() const;
};

// Every class of the site in interval t: mining classes (revenue: units x the mode's $/unit-h),
// AI blocks (rent + revenue per MWh served - penalty per MWh not served), batteries (what
// discharging saved less what charging cost, wear deducted).
std::vector<ClassDispatchRow> class_dispatch_rows(const Site& site, const std::vector<Interval>& iv, const Plan& p,
                                                  std::size_t t);

struct PlanSummaryRow {
  std::string scope, kind;  // "site"/"site", or a class name and mining/ai
  double hours = 0, energy_mwh = 0, revenue_usd = 0, energy_cost_usd = 0;
  std::optional<double> demand_charge_usd;
  double margin_usd = 0, uptime_fraction = 0, hours_curtailed = 0;
  std::optional<double> break_even_price_per_mwh, always_on_margin_usd, uplift_usd;
  std::optional<std::string> solver;
  std::optional<double> peak_charge_usd;
  std::vector<Cell> cells() const;
};

// The site row (totals of the plan against the always-on plan `base`), then one row per mining
// class and AI block: energy, revenue, cost, margin, uptime (energy over full power for the
// plan's hours) and, for mining, the site's break-even price (allocate passes the site at the
// plan's mean hashprice when it has a hashprice series).
std::vector<PlanSummaryRow> plan_summary_rows(const Site& site, const Plan& p, const PlanTotals& tot,
                                              const PlanTotals& base);

}  // namespace hs::dispatch
