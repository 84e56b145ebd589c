#include "dispatch/plan.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include "core/error.hpp"
#include "core/parse.hpp"

namespace hs::dispatch {

namespace {
constexpr double eps = 1e-9;
}

bool is_uncoupled(const Site& site, const PlanOptions& opt) {
  if (opt.integer_units || opt.force_lp || !opt.write_lp.empty()) return false;
  if (site.grid.demand_charge_usd_per_kw_month > 0 || site.grid.has_reserve() || site.grid.has_peak_windows()) return false;
  for (const auto& c : site.mining)
    if (c.ramp_mw_per_minute > 0 || c.min_on_minutes > 0 || c.min_off_minutes > 0) return false;
  for (const auto& b : site.ai)
    if ((!b.firm && b.uptime > 0) || b.flex.any() || !b.measured_it_mw.empty()) return false;
  for (const auto& c : opt.start)
    if (c.held_off) return false;
  for (const auto& c : site.mining)
    if (!c.as_products.empty()) return false;
  if (!site.storage.empty()) return false;
  if (!site.dr_events.empty() && !opt.ignore_dr) return false;
  return true;
}

void check_feasible(const Site& site) {
  const double cap = site.usable_mw();
  auto mw = [](double v) { return format_fixed(v, v == std::floor(v) ? 0 : 2); };
  double firm = 0;
  std::vector<std::string> names;
  for (const auto& b : site.ai) {
    const double need = b.firm ? b.facility_mw() : b.uptime * b.facility_mw();
    if (need > cap + eps) {
      throw Error(exit_code::data, "AI block '" + b.name + "' needs " + mw(need) + " MW" +
                                       (b.firm ? "" : " on average for its uptime commitment") +
                                       " but the interconnect allows " + mw(cap) +
                                       (site.aux_mw > 0 ? " after " + mw(site.aux_mw) + " MW of site overhead" : ""));
    }
    if (b.firm) firm += b.facility_mw(), names.push_back("'" + b.name + "'");
  }
  if (firm > cap + eps) {
    std::string list;
    for (std::size_t i = 0; i < names.size(); ++i) list += (i ? ", " : "") + names[i];
    throw Error(exit_code::data, "firm AI blocks " + list + " need " + mw(firm) + " MW together but the interconnect allows " +
                                     mw(cap));
  }
  for (std::size_t k = 0; k < site.mining.size(); ++k) {
    const auto& c = site.mining[k];
    if ((c.min_on_minutes > 0 || c.min_off_minutes > 0) && c.nominal_mw() > cap - firm + eps) {
      // With minimum times a class runs as one block, so it must fit beside the firm load.
      throw Error(exit_code::data, "mining class '" + c.name + "' runs as one block of " + mw(c.nominal_mw()) +
                                       " MW (it has minimum on/off times) but the interconnect allows " + mw(cap - firm) +
                                       " beside the firm AI load");
    }
  }
}

std::vector<std::pair<std::size_t, std::vector<std::size_t>>> peak_windows_indexed(const Site& site,
                                                                                    const std::vector<Interval>& iv) {
  const auto& g = site.grid;
  std::vector<std::vector<std::size_t>> w(g.peak_window_names.size());
  if (iv.empty()) return {};
  // Intervals are in time order (check_continuity), so the one holding an instant is found by
  // binary search on the starts.
  for (std::size_t i = 0; i < g.peak_starts.size(); ++i) {
    const UtcTime f = g.peak_starts[i];
    auto it = std::upper_bound(iv.begin(), iv.end(), f, [](UtcTime x, const Interval& v) { return x < v.start; });
    if (it == iv.begin()) continue;
    --it;
    if (f >= it->start + std::chrono::minutes(it->minutes)) continue;  // in a gap or after the end
    auto& list = w[g.peak_window[i]];
    const auto t = static_cast<std::size_t>(it - iv.begin());
    if (list.empty() || list.back() != t) list.push_back(t);
  }
  std::vector<std::pair<std::size_t, std::vector<std::size_t>>> out;
  for (std::size_t i = 0; i < w.size(); ++i)
    if (!w[i].empty()) out.emplace_back(i, std::move(w[i]));
  return out;
}

std::vector<std::vector<std::size_t>> peak_window_intervals(const Site& site, const std::vector<Interval>& iv) {
  std::vector<std::vector<std::size_t>> w;
  for (auto& [i, list] : peak_windows_indexed(site, iv)) w.push_back(std::move(list));
  return w;
}

std::string oversubscription(const Site& site) {
  double mining = 0, ai = 0, firm = 0;
  for (const auto& c : site.mining) mining += c.nominal_mw();
  for (const auto& b : site.ai) {
    ai += b.facility_mw();
    if (b.firm) firm += b.facility_mw();
  }
  const double usable = site.usable_mw();
  if (mining + ai <= usable + 1e-9) return "";
  return "the site is over-subscribed: " + format_fixed(mining, 1) + " MW of mining and " + format_fixed(ai, 1) +
         " MW of AI (facility) on " + format_fixed(usable, 1) + " MW of interconnect" +
         (site.aux_mw > 0 ? " less overhead" : "") + "; at most " + format_fixed(std::max(0.0, usable - firm), 1) +
         " MW of mining can ever run beside the firm AI load, so mining is curtailed in every interval";
}

double ai_capped_mw(const AiBlock& b, double draw, double s) {
  return b.firm && b.flex.any() ? std::max(0.0, draw - s) : 0.0;
}

double ai_revenue_usd(const AiBlock& b, double draw, double s, double h) {
  const double unserved = std::max(0.0, draw - s) - ai_capped_mw(b, draw, s);
  return h * (b.lease_usd_per_hour() + b.revenue_usd_per_mwh * s - b.penalty_usd_per_mwh * unserved);
}

int local_day(const Site& site, UtcTime t) {
  using namespace std::chrono;
  const auto days = site.timezone.empty() ? floor<std::chrono::days>(t)
                                          : floor<std::chrono::days>(sys_seconds(utc_to_local(t, site.timezone).time_since_epoch()));
  return static_cast<int>(days.time_since_epoch().count());
}

int billing_month(const Site& site, UtcTime t) {
  using namespace std::chrono;
  const auto days = site.timezone.empty() ? floor<std::chrono::days>(t)
                                          : floor<std::chrono::days>(sys_seconds(utc_to_local(t, site.timezone).time_since_epoch()));
  const year_month_day ymd{days};
  return static_cast<int>(ymd.year()) * 12 + static_cast<int>(static_cast<unsigned>(ymd.month())) - 1;
}

UtcTime billing_month_start(const Site& site, int month) {
  using namespace std::chrono;
  const year_month_day ymd{year(month / 12), std::chrono::month(static_cast<unsigned>(month % 12 + 1)), day(1)};
  const LocalTime lt{local_days(ymd).time_since_epoch()};
  if (site.timezone.empty()) return UtcTime(lt.time_since_epoch());
  return local_to_utc(lt, site.timezone, false, Location{"billing month", 0}, "month");
}

double class_power_mw(const Site& site, const Plan& p, std::size_t k, std::size_t t) {
  const auto& c = site.mining[k];
  const std::size_t nm = c.modes.size();
  double mw = 0;
  for (std::size_t m = 0; m < nm; ++m) mw += p.units[k][t * nm + m] * c.mw_per_unit(m);
  return mw;
}

double class_units(const Site& site, const Plan& p, std::size_t k, std::size_t t) {
  const std::size_t nm = site.mining[k].modes.size();
  double u = 0;
  for (std::size_t m = 0; m < nm; ++m) u += p.units[k][t * nm + m];
  return u;
}

std::string class_mode(const Site& site, const Plan& p, std::size_t k, std::size_t t) {
  const auto& c = site.mining[k];
  const std::size_t nm = c.modes.size();
  std::size_t best = nm;
  double most = 1e-6;
  for (std::size_t m = 0; m < nm; ++m)
    if (p.units[k][t * nm + m] > most) most = p.units[k][t * nm + m], best = m;
  return best == nm ? "off" : c.modes[best].name;
}

IntervalFigures interval_figures(const Site& site, const std::vector<Interval>& iv, const Plan& p, std::size_t t) {
  IntervalFigures f;
  const double h = iv[t].hours();
  const double cost = iv[t].price_per_mwh + site.grid.adder_usd_per_mwh;
  for (std::size_t k = 0; k < site.mining.size(); ++k) {
    const auto& c = site.mining[k];
    const std::size_t nm = c.modes.size();
    for (std::size_t m = 0; m < nm; ++m) {
      const double u = p.units[k][t * nm + m];
      f.mining_mw += u * c.mw_per_unit(m);
      f.mining_revenue += u * site.usd_per_unit_hour(k, m, iv[t].start) * h;
    }
  }
  double paid_ai_mw = 0;  // AI draw whose energy the site pays (not a tenant's pass-through)
  for (std::size_t j = 0; j < site.ai.size(); ++j) {
    const auto& b = site.ai[j];
    const double s = p.ai_it_mw[j][t], draw = b.draw_it_mw(iv[t].start);
    f.ai_mw += s * b.pue;
    paid_ai_mw += b.paid_mw(s);
    f.ai_revenue += ai_revenue_usd(b, draw, s, h);
    const double cap = ai_capped_mw(b, draw, s);
    f.ai_cap_mw += cap;
    f.ai_cap_cost += cap * h * b.flex.cost_usd_per_mwh;
  }
  f.reserve_mw = p.reserve_mw.empty() ? 0 : p.reserve_mw[t];
  f.reserve_revenue = f.reserve_mw > 0 ? f.reserve_mw * site.grid.reserve_at(iv[t].start) * h : 0.0;
  for (std::size_t k = 0; k < p.as_mw.size(); ++k)
    for (std::size_t j = 0; j < p.as_mw[k].size(); ++j) {
      const double mw = p.as_mw[k][j][t];
      if (mw <= 0) continue;
      f.as_mw += mw;
      f.as_revenue += mw * site.grid.as_products[site.mining[k].as_products[j]].at(iv[t].start) * h;
    }
  f.reserve_mw += f.as_mw;
  f.reserve_revenue += f.as_revenue;
  for (std::size_t b = 0; b < p.charge_mw.size(); ++b) {
    f.storage_mw += p.charge_mw[b][t] - p.discharge_mw[b][t];
    f.degradation += p.discharge_mw[b][t] * h * site.storage[b].degradation_usd_per_mwh;
  }
  f.energy_cost = (f.mining_mw + paid_ai_mw + site.aux_mw + f.storage_mw) * cost * h;
  if (t < p.dr_cap_mw.size() && !std::isnan(p.dr_cap_mw[t])) {
    const double over = std::max(0.0, f.mining_mw + f.ai_mw + site.aux_mw + f.storage_mw - p.dr_cap_mw[t]);
    f.dr_penalty = over * p.dr_penalty_usd_per_mwh[t] * h;
  }
  f.idle_mw = std::max(0.0, site.usable_mw() - f.mining_mw - f.ai_mw - f.storage_mw);
  return f;
}

ClassTotals class_interval(const Site& site, const std::vector<Interval>& iv, const Plan& p, std::size_t k,
                           std::size_t t) {
  ClassTotals ct;
  const double h = iv[t].hours();
  const double cost = iv[t].price_per_mwh + site.grid.adder_usd_per_mwh;
  if (k < site.mining.size()) {
    const double mw = class_power_mw(site, p, k, t);
    ct.energy_mwh = mw * h;
    ct.energy_cost = mw * h * cost;
    const std::size_t nm = site.mining[k].modes.size();
    for (std::size_t m = 0; m < nm; ++m) ct.revenue += p.units[k][t * nm + m] * site.usd_per_unit_hour(k, m, iv[t].start) * h;
    if (class_units(site, p, k, t) > 1e-6) ct.hours_on = h;
    if (mw < site.mining[k].nominal_mw() - 1e-6) ct.hours_curtailed = h;
    return ct;
  }
  const std::size_t j = k - site.mining.size();
  const auto& b = site.ai[j];
  const double s = p.ai_it_mw[j][t], draw = b.draw_it_mw(iv[t].start);
  ct.energy_mwh = s * b.pue * h;
  ct.energy_cost = b.paid_mw(s) * h * cost;
  ct.revenue = ai_revenue_usd(b, draw, s, h);
  if (s > 1e-6) ct.hours_on = h;
  if (s < b.it_mw - 1e-6) ct.hours_curtailed = h;
  const double cap = ai_capped_mw(b, draw, s);
  ct.capped_mwh = cap * h;
  ct.cap_cost = cap * h * b.flex.cost_usd_per_mwh;
  if (cap > 1e-6) ct.hours_capped = h;
  return ct;
}

PlanTotals plan_totals(const Site& site, const std::vector<Interval>& iv, const Plan& p) {
  PlanTotals tot;
  tot.classes.resize(site.mining.size() + site.ai.size());
  double nominal = 0;
  for (const auto& c : site.mining) nominal += c.nominal_mw();
  double nominal_mwh = 0;
  std::vector<std::pair<int, double>> peaks;  // (month, peak MW)
  for (std::size_t t = 0; t < p.n; ++t) {
    const IntervalFigures f = interval_figures(site, iv, p, t);
    const double h = iv[t].hours();
    tot.hours += h;
    tot.mining_mwh += f.mining_mw * h;
    tot.ai_mwh += f.ai_mw * h;
    tot.mining_revenue += f.mining_revenue;
    tot.ai_revenue += f.ai_revenue;
    tot.reserve_revenue += f.reserve_revenue;
    tot.energy_cost += f.energy_cost;
    tot.degradation += f.degradation;
    tot.dr_penalty += f.dr_penalty;
    tot.ai_cap_cost += f.ai_cap_cost;
    nominal_mwh += nominal * h;
    bool curtailed = false;
    for (std::size_t k = 0; k < tot.classes.size(); ++k) {
      const ClassTotals c = class_interval(site, iv, p, k, t);
      auto& ct = tot.classes[k];
      ct.energy_mwh += c.energy_mwh;
      ct.energy_cost += c.energy_cost;
      ct.revenue += c.revenue;
      ct.hours_on += c.hours_on;
      ct.hours_curtailed += c.hours_curtailed;
      ct.capped_mwh += c.capped_mwh, ct.cap_cost += c.cap_cost, ct.hours_capped += c.hours_capped;
      if (k < site.mining.size() && c.hours_curtailed > 0) curtailed = true;
    }
    if (curtailed) tot.hours_curtailed += h;
    if (site.grid.demand_charge_usd_per_kw_month <= 0) continue;  // the zone lookup costs
    const double total = f.mining_mw + f.ai_mw + site.aux_mw + f.storage_mw;
    const int month = billing_month(site, iv[t].start);
    if (peaks.empty() || peaks.back().first != month) peaks.emplace_back(month, total);
    else peaks.back().second = std::max(peaks.back().second, total);
  }
  if (site.grid.demand_charge_usd_per_kw_month > 0)
    for (const auto& [m, peak] : peaks) tot.demand_charge += peak * 1000.0 * site.grid.demand_charge_usd_per_kw_month;
  if (site.grid.has_peak_windows()) {
    // Mean over the windows of the site's highest draw (overhead included) in each window.
    const auto windows = peak_window_intervals(site, iv);
    double sum = 0;
    for (const auto& w : windows) {
      double peak = 0;
      for (std::size_t t : w) {
        const IntervalFigures f = interval_figures(site, iv, p, t);
        peak = std::max(peak, f.mining_mw + f.ai_mw + site.aux_mw + f.storage_mw);
      }
      sum += peak;
    }
    if (!windows.empty()) tot.peak_charge = site.grid.peak_usd_per_mw * sum / static_cast<double>(windows.size());
  }
  tot.mining_uptime = nominal_mwh > 0 ? tot.mining_mwh / nominal_mwh : 0;
  return tot;
}

Plan always_on_plan(const Site& site, const std::vector<Interval>& iv) {
  Plan p;
  p.solver = "always-on";
  p.n = iv.size();
  double mining = 0;
  for (const auto& c : site.mining) mining += c.nominal_mw();
  for (const auto& c : site.mining) p.units.emplace_back(p.n * c.modes.size(), 0.0);
  p.ai_it_mw.assign(site.ai.size(), std::vector<double>(p.n, 0.0));
  for (std::size_t t = 0; t < p.n; ++t) {
    // The AI blocks at what they draw (measured, else contracted), with the margin held.
    double ai = 0;
    for (std::size_t j = 0; j < site.ai.size(); ++j) {
      const auto& b = site.ai[j];
      p.ai_it_mw[j][t] = b.draw_it_mw(iv[t].start);
      ai += p.ai_it_mw[j][t] * b.pue + b.held_mw(iv[t].start);
    }
    const double room = std::max(0.0, site.usable_mw() - ai);
    const double scale = mining > room ? room / mining : 1.0;
    for (std::size_t k = 0; k < site.mining.size(); ++k)
      p.units[k][t * site.mining[k].modes.size()] = static_cast<double>(site.mining[k].units) * scale;
  }
  p.objective_usd = plan_totals(site, iv, p).margin();
  return p;
}

namespace {

// One step along a class's upper concave hull of (MW, profit) per unit: moving a unit from
// mode `from` (or off) to mode `to` adds dmw MW at `slope` dollars per MWh.
struct Segment {
  double slope;       // AI: USD per facility MWh; mining: TH/s per MW (times USD per TH/s-hour)
  double capacity_mw;
  std::size_t item;   // class k, or mining.size() + j for an AI block
  std::size_t order;  // position along the class's hull
  int from, to;       // modes; -1 = off
};

}  // namespace

Plan solve_direct(const Site& site, const std::vector<Interval>& iv) {
  check_feasible(site);
  Plan p;
  p.solver = "direct";
  p.n = iv.size();
  for (const auto& c : site.mining) p.units.emplace_back(p.n * c.modes.size(), 0.0);
  for (const auto& b : site.ai) p.ai_it_mw.emplace_back(p.n, b.firm ? b.it_mw : 0.0);
  double firm = 0;
  for (const auto& b : site.ai)
    if (b.firm) firm += b.facility_mw();
  const double room = site.usable_mw() - firm;
  // Profit per unit at energy cost c is rev - c x mw: subtracting a linear term leaves the upper
  // concave hull of (mw, rev) and the order of its steps unchanged and lowers every step's
  // slope by c. So hulls and order are found once; each interval fills the steps whose
  // revenue per MWh exceeds its energy cost. Revenue is TH/s times one rate for every class
  // and mode, so the hulls are those of (mw, TH/s); with a hashprice series the rate changes
  // between intervals and with it the order of mining steps against AI blocks, re-sorted then.
  std::vector<Segment> segs;
  for (std::size_t k = 0; k < site.mining.size(); ++k) {
    const auto& c = site.mining[k];
    std::vector<std::size_t> idx(c.modes.size());
    for (std::size_t m = 0; m < idx.size(); ++m) idx[m] = m;
    std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return c.mw_per_unit(a) < c.mw_per_unit(b); });
    auto mwof = [&](int m) { return m < 0 ? 0.0 : c.mw_per_unit(static_cast<std::size_t>(m)); };
    auto rev = [&](int m) { return m < 0 ? 0.0 : c.modes[static_cast<std::size_t>(m)].ths_per_unit; };
    std::vector<int> hull{-1};
    for (std::size_t m : idx) {
      const int mi = static_cast<int>(m);
      if (mwof(mi) <= mwof(hull.back()) + 1e-15) {
        if (rev(mi) > rev(hull.back()) && hull.size() > 1) hull.back() = mi;  // same MW, more revenue
        continue;
      }
      while (hull.size() >= 2) {
        const int a = hull[hull.size() - 2], b = hull.back();
        const double s1 = (rev(b) - rev(a)) / (mwof(b) - mwof(a));
        const double s2 = (rev(mi) - rev(b)) / (mwof(mi) - mwof(b));
        if (s2 >= s1) hull.pop_back();
        else break;
      }
      hull.push_back(mi);
    }
    for (std::size_t h = 1; h < hull.size(); ++h) {
      const double dmw = mwof(hull[h]) - mwof(hull[h - 1]);
      segs.push_back({(rev(hull[h]) - rev(hull[h - 1])) / dmw, dmw * static_cast<double>(c.units), k, h,
                      hull[h - 1], hull[h]});
    }
  }
  for (std::size_t j = 0; j < site.ai.size(); ++j) {
    const auto& b = site.ai[j];
    if (!b.firm) segs.push_back({(b.revenue_usd_per_mwh + b.penalty_usd_per_mwh) / b.pue, b.facility_mw(),
                                 site.mining.size() + j, 0, -1, -1});
  }
  const std::size_t nk = site.mining.size();
  const bool series = !site.economics.hashprice_series.empty();
  std::vector<double> slope(segs.size());
  auto set_slopes = [&](double usd_per_ths_hour) {
    for (std::size_t i = 0; i < segs.size(); ++i) slope[i] = segs[i].item < nk ? segs[i].slope * usd_per_ths_hour : segs[i].slope;
  };
  std::vector<std::size_t> order(segs.size());
  auto sort_steps = [&] {
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      if (slope[a] != slope[b]) return slope[a] > slope[b];
      if (segs[a].item != segs[b].item) return segs[a].item < segs[b].item;
      return segs[a].order < segs[b].order;
    });
  };
  if (!series) set_slopes(site.economics.usd_per_ths_hour()), sort_steps();
  for (std::size_t t = 0; t < p.n; ++t) {
    const double cost = iv[t].price_per_mwh + site.grid.adder_usd_per_mwh;
    if (series) set_slopes(site.economics.usd_per_ths_hour(iv[t].start)), sort_steps();
    double left = room;
    for (std::size_t i : order) {
      const Segment& s = segs[i];
      if (left <= eps || slope[i] - cost <= 0) break;
      const double take = std::min(left, s.capacity_mw);
      left -= take;
      const double frac = take / s.capacity_mw;
      if (s.item < site.mining.size()) {
        const auto& c = site.mining[s.item];
        const std::size_t nm = c.modes.size();
        const double moved = frac * static_cast<double>(c.units);
        auto& u = p.units[s.item];
        if (s.from >= 0) u[t * nm + static_cast<std::size_t>(s.from)] -= moved;
        u[t * nm + static_cast<std::size_t>(s.to)] += moved;
      } else {
        const auto& b = site.ai[s.item - site.mining.size()];
        p.ai_it_mw[s.item - site.mining.size()][t] = take / b.pue;
      }
    }
  }
  p.objective_usd = plan_totals(site, iv, p).margin();
  return p;
}

double site_draw_mw(const Site& site, const std::vector<Interval>& iv, const Plan& p, std::size_t t) {
  const IntervalFigures f = interval_figures(site, iv, p, t);
  return f.mining_mw + f.ai_mw + site.aux_mw + f.storage_mw;
}

std::vector<double> dr_baselines(const Site& site, const std::vector<Interval>& iv, const Plan& p,
                                 const std::vector<std::pair<UtcTime, double>>& before) {
  std::vector<double> out;
  const auto window = std::chrono::minutes(site.dr_baseline_minutes);
  for (const auto& e : site.dr_events) {
    double sum = 0, n = 0;
    auto take = [&](UtcTime t, double mw) {
      if (t >= e.start - window && t < e.start) sum += mw, n += 1;
    };
    for (const auto& [t, mw] : before) take(t, mw);
    for (std::size_t t = 0; t < p.n; ++t)
      if (iv[t].start >= e.start - window && iv[t].start < e.start) take(iv[t].start, site_draw_mw(site, iv, p, t));
    out.push_back(n > 0 ? sum / n : std::nan(""));
  }
  return out;
}

double dr_cap(const DrEvent& e, double baseline) {
  if (e.reduce_to_mw) return *e.reduce_to_mw;
  return std::isnan(baseline) ? baseline : std::max(0.0, baseline - *e.reduce_by_mw);
}

void set_dr_caps(const Site& site, const std::vector<Interval>& iv, Plan& p, const std::vector<double>& baselines) {
  p.dr_baseline_mw = baselines;
  p.dr_cap_mw.assign(iv.size(), std::nan(""));
  p.dr_penalty_usd_per_mwh.assign(iv.size(), 0.0);
  for (std::size_t e = 0; e < site.dr_events.size(); ++e) {
    const DrEvent& ev = site.dr_events[e];
    const double cap = dr_cap(ev, e < baselines.size() ? baselines[e] : std::nan(""));
    if (std::isnan(cap)) continue;
    for (std::size_t t = 0; t < iv.size(); ++t) {
      if (iv[t].start < ev.start || iv[t].start >= ev.end) continue;
      // Overlapping events: the lower cap, the higher penalty.
      if (std::isnan(p.dr_cap_mw[t]) || cap < p.dr_cap_mw[t]) p.dr_cap_mw[t] = cap;
      p.dr_penalty_usd_per_mwh[t] = std::max(p.dr_penalty_usd_per_mwh[t], ev.penalty_usd_per_mwh);
    }
  }
}

std::vector<DrJournalRow> dr_journal(const Site& site, const std::vector<Interval>& iv, const Plan& p) {
  std::vector<DrJournalRow> rows;
  for (std::size_t e = 0; e < site.dr_events.size(); ++e) {
    const DrEvent& ev = site.dr_events[e];
    const double base = e < p.dr_baseline_mw.size() ? p.dr_baseline_mw[e] : std::nan("");
    const double cap = dr_cap(ev, base);
    for (std::size_t t = 0; t < p.n; ++t) {
      if (iv[t].start < ev.start || iv[t].start >= ev.end) continue;
      DrJournalRow r;
      r.event = e, r.t = t, r.baseline_mw = base, r.committed_mw = cap;
      r.delivered_mw = site_draw_mw(site, iv, p, t);
      r.shortfall_mw = std::isnan(cap) ? 0.0 : std::max(0.0, r.delivered_mw - cap);
      r.penalty_usd = r.shortfall_mw * ev.penalty_usd_per_mwh * iv[t].hours();
      rows.push_back(r);
    }
  }
  return rows;
}

Plan solve_plan(const Site& site, const std::vector<Interval>& iv, const PlanOptions& opt) {
  if (!site.dr_events.empty() && !opt.ignore_dr) {
    // Baselines not given are the draws a plan without the events would have had.
    std::vector<double> base = opt.dr_baseline_mw;
    base.resize(site.dr_events.size(), std::nan(""));
    if (std::any_of(base.begin(), base.end(), [](double b) { return std::isnan(b); })) {
      PlanOptions o = opt;
      o.ignore_dr = true;
      o.write_lp.clear();
      const std::vector<double> first = dr_baselines(site, iv, solve_plan(site, iv, o));
      for (std::size_t e = 0; e < base.size(); ++e)
        if (std::isnan(base[e])) base[e] = first[e];
    }
    PlanOptions o = opt;
    o.dr_baseline_mw = base;
    return solve_lp(site, iv, o);
  }
  if (is_uncoupled(site, opt)) return solve_direct(site, iv);
  return solve_lp(site, iv, opt);
}

}  // namespace hs::dispatch
