#pragma once
// allocate replay's records, built from a ReplayResult: replay_decision (each interval: the
// rolling decision next to the myopic rule and perfect foresight) and replay_summary (each
// strategy over the replay). Typed rows with one cells() each, tested by field name in
// tests/unit/dispatch/replay_rows_test.cpp; the driver only writes them.
#include <optional>
#include <string>
#include <vector>

#include "core/record.hpp"
#include "dispatch/rolling.hpp"

namespace hs::dispatch {

struct ReplayDecisionRow {
  UtcTime start{};
  int minutes = 0;
  double price_per_mwh = 0;
  std::size_t horizon_intervals = 0;
  std::optional<UtcTime> forecast_published_at;
  double mining_mw = 0, ai_mw = 0, margin_usd = 0;  // the rolling decision
  double myopic_mining_mw = 0, myopic_margin_usd = 0;
  double perfect_mining_mw = 0, perfect_margin_usd = 0;
  double ai_capped_mw = 0;  // the rolling decision: IT MW capped under flexibility clauses
  std::vector<Cell> cells() const;
};

// Interval t of the replay over the actual intervals `iv`.
ReplayDecisionRow replay_decision_row(const Site& site, const std::vector<Interval>& iv, const ReplayResult& r,
                                      std::size_t t);

struct ReplaySummaryRow {
  std::string strategy;  // rolling, myopic or perfect
  double hours = 0, energy_mwh = 0, revenue_usd = 0, energy_cost_usd = 0, demand_charge_usd = 0,
         peak_charge_usd = 0, margin_usd = 0;
  std::optional<double> share_of_perfect;  // none unless the perfect margin is positive
  double hours_curtailed = 0;
  // AI flexibility clauses (absent without one): IT MWh capped, hours with a cap, events
  // begun (a capped interval after an uncapped one, per block), and what the caps cost.
  std::optional<double> capped_mwh, hours_capped, cap_cost_usd;
  std::optional<long> cap_events;
  std::vector<Cell> cells() const;
};

// rolling, myopic, perfect: energy includes the site's auxiliary load; revenue is mining, AI
// and reserve; margin is after demand and peak charges.
std::vector<ReplaySummaryRow> replay_summary_rows(const Site& site, const std::vector<Interval>& iv,
                                                  const ReplayResult& r);

}  // namespace hs::dispatch
