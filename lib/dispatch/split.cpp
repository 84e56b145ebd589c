#include "dispatch/split.hpp"

#include <cmath>

#include "core/error.hpp"
#include "core/parse.hpp"

namespace hs::dispatch {

std::vector<Cell> SplitRow::cells() const {
  return {ai_mw, Fixed{mining_mw, 4}, Fixed{hours, 4}, Fixed{ai_margin, 2}, Fixed{mining_margin, 2},
          Fixed{annual_margin, 2}};
}

Site site_for_split(const Site& site, double ai_it_mw) {
  if (site.ai.empty()) throw Error(exit_code::data, "allocate split needs one [[ai]] block in the site to size");
  Site s = site;
  s.ai.resize(1);
  s.ai[0].it_mw = ai_it_mw;
  const double room = s.usable_mw() - s.ai[0].facility_mw();
  if (room < -1e-9) {
    throw Error(exit_code::data, "AI block '" + s.ai[0].name + "' needs " + format_double(s.ai[0].facility_mw()) +
                                     " MW but the interconnect allows " + format_double(s.usable_mw()));
  }
  double mining = 0;
  for (const auto& c : s.mining) mining += c.nominal_mw();
  const double scale = mining > 0 ? room / mining : 0;
  for (auto& c : s.mining) {
    const double old_units = static_cast<double>(c.units);
    c.units = static_cast<std::int64_t>(std::floor(old_units * scale + 1e-9));
    c.aux_mw = old_units > 0 ? c.aux_mw * static_cast<double>(c.units) / old_units : 0;
  }
  return s;
}

std::vector<SplitRow> run_split(const Site& site, const std::vector<Interval>& iv, const std::vector<double>& ai_mw,
                                const PlanOptions& opt) {
  std::vector<SplitRow> rows;
  for (double a : ai_mw) {
    const Site s = site_for_split(site, a);
    const Plan p = solve_plan(s, iv, opt);
    const PlanTotals tot = plan_totals(s, iv, p);
    SplitRow r;
    r.ai_mw = a;
    for (const auto& c : s.mining) r.mining_mw += c.nominal_mw();
    r.hours = tot.hours;
    for (std::size_t k = 0; k < s.mining.size(); ++k) r.mining_margin += tot.classes[k].revenue - tot.classes[k].energy_cost;
    const auto& ai = tot.classes[s.mining.size()];
    r.ai_margin = ai.revenue - ai.energy_cost;
    r.annual_margin = tot.hours > 0 ? tot.margin() * 8760.0 / tot.hours : 0;
    rows.push_back(r);
  }
  return rows;
}

}  // namespace hs::dispatch
