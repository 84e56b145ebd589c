#include "dispatch/split.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/error.hpp"
#include "core/parse.hpp"

namespace hs::dispatch {

std::vector<Cell> SplitPart::cells() const {
  auto opt = [](const std::optional<double>& v, int places) -> Cell {
    if (!v) return std::monostate{};
    return Fixed{*v, places};
  };
  return {ai_mw,
          Fixed{mining_mw, 4},
          Fixed{hours, 4},
          part,
          kind,
          power_payer.empty() ? Cell{std::monostate{}} : Cell{power_payer},
          Fixed{capacity_mw, 4},
          opt(ths, 1),
          Fixed{energy_mwh, 4},
          Fixed{energy_cost, 2},
          Fixed{revenue, 2},
          Fixed{charges, 2},
          Fixed{margin(), 2},
          opt(uptime, 6),
          opt(hours_curtailed, 4),
          Fixed{annual_revenue, 2},
          Fixed{annual_energy_cost, 2},
          Fixed{annual_charges, 2},
          Fixed{annual_margin(), 2},
          opt(capped_mwh, 4),
          opt(cap_cost, 2)};
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

namespace {

// How much of a year each interval stands for (and the charges outside intervals: demand and
// peak charges), by the annualizing rule.
struct YearWeights {
  std::vector<double> interval;
  double outside = 0;
};

YearWeights year_weights(const Site& s, const std::vector<Interval>& iv, const std::vector<MonthCover>& months,
                         double hours, Annualize annualize) {
  YearWeights w;
  if (annualize != Annualize::by_month) {
    const double k = hours > 0 ? 8760.0 / hours : 0;
    w.interval.assign(iv.size(), k);
    w.outside = k;
    return w;
  }
  // Each month present scaled to its whole length, the months present to twelve; what is not
  // an interval's by twelve over the months.
  const double n = static_cast<double>(months.size());
  w.outside = n > 0 ? 12.0 / n : 0;
  for (const auto& i : iv) {
    const int mo = billing_month(s, i.start);
    double k = 0;
    for (const auto& m : months)
      if (m.month == mo) k = m.month_hours / m.covered_hours * w.outside;
    w.interval.push_back(k);
  }
  return w;
}

}  // namespace

std::vector<SplitPart> run_split(const Site& site, const std::vector<Interval>& iv, const std::vector<double>& ai_mw,
                                 const PlanOptions& opt, Annualize annualize) {
  const auto months = month_cover(site, iv);
  if (annualize == Annualize::seasons) {
    if (const std::string why = seasons_missing(months); !why.empty())
      throw Error(exit_code::data, "the price history is not a year to annualize: " + why +
                                       "; give a year of prices, or say how with --annualize by-month (each month "
                                       "present stands for its own length, the months for twelve) or hours");
  }
  std::vector<SplitPart> rows;
  for (double a : ai_mw) {
    const Site s = site_for_split(site, a);
    const Plan p = solve_plan(s, iv, opt);
    const PlanTotals tot = plan_totals(s, iv, p);
    const YearWeights w = year_weights(s, iv, months, tot.hours, annualize);
    const std::size_t nk = s.mining.size(), nparts = nk + s.ai.size();
    SplitPart head;
    head.ai_mw = a;
    for (const auto& c : s.mining) head.mining_mw += c.nominal_mw();
    head.hours = tot.hours;
    std::vector<SplitPart> parts(nparts + 1, head);
    for (std::size_t k = 0; k < nparts; ++k) {
      SplitPart& r = parts[k];
      const ClassTotals& c = tot.classes[k];
      r.energy_mwh = c.energy_mwh, r.energy_cost = c.energy_cost, r.revenue = c.revenue;
      r.hours_curtailed = c.hours_curtailed;
      if (k < nk) {
        const auto& m = s.mining[k];
        r.part = m.name, r.kind = "mining";
        r.capacity_mw = m.nominal_mw();
        r.ths = static_cast<double>(m.units) * m.modes[0].ths_per_unit;
        if (r.capacity_mw > 0 && tot.hours > 0) r.uptime = c.energy_mwh / (r.capacity_mw * tot.hours);
      } else {
        const auto& b = s.ai[k - nk];
        r.part = b.name, r.kind = "ai", r.power_payer = b.power_payer();
        r.capacity_mw = b.facility_mw();
        if (r.capacity_mw > 0 && tot.hours > 0) r.uptime = c.energy_mwh / (r.capacity_mw * tot.hours);
        if (b.flex.any()) r.capped_mwh = c.capped_mwh, r.cap_cost = c.cap_cost, r.charges = c.cap_cost;
      }
    }
    // The site's own: what the plan's totals hold beyond its classes and blocks.
    SplitPart& site_part = parts[nparts];
    site_part.part = "site", site_part.kind = "site";
    site_part.capacity_mw = s.aux_mw;
    for (std::size_t t = 0; t < iv.size(); ++t) {
      const IntervalFigures f = interval_figures(s, iv, p, t);
      double class_cost = 0;
      for (std::size_t k = 0; k < nparts; ++k) {
        const ClassTotals c = class_interval(s, iv, p, k, t);
        class_cost += c.energy_cost;
        parts[k].annual_revenue += w.interval[t] * c.revenue;
        parts[k].annual_energy_cost += w.interval[t] * c.energy_cost;
        parts[k].annual_charges += w.interval[t] * c.cap_cost;
      }
      const double mwh = (s.aux_mw + f.storage_mw) * iv[t].hours();
      site_part.energy_mwh += mwh;
      site_part.energy_cost += f.energy_cost - class_cost;
      site_part.revenue += f.reserve_revenue;
      site_part.charges += f.degradation + f.dr_penalty;
      site_part.annual_revenue += w.interval[t] * f.reserve_revenue;
      site_part.annual_energy_cost += w.interval[t] * (f.energy_cost - class_cost);
      site_part.annual_charges += w.interval[t] * (f.degradation + f.dr_penalty);
    }
    site_part.charges += tot.demand_charge + tot.peak_charge;
    site_part.annual_charges += w.outside * (tot.demand_charge + tot.peak_charge);
    SplitPart total = head;
    total.part = "total", total.kind = "total";
    double ths = 0;
    for (const auto& r : parts) {
      total.capacity_mw += r.capacity_mw;
      ths += r.ths.value_or(0);
      total.energy_mwh += r.energy_mwh, total.energy_cost += r.energy_cost, total.revenue += r.revenue;
      total.charges += r.charges;
      total.annual_revenue += r.annual_revenue, total.annual_energy_cost += r.annual_energy_cost;
      total.annual_charges += r.annual_charges;
      if (r.capped_mwh)
        total.capped_mwh = total.capped_mwh.value_or(0) + *r.capped_mwh, total.cap_cost = total.cap_cost.value_or(0) + *r.cap_cost;
    }
    total.ths = ths;
    parts.push_back(total);
    rows.insert(rows.end(), parts.begin(), parts.end());
  }
  return rows;
}

}  // namespace hs::dispatch
