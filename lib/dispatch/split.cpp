#include "dispatch/split.hpp"

#include <algorithm>
#include <cmath>
#include <map>

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

Annualize parse_annualize(const std::string& text) {
  if (text == "seasons") return Annualize::seasons;
  if (text == "hours") return Annualize::hours;
  if (text == "by-month") return Annualize::by_month;
  throw Error(exit_code::usage, "--annualize: expected seasons, hours or by-month, got \"" + text + "\"");
}

std::vector<MonthCover> month_cover(const Site& site, const std::vector<Interval>& iv) {
  std::map<int, MonthCover> by;
  for (const auto& i : iv) {
    const int m = billing_month(site, i.start);
    auto [it, fresh] = by.try_emplace(m);
    if (fresh) {
      it->second.month = m;
      it->second.month_hours =
          static_cast<double>((billing_month_start(site, m + 1) - billing_month_start(site, m)).count()) / 3600.0;
    }
    it->second.covered_hours += i.hours();
  }
  std::vector<MonthCover> out;
  for (auto& [m, c] : by) out.push_back(c);
  return out;
}

std::string seasons_missing(const std::vector<MonthCover>& months) {
  static const char* const names[] = {"winter (Dec-Feb)", "spring (Mar-May)", "summer (Jun-Aug)", "autumn (Sep-Nov)"};
  bool have[4] = {false, false, false, false};
  std::string whole, partial;
  for (const auto& m : months) {
    const int in_year = m.month % 12;  // 0 = January
    const std::string ym = std::to_string(m.month / 12) + "-" + (in_year < 9 ? "0" : "") + std::to_string(in_year + 1);
    if (m.whole()) {
      have[(in_year + 1) % 12 / 3] = true;
      whole += (whole.empty() ? "" : ", ") + ym;
    } else {
      partial += (partial.empty() ? "" : ", ") + ym;
    }
  }
  std::string missing;
  for (int s = 0; s < 4; ++s)
    if (!have[s]) missing += std::string(missing.empty() ? "" : ", ") + names[s];
  if (missing.empty()) return "";
  return "no whole month of " + missing + " (whole months: " + (whole.empty() ? "none" : whole) +
         (partial.empty() ? "" : "; partly covered: " + partial) + ")";
}

std::vector<SplitRow> run_split(const Site& site, const std::vector<Interval>& iv, const std::vector<double>& ai_mw,
                                const PlanOptions& opt, Annualize annualize) {
  const auto months = month_cover(site, iv);
  if (annualize == Annualize::seasons) {
    if (const std::string why = seasons_missing(months); !why.empty())
      throw Error(exit_code::data, "the price history is not a year to annualize: " + why +
                                       "; give a year of prices, or say how with --annualize by-month (each month "
                                       "present stands for its own length, the months for twelve) or hours");
  }
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
    if (annualize != Annualize::by_month) {
      r.annual_margin = tot.hours > 0 ? tot.margin() * 8760.0 / tot.hours : 0;
    } else {
      // Interval margins by month, each month scaled to its whole length, the months present to
      // twelve; what is not an interval's (demand and peak charges) by twelve over the months.
      std::vector<double> by_month(months.size(), 0.0);
      double in_intervals = 0;
      for (std::size_t t = 0; t < iv.size(); ++t) {
        const double m = interval_figures(s, iv, p, t).margin();
        in_intervals += m;
        const int mo = billing_month(s, iv[t].start);
        for (std::size_t k = 0; k < months.size(); ++k)
          if (months[k].month == mo) by_month[k] += m;
      }
      double year = 0;
      for (std::size_t k = 0; k < months.size(); ++k) year += by_month[k] * months[k].month_hours / months[k].covered_hours;
      const double n = static_cast<double>(months.size());
      r.annual_margin = n > 0 ? (year + (tot.margin() - in_intervals)) * 12.0 / n : 0;
    }
    rows.push_back(r);
  }
  return rows;
}

}  // namespace hs::dispatch
