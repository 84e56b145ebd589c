#include "dispatch/rolling.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/error.hpp"

namespace hs::dispatch {

namespace {

const Setpoint* find_setpoint(const std::vector<Setpoint>& v, const std::string& name) {
  for (const auto& s : v)
    if (s.name == name) return &s;
  return nullptr;
}

Plan empty_plan(const Site& site, std::size_t n, const std::string& solver) {
  Plan p;
  p.solver = solver;
  p.n = n;
  for (const auto& c : site.mining) p.units.emplace_back(n * c.modes.size(), 0.0);
  for (std::size_t j = 0; j < site.ai.size(); ++j) p.ai_it_mw.emplace_back(n, 0.0);
  if (site.grid.has_reserve()) p.reserve_mw.assign(n, 0.0);
  if (site.grid.has_as())
    for (const auto& c : site.mining) p.as_mw.emplace_back(c.as_products.size(), std::vector<double>(n, 0.0));
  p.charge_mw.assign(site.storage.size(), std::vector<double>(n, 0.0));
  p.discharge_mw = p.soc_mwh = p.charge_mw;
  return p;
}

// Interval `from` of plan a into interval `to` of plan b (same site).
void copy_interval(const Site& site, const Plan& a, std::size_t from, Plan& b, std::size_t to) {
  for (std::size_t k = 0; k < site.mining.size(); ++k) {
    const std::size_t nm = site.mining[k].modes.size();
    for (std::size_t m = 0; m < nm; ++m) b.units[k][to * nm + m] = a.units[k][from * nm + m];
  }
  for (std::size_t j = 0; j < site.ai.size(); ++j) b.ai_it_mw[j][to] = a.ai_it_mw[j][from];
  if (!b.reserve_mw.empty()) b.reserve_mw[to] = a.reserve_mw.empty() ? 0.0 : a.reserve_mw[from];
  for (std::size_t k = 0; k < b.as_mw.size() && k < a.as_mw.size(); ++k)
    for (std::size_t j = 0; j < b.as_mw[k].size(); ++j) b.as_mw[k][j][to] = a.as_mw[k][j][from];
  for (std::size_t s = 0; s < b.charge_mw.size() && s < a.charge_mw.size(); ++s) {
    b.charge_mw[s][to] = a.charge_mw[s][from];
    b.discharge_mw[s][to] = a.discharge_mw[s][from];
    b.soc_mwh[s][to] = a.soc_mwh[s][from];
  }
}

}  // namespace

void setpoints_into(const Site& site, const std::vector<Setpoint>& sp, Plan& p, std::size_t t) {
  for (std::size_t k = 0; k < site.mining.size(); ++k) {
    const auto& c = site.mining[k];
    const std::size_t nm = c.modes.size();
    for (std::size_t m = 0; m < nm; ++m) p.units[k][t * nm + m] = 0;
    const Setpoint* s = find_setpoint(sp, c.name);
    if (!s || !s->on) continue;
    for (std::size_t m = 0; m < nm; ++m)
      if (c.modes[m].name == s->mode) p.units[k][t * nm + m] = static_cast<double>(s->units);
  }
  for (std::size_t j = 0; j < site.ai.size(); ++j) {
    const Setpoint* s = find_setpoint(sp, site.ai[j].name);
    p.ai_it_mw[j][t] = s && s->on ? s->power_mw / site.ai[j].pue : 0.0;
  }
}

RollingDecision rolling_step(const Site& site_in, const ForecastView& view, const NowState& st, const RollingOptions& opt) {
  RollingDecision d;
  const auto cur = view.current();
  if (!cur) throw Error(exit_code::data, "no actual price for the interval at " + format_iso8601_utc(view.as_of()));
  // 4CP candidates from load forecasts: only the vintages published by the decision flag.
  std::optional<Site> flagged;
  if (site_in.grid.peak_threshold_mw && !site_in.grid.load_forecast.empty()) {
    flagged = site_in;
    flag_peaks(flagged->grid, site_in.timezone, cur->start);
  }
  const Site& site = flagged ? *flagged : site_in;
  d.horizon = view.horizon(opt.horizon, &d.newest_vintage);
  auto [prev, mem] = state_before(st, cur->start);
  NowState& next = d.state;
  next.interval_start = cur->start;
  next.previous = std::move(prev);
  next.memory_before = mem;
  next.memory = mem;
  next.memory.strikes = step_strikes(site, *cur, mem.strikes);

  // Start conditions from the setpoints in force and the memory.
  PlanOptions po = opt.plan;
  po.start.assign(site.mining.size(), ClassStart{});
  for (std::size_t k = 0; k < site.mining.size(); ++k) {
    const auto& c = site.mining[k];
    ClassStart& cs = po.start[k];
    if (const Setpoint* s = find_setpoint(next.previous, c.name)) {
      cs.on = s->on;
      cs.power_mw = s->power_mw;
      if (s->since != UtcTime{})
        cs.held_minutes = static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(cur->start - s->since).count());
    }
    const auto sc = next.memory.strikes.find(c.name);
    cs.held_off = c.strike && sc != next.memory.strikes.end() && sc->second.curtailed;
  }
  const bool demand = site.grid.demand_charge_usd_per_kw_month > 0;
  const int month = demand ? billing_month(site, cur->start) : 0;
  po.month_peak_so_far_mw = demand && mem.month == month ? mem.month_peak_mw : 0.0;
  if (demand) {
    // Each month in the horizon: its hours in the horizon over its hours from the decision (or
    // its start) to its end.
    std::map<int, double> in_horizon;
    for (const auto& i : d.horizon) in_horizon[billing_month(site, i.start)] += i.hours();
    for (const auto& [m, h] : in_horizon) {
      const UtcTime from = std::max(cur->start, billing_month_start(site, m));
      const double left = std::chrono::duration<double, std::ratio<3600>>(billing_month_start(site, m + 1) - from).count();
      po.demand_charge_scale[m] = left > 0 ? std::min(1.0, h / left) : 1.0;
    }
  }
  po.window_peak_so_far_mw = mem.window_peak_mw;
  po.peak_over_all_windows = true;
  po.soc_mwh = mem.soc_mwh;
  if (!site.dr_events.empty()) po.dr_baseline_mw = dr_baselines(site, {}, Plan{}, mem.recent_draw_mw);  // NaN: from the horizon
  po.flex_used = mem.flex;
  d.plan = solve_plan(site, d.horizon, po);

  // Commit interval 0.
  const Plan& p = d.plan;
  for (std::size_t j = 0; j < site.ai.size(); ++j) {
    const auto& b = site.ai[j];
    Setpoint s;
    s.name = b.name, s.kind = "ai";
    s.on = p.ai_it_mw[j][0] > 1e-6;
    s.power_mw = s.on ? p.ai_it_mw[j][0] * b.pue : 0.0;
    s.mode = s.on ? "on" : "off";
    const Setpoint* pr = find_setpoint(next.previous, b.name);
    s.since = pr && pr->on == s.on ? pr->since : cur->start;
    if (b.flex.any()) {
      const double draw = b.draw_it_mw(cur->start), capped = ai_capped_mw(b, draw, p.ai_it_mw[j][0]);
      s.cap_pct = capped > 1e-6 && draw > 0 ? 100.0 * capped / draw : 0.0;
      if (capped > 1e-6) s.mode = "capped";
      // The clause's use: capped hours in the local day, events begun in the billing month.
      FlexUsed& u = next.memory.flex[b.name];
      const int day = local_day(site, cur->start), cap_month = billing_month(site, cur->start);
      if (u.day != day) u.day = day, u.hours = 0;
      if (u.month != cap_month) u.month = cap_month, u.events = 0;
      if (capped > 1e-6) {
        u.hours += cur->hours();
        if (!u.capped) ++u.events;
      }
      u.capped = capped > 1e-6;
      // Notice: the first event the plan begins at least the notice ahead is announced now, so
      // the decision at its start may begin it. One that has begun or passed is spent.
      if (u.announced && *u.announced <= cur->start) u.announced.reset();
      if (b.flex.notice_minutes > 0 && !u.announced) {
        bool was = u.capped;
        for (std::size_t t = 1; t < d.horizon.size(); ++t) {
          const bool is = ai_capped_mw(b, b.draw_it_mw(d.horizon[t].start), p.ai_it_mw[j][t]) > 1e-6;
          if (is && !was && d.horizon[t].start - cur->start >= std::chrono::minutes(b.flex.notice_minutes)) {
            u.announced = d.horizon[t].start;
            break;
          }
          was = is;
        }
      }
    }
    next.current.push_back(s);
  }
  for (std::size_t k = 0; k < site.mining.size(); ++k) {
    const auto& c = site.mining[k];
    Setpoint s;
    s.name = c.name, s.kind = "mining";
    const double units = class_units(site, p, k, 0);
    s.on = units > 1e-6;
    s.units = s.on ? std::llround(units) : 0;
    s.mode = class_mode(site, p, k, 0);
    s.power_mw = s.on ? class_power_mw(site, p, k, 0) : 0.0;
    const Setpoint* pr = find_setpoint(next.previous, c.name);
    // No history: on since ever, so a stop decided now starts its minimum-off clock now.
    s.since = pr ? (pr->on == s.on ? pr->since : cur->start) : (s.on ? UtcTime{} : cur->start);
    next.current.push_back(s);
  }
  for (std::size_t b = 0; b < site.storage.size(); ++b) {
    Setpoint s;
    s.name = site.storage[b].name, s.kind = "storage";
    s.power_mw = p.charge_mw[b][0] - p.discharge_mw[b][0];
    s.on = std::abs(s.power_mw) > 1e-6;
    if (!s.on) s.power_mw = 0;
    s.mode = !s.on ? "idle" : s.power_mw > 0 ? "charge" : "discharge";
    const Setpoint* pr = find_setpoint(next.previous, s.name);
    s.since = pr && pr->on == s.on ? pr->since : cur->start;
    next.current.push_back(s);
    next.memory.soc_mwh[s.name] = p.soc_mwh[b][0];
  }
  // What the committed interval sets: the month's peak and the peak windows' draw.
  const IntervalFigures f = interval_figures(site, d.horizon, p, 0);
  const double total = f.mining_mw + f.ai_mw + site.aux_mw + f.storage_mw;
  remember_draw(site, next.memory, *cur, total);
  if (demand) {
    if (next.memory.month != month) next.memory.month = month, next.memory.month_peak_mw = 0;
    next.memory.month_peak_mw = std::max(next.memory.month_peak_mw, total);
  }
  if (site.grid.has_peak_windows()) {
    for (const auto& [w, list] : peak_windows_indexed(site, {d.horizon.front()})) {
      double& v = next.memory.window_peak_mw[site.grid.peak_window_names[w]];
      v = std::max(v, total);
    }
  }
  return d;
}

ReplayResult replay(const Site& site, const PriceBook& book, const ReplayOptions& opt) {
  const auto& iv = book.actual.intervals;
  const std::size_t n = iv.size();
  ReplayResult r;
  PlanOptions perfect = opt.rolling.plan;
  perfect.start.clear();
  r.perfect = solve_plan(site, iv, perfect);
  r.rolling = empty_plan(site, n, "rolling");
  r.myopic = empty_plan(site, n, "myopic");
  NowState rs, ms;
  for (std::size_t t = 0; t < n; ++t) {
    const ForecastView view(book, iv[t].start);  // all the decision may know
    RollingDecision d = rolling_step(site, view, rs, opt.rolling);
    copy_interval(site, d.plan, 0, r.rolling, t);
    r.horizon_intervals.push_back(d.horizon.size());
    r.newest_vintage.push_back(d.newest_vintage);
    rs = std::move(d.state);
    ms = step(site, iv[t], ms, opt.myopic);
    setpoints_into(site, ms.current, r.myopic, t);
  }
  // Demand response settled alike for every strategy: baselines from its own draws.
  if (!site.dr_events.empty())
    for (Plan* p : {&r.rolling, &r.myopic, &r.perfect}) set_dr_caps(site, iv, *p, dr_baselines(site, iv, *p));
  r.rolling_totals = plan_totals(site, iv, r.rolling);
  r.myopic_totals = plan_totals(site, iv, r.myopic);
  r.perfect_totals = plan_totals(site, iv, r.perfect);
  r.rolling.objective_usd = r.rolling_totals.margin();
  r.myopic.objective_usd = r.myopic_totals.margin();
  return r;
}

}  // namespace hs::dispatch
