#include "finance/record_cells.hpp"

#include <cstdint>

namespace hs::finance {
namespace {

Cell money(double v) { return Fixed{v, 2}; }
Cell fixed(const std::optional<double>& v, int decimals) {
  if (!v) return std::monostate{};
  return Fixed{*v, decimals};
}

}  // namespace

std::vector<Cell> summary_cells(const Summary& s) {
  return {s.scenario,
          money(s.npv),
          fixed(s.irr.rate, 6),
          fixed(s.payback_years, 3),
          fixed(s.discounted_payback_years, 3),
          money(s.peak_funding),
          fixed(s.moic, 4),
          fixed(s.revenue_per_mw, 2),
          fixed(s.mirr, 6),
          fixed(s.npv_vs_baseline, 2),
          money(s.first_year_margin)};
}

std::vector<Cell> cash_flow_cells(const std::string& scenario, const Period& p) {
  return {scenario,     p.start,      p.end,          money(p.revenue),    money(p.power),     money(p.opex),
          money(p.capex), money(p.tax), money(p.net), money(p.cumulative), money(p.discounted)};
}

std::vector<Cell> sweep_cells(const Summary& s, const SweepPoint& at) {
  return {s.scenario,
          at.key,
          at.value,
          at.key2 ? Cell{*at.key2} : Cell{},
          at.value2 ? Cell{*at.value2} : Cell{},
          money(s.npv),
          fixed(s.irr.rate, 6),
          fixed(s.payback_years, 3),
          money(s.peak_funding)};
}

std::vector<Cell> flex_cells(const FlexFigures& f) {
  return {f.scenario,
          Fixed{f.max_capped_mwh_per_year, 4},
          Fixed{f.capped_mwh_per_year, 4},
          Fixed{f.capped_mwh, 4},
          money(f.discount),
          money(f.payments),
          money(f.value),
          money(f.npv),
          money(f.npv_without),
          fixed(f.break_even_discount, 4),
          fixed(f.break_even_value, 2)};
}

std::vector<Cell> monte_carlo_cells(const std::string& name, const MonteCarloResult& r) {
  return {name + "/mining",
          static_cast<std::int64_t>(r.paths),
          static_cast<std::int64_t>(r.seed),
          money(r.p10),
          money(r.p50),
          money(r.p90),
          money(r.mean),
          money(r.lease_npv),
          Fixed{r.p_mining_beats_lease, 4}};
}

}  // namespace hs::finance
