#include "dispatch/plan_rows.hpp"

#include <cmath>

namespace hs::dispatch {

namespace {
Cell fixed_or_empty(const std::optional<double>& v, int decimals) {
  if (!v) return std::monostate{};
  return Fixed{*v, decimals};
}
}  // namespace

std::vector<Cell> dispatch_cells(const Interval& iv, const IntervalFigures& f) {
  return {iv.start,
          std::int64_t{iv.minutes},
          iv.price_per_mwh,
          Fixed{f.mining_mw, 4},
          Fixed{f.ai_mw, 4},
          Fixed{f.reserve_mw, 4},
          Fixed{f.idle_mw, 4},
          Fixed{f.mining_revenue, 2},
          Fixed{f.ai_revenue, 2},
          Fixed{f.reserve_revenue, 2},
          Fixed{f.energy_cost, 2},
          Fixed{f.margin(), 2}};
}

std::vector<Cell> AsAwardRow::cells() const {
  return {start, class_name, product, Fixed{mw, 4}, price_per_mw, Fixed{revenue_usd, 2}};
}

std::vector<AsAwardRow> as_award_rows(const Site& site, const std::vector<Interval>& iv, const Plan& p, std::size_t t) {
  std::vector<AsAwardRow> rows;
  for (std::size_t k = 0; k < p.as_mw.size(); ++k)
    for (std::size_t j = 0; j < p.as_mw[k].size(); ++j) {
      const double mw = p.as_mw[k][j][t];
      if (mw <= 1e-9) continue;
      const auto& product = site.grid.as_products[site.mining[k].as_products[j]];
      const double price = product.at(iv[t].start);
      rows.push_back({iv[t].start, site.mining[k].name, product.name, mw, price, mw * price * iv[t].hours()});
    }
  return rows;
}

std::vector<Cell> dr_journal_cells(const Site& site, const std::vector<Interval>& iv, const DrJournalRow& r) {
  const auto& e = site.dr_events[r.event];
  auto mw = [](double v) { return std::isnan(v) ? Cell{} : Cell{Fixed{v, 4}}; };
  return {e.program,
          e.start,
          e.end,
          iv[r.t].start,
          std::int64_t{iv[r.t].minutes},
          mw(r.baseline_mw),
          mw(r.committed_mw),
          Fixed{r.delivered_mw, 4},
          mw(r.baseline_mw - r.delivered_mw),
          Fixed{r.shortfall_mw, 4},
          Fixed{r.penalty_usd, 2}};
}

std::vector<Cell> ClassDispatchRow::cells() const {
  return {start, name, kind, mode.empty() ? Cell{} : Cell{mode}, fixed_or_empty(units_on, 3), Fixed{power_mw, 4},
          Fixed{revenue_usd, 2}};
}

std::vector<ClassDispatchRow> class_dispatch_rows(const Site& site, const std::vector<Interval>& iv, const Plan& p,
                                                  std::size_t t) {
  std::vector<ClassDispatchRow> rows;
  const double h = iv[t].hours();
  for (std::size_t k = 0; k < site.mining.size(); ++k) {
    const std::size_t nm = site.mining[k].modes.size();
    double rev = 0;
    for (std::size_t m = 0; m < nm; ++m) rev += p.units[k][t * nm + m] * site.usd_per_unit_hour(k, m, iv[t].start) * h;
    rows.push_back({iv[t].start, site.mining[k].name, "mining", class_mode(site, p, k, t), class_units(site, p, k, t),
                    class_power_mw(site, p, k, t), rev});
  }
  for (std::size_t j = 0; j < site.ai.size(); ++j) {
    const auto& b = site.ai[j];
    const double s = p.ai_it_mw[j][t], draw = b.draw_it_mw(iv[t].start);
    // A capped block's figure is net of what its caps cost.
    const double capped = ai_capped_mw(b, draw, s);
    const double rev = ai_revenue_usd(b, draw, s, h) - capped * h * b.flex.cost_usd_per_mwh;
    const char* mode = capped > 1e-6 ? "capped" : s > 1e-6 ? "on" : "off";
    rows.push_back({iv[t].start, b.name, "ai", mode, std::nullopt, s * b.pue, rev});
  }
  for (std::size_t b = 0; b < site.storage.size(); ++b) {
    const double net = p.charge_mw[b][t] - p.discharge_mw[b][t];
    const double value = -net * (iv[t].price_per_mwh + site.grid.adder_usd_per_mwh) * h -
                         p.discharge_mw[b][t] * h * site.storage[b].degradation_usd_per_mwh;
    const char* mode = std::abs(net) <= 1e-6 ? "idle" : net > 0 ? "charge" : "discharge";
    rows.push_back({iv[t].start, site.storage[b].name, "storage", mode, std::nullopt, net, value});
  }
  return rows;
}

std::vector<Cell> PlanSummaryRow::cells() const {
  return {scope,
          kind,
          Fixed{hours, 4},
          Fixed{energy_mwh, 4},
          Fixed{revenue_usd, 2},
          Fixed{energy_cost_usd, 2},
          fixed_or_empty(demand_charge_usd, 2),
          Fixed{margin_usd, 2},
          Fixed{uptime_fraction, 6},
          Fixed{hours_curtailed, 4},
          fixed_or_empty(break_even_price_per_mwh, 2),
          fixed_or_empty(always_on_margin_usd, 2),
          fixed_or_empty(uplift_usd, 2),
          solver ? Cell{*solver} : Cell{},
          fixed_or_empty(peak_charge_usd, 2)};
}

std::vector<PlanSummaryRow> plan_summary_rows(const Site& site, const Plan& p, const PlanTotals& tot,
                                              const PlanTotals& base) {
  std::vector<PlanSummaryRow> rows;
  PlanSummaryRow s;
  s.scope = s.kind = "site";
  s.hours = tot.hours;
  s.energy_mwh = tot.mining_mwh + tot.ai_mwh + site.aux_mw * tot.hours;
  s.revenue_usd = tot.mining_revenue + tot.ai_revenue + tot.reserve_revenue;
  s.energy_cost_usd = tot.energy_cost;
  s.demand_charge_usd = tot.demand_charge;
  s.margin_usd = tot.margin();
  s.uptime_fraction = tot.mining_uptime;
  s.hours_curtailed = tot.hours_curtailed;
  s.always_on_margin_usd = base.margin();
  s.uplift_usd = tot.margin() - base.margin();
  s.solver = p.solver;
  s.peak_charge_usd = tot.peak_charge;
  rows.push_back(s);
  const std::size_t nm = site.mining.size();
  for (std::size_t k = 0; k < nm + site.ai.size(); ++k) {
    const auto& c = tot.classes[k];
    const bool mining = k < nm;
    const double full_mw = mining ? site.mining[k].nominal_mw() : site.ai[k - nm].facility_mw();
    PlanSummaryRow r;
    r.scope = mining ? site.mining[k].name : site.ai[k - nm].name;
    r.kind = mining ? "mining" : "ai";
    r.hours = tot.hours;
    r.energy_mwh = c.energy_mwh;
    r.revenue_usd = c.revenue;
    r.energy_cost_usd = c.energy_cost;
    r.margin_usd = c.revenue - c.energy_cost;
    r.uptime_fraction = full_mw > 0 && tot.hours > 0 ? c.energy_mwh / (full_mw * tot.hours) : 0.0;
    r.hours_curtailed = c.hours_curtailed;
    if (mining) r.break_even_price_per_mwh = site.break_even_per_mwh(k);
    rows.push_back(r);
  }
  return rows;
}

}  // namespace hs::dispatch
