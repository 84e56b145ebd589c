// The coupled plan as one linear program on COIN-OR CLP; CBC only when integer decisions are
// asked for (whole units, or minimum on/off times, which need on/off binaries).
//
// Minimise -(margin) over, per interval t:
//   x[k,m,t]  units of mining class k in mode m        profit h(rev_km - cost_t * mw_km) per unit
//   s[j,t]    IT MW served by AI block j                h((v_j + pen_j) - cost_t * pue_j) per MW
//   r[t]      interruptible MW held as reserve          h * reserve price per MW
//   a[k,p,t]  MW of class k sold to ancillary service p h * clearing price per MW (as_price)
//   c,d,e[b,t] battery b's charge and discharge MW, its MWh stored at the end of t:
//             e[t] = e[t-1] + h (eta c - d / eta), eta = sqrt(round trip); -h cost (c - d) - h deg d;
//             the last e at least the first's start; no export (site load + c - d >= 0)
//   short[t]  demand response: MW drawn above the event's cap  h * penalty per MWh
//   peak[M]   facility peak in billing month M          demand charge x 1000 per MW (barrier: a
//             running maximum peak[t] over the month, the month's last one charged)
//   wpeak[w]  facility peak in peak window w (4CP)      peak_usd_per_mw / number of windows
// subject to: interconnect, units per class, reserve <= interruptible load, ramp per class
// (|P[k,t] - P[k,t-1]| <= ramp x minutes), up services <= P[k,t] (load that can drop; with the
// reserve: reserve + every up service <= interruptible load), REGDN <= class MW - P[k,t] and in the
// interconnect (headroom held back from energy use), peak >= load (month, and window for flagged t), AI uptime commitments, and with
// minimum times on/off binaries u with start/stop indicators (classes then run as a block).
#include <ClpSimplex.hpp>
#include <ClpSolve.hpp>
#include <CbcModel.hpp>
#include <CoinError.hpp>
#include <CoinMpsIO.hpp>
#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>
#include <algorithm>
#include <cmath>
#include <map>

#include "core/error.hpp"
#include "dispatch/plan.hpp"

namespace hs::dispatch {

namespace {

struct Model {
  std::vector<double> collb, colub, obj;
  std::vector<double> rowlb, rowub;
  std::vector<int> ri, ci;
  std::vector<double> el;
  std::vector<char> integer;
  std::vector<std::string> colname, rowname;
  int add_col(double lb, double ub, double c, bool is_int, std::string name) {
    collb.push_back(lb), colub.push_back(ub), obj.push_back(c), integer.push_back(is_int ? 1 : 0);
    colname.push_back(std::move(name));
    return static_cast<int>(obj.size()) - 1;
  }
  int add_row(double lb, double ub, std::string name) {
    rowlb.push_back(lb), rowub.push_back(ub);
    rowname.push_back(std::move(name));
    return static_cast<int>(rowlb.size()) - 1;
  }
  void set(int r, int c, double v) { ri.push_back(r), ci.push_back(c), el.push_back(v); }
};

// Names CoinLpIO accepts: letters, digits and _ only, not starting with a digit.
std::string clean(const std::string& s) {
  std::string o;
  for (char ch : s) o += (std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_');
  return o;
}

bool ends_with(const std::string& s, const std::string& suf) {
  return s.size() >= suf.size() && s.compare(s.size() - suf.size(), suf.size(), suf) == 0;
}

}  // namespace

Plan solve_lp(const Site& site, const std::vector<Interval>& iv, const PlanOptions& opt) {
  check_feasible(site);
  const std::size_t n = iv.size();
  const std::size_t nk = site.mining.size(), nj = site.ai.size();
  const double inf = COIN_DBL_MAX;
  const bool names = !opt.write_lp.empty();
  auto nm = [&](std::string s) { return names ? s : std::string(); };
  Model md;
  std::vector<std::vector<int>> xcol(nk);  // [k][t*modes+m]
  std::vector<std::vector<int>> scol(nj);  // [j][t]
  std::vector<int> rcol;
  std::vector<std::vector<int>> ucol(nk);
  std::vector<std::vector<std::vector<int>>> acol(nk);  // [k][j][t]
  for (std::size_t k = 0; k < nk; ++k) acol[k].resize(site.mining[k].as_products.size());
  const std::size_t nb = site.storage.size();
  std::vector<std::vector<int>> ccol(nb), dcol(nb), ecol(nb);
  auto soc0 = [&](std::size_t b) {
    const auto it = opt.soc_mwh.find(site.storage[b].name);
    return std::clamp(it == opt.soc_mwh.end() ? site.storage[b].initial_soc_mwh : it->second, 0.0, site.storage[b].energy_mwh);
  };
  // Battery charging counts in every load row (interconnect, peaks) like load, discharging against it.
  auto add_storage = [&](int row, std::size_t t) {
    for (std::size_t b = 0; b < nb; ++b) md.set(row, ccol[b][t], 1.0), md.set(row, dcol[b][t], -1.0);
  };
  auto class_max_mw = [&](std::size_t k) {
    double mw = 0;
    for (std::size_t m = 0; m < site.mining[k].modes.size(); ++m) mw = std::max(mw, site.mining[k].mw_per_unit(m));
    return mw * static_cast<double>(site.mining[k].units);
  };
  const bool reserve = site.grid.has_reserve();
  const bool demand = site.grid.demand_charge_usd_per_kw_month > 0;
  std::vector<bool> blocky(nk);
  bool any_int = opt.integer_units;
  for (std::size_t k = 0; k < nk; ++k) {
    blocky[k] = site.mining[k].min_on_minutes > 0 || site.mining[k].min_off_minutes > 0;
    any_int = any_int || blocky[k];
  }
  double constant = 0;
  // LP algorithm (see the solve below), chosen before the model is built because the demand
  // peak is written for it: a running maximum (banded) for the barrier, one column per month
  // (fewer rows and columns) for dual simplex, which the running maximum slows down.
  constexpr std::size_t barrier_from_columns = 20000;
  std::size_t cols_per_interval = nj + (reserve ? 1 : 0);
  for (const auto& c : site.mining) cols_per_interval += c.modes.size();
  const std::string& method = opt.lp_method;
  const bool barrier = !any_int && (method == "barrier" || method == "crossover" ||
                                    (method == "auto" && n * cols_per_interval >= barrier_from_columns));
  // Demand charge per MW of a month's peak (scaled down for a rolling window, see PlanOptions).
  auto demand_cost = [&](int month) {
    const auto it = opt.demand_charge_scale.find(month);
    return site.grid.demand_charge_usd_per_kw_month * 1000.0 * (it == opt.demand_charge_scale.end() ? 1.0 : it->second);
  };
  // REGDN headroom counts in the interconnect (and the month's peak) like load.
  auto add_regdn = [&](int row, std::size_t t) {
    for (std::size_t k = 0; k < nk; ++k)
      for (std::size_t j = 0; j < acol[k].size(); ++j)
        if (site.grid.as_products[site.mining[k].as_products[j]].down) md.set(row, acol[k][j][t], 1.0);
  };
  // Demand-response caps per interval (baselines from opt; see solve_plan).
  Plan caps;
  const bool dr = !site.dr_events.empty() && !opt.ignore_dr;
  if (dr) set_dr_caps(site, iv, caps, opt.dr_baseline_mw);
  int run_col = -1, last_month = 0;  // barrier: running-maximum column of the month so far
  std::map<int, int> peak_col;       // simplex: the month's peak column
  for (std::size_t t = 0; t < n; ++t) {
    const double h = iv[t].hours();
    const double cost = iv[t].price_per_mwh + site.grid.adder_usd_per_mwh;
    const std::string ts = names ? "_" + std::to_string(t) : "";
    constant += -site.aux_mw * cost * h;
    // Columns.
    for (std::size_t k = 0; k < nk; ++k) {
      const auto& c = site.mining[k];
      for (std::size_t m = 0; m < c.modes.size(); ++m) {
        const double profit = h * (site.usd_per_unit_hour(k, m, iv[t].start) - cost * c.mw_per_unit(m));
        const bool off = t == 0 && k < opt.start.size() && opt.start[k].held_off;
        xcol[k].push_back(md.add_col(0, off ? 0.0 : static_cast<double>(c.units), -profit, opt.integer_units,
                                     nm("x_" + clean(c.name) + "_" + clean(c.modes[m].name) + ts)));
      }
      if (blocky[k]) {
        // Rolling decisions: a minimum time still running from before the first interval fixes
        // the block (a strike's curtailment wins over a minimum on time).
        double lo = 0, hi = 1;
        if (k < opt.start.size()) {
          const ClassStart& st = opt.start[k];
          const int left = (st.on ? c.min_on_minutes : c.min_off_minutes) - st.held_minutes;
          const bool held = left > 0 && static_cast<double>(t) * iv[0].minutes < left;
          if (st.held_off) {
            if (t == 0) hi = 0;
          } else if (held) {
            (st.on ? lo : hi) = st.on ? 1.0 : 0.0;
          }
        }
        ucol[k].push_back(md.add_col(lo, hi, 0, true, nm("on_" + clean(c.name) + ts)));
      }
    }
    for (std::size_t k = 0; k < nk; ++k)
      for (std::size_t j = 0; j < acol[k].size(); ++j) {
        const AsProduct& pr = site.grid.as_products[site.mining[k].as_products[j]];
        acol[k][j].push_back(md.add_col(0, class_max_mw(k), -h * pr.at(iv[t].start), false,
                                        nm("as_" + clean(site.mining[k].name) + "_" + clean(pr.name) + ts)));
      }
    for (std::size_t b = 0; b < nb; ++b) {
      const Storage& st = site.storage[b];
      const std::string bn = names ? clean(st.name) + ts : "";
      ccol[b].push_back(md.add_col(0, st.power_mw, h * cost, false, nm("charge_" + bn)));
      dcol[b].push_back(md.add_col(0, st.power_mw, -h * cost + h * st.degradation_usd_per_mwh, false, nm("discharge_" + bn)));
      // Each plan (each rolling window too) ends at least as full as initial_soc_mwh.
      ecol[b].push_back(md.add_col(t + 1 == n ? st.initial_soc_mwh : 0.0, st.energy_mwh, 0, false, nm("soc_" + bn)));
      const int r = md.add_row(t == 0 ? soc0(b) : 0.0, t == 0 ? soc0(b) : 0.0, nm("socdef_" + bn));
      md.set(r, ecol[b][t], 1.0);
      if (t > 0) md.set(r, ecol[b][t - 1], -1.0);
      md.set(r, ccol[b][t], -h * st.one_way());
      md.set(r, dcol[b][t], h / st.one_way());
    }
    for (std::size_t j = 0; j < nj; ++j) {
      const auto& b = site.ai[j];
      const double profit = h * (b.revenue_usd_per_mwh + b.penalty_usd_per_mwh - cost * b.pue);
      constant += h * (b.lease_usd_per_hour() - b.penalty_usd_per_mwh * b.it_mw);
      scol[j].push_back(md.add_col(b.firm ? b.it_mw : 0, b.it_mw, -profit, false, nm("ai_" + clean(b.name) + ts)));
    }
    if (reserve) {
      const double cap = site.grid.reserve_max_mw > 0 ? site.grid.reserve_max_mw : inf;
      rcol.push_back(md.add_col(0, cap, -h * site.grid.reserve_at(iv[t].start), false, nm("reserve" + ts)));
    }
    if (nb > 0) {
      // No export: discharge covers at most the site's own load.
      const int r = md.add_row(-site.aux_mw, inf, nm("noexport" + ts));
      for (std::size_t k = 0; k < nk; ++k)
        for (std::size_t m = 0; m < site.mining[k].modes.size(); ++m)
          md.set(r, xcol[k][t * site.mining[k].modes.size() + m], site.mining[k].mw_per_unit(m));
      for (std::size_t j = 0; j < nj; ++j) md.set(r, scol[j][t], site.ai[j].pue);
      add_storage(r, t);
    }
    if (dr && !std::isnan(caps.dr_cap_mw[t])) {
      // The event overrides the price: draw above the cap is paid for at the penalty.
      const int sc = md.add_col(0, inf, h * caps.dr_penalty_usd_per_mwh[t], false, nm("dr_short" + ts));
      const int r = md.add_row(-inf, caps.dr_cap_mw[t] - site.aux_mw, nm("dr_cap" + ts));
      for (std::size_t k = 0; k < nk; ++k)
        for (std::size_t m = 0; m < site.mining[k].modes.size(); ++m)
          md.set(r, xcol[k][t * site.mining[k].modes.size() + m], site.mining[k].mw_per_unit(m));
      for (std::size_t j = 0; j < nj; ++j) md.set(r, scol[j][t], site.ai[j].pue);
      add_storage(r, t);
      md.set(r, sc, -1.0);
    }
    // Interconnect. With a demand charge the month's peak column (bounded by the interconnect)
    // carries it instead: load + overhead <= peak <= interconnect, one row fewer per interval.
    if (!demand) {
      const int row = md.add_row(-inf, site.usable_mw(), nm("interconnect" + ts));
      for (std::size_t k = 0; k < nk; ++k)
        for (std::size_t m = 0; m < site.mining[k].modes.size(); ++m)
          md.set(row, xcol[k][t * site.mining[k].modes.size() + m], site.mining[k].mw_per_unit(m));
      for (std::size_t j = 0; j < nj; ++j) md.set(row, scol[j][t], site.ai[j].pue);
      add_regdn(row, t);
      add_storage(row, t);
    }
    // Ancillary services per class: up products from load running, REGDN from headroom.
    for (std::size_t k = 0; k < nk; ++k) {
      if (acol[k].empty()) continue;
      const auto& c = site.mining[k];
      const std::size_t M = c.modes.size();
      int up = -1, down = -1;
      for (std::size_t j = 0; j < acol[k].size(); ++j) {
        const bool is_down = site.grid.as_products[c.as_products[j]].down;
        int& r = is_down ? down : up;
        if (r < 0) {
          r = is_down ? md.add_row(-inf, class_max_mw(k), nm("as_down_" + clean(c.name) + ts))
                      : md.add_row(-inf, 0, nm("as_up_" + clean(c.name) + ts));
          for (std::size_t m = 0; m < M; ++m) md.set(r, xcol[k][t * M + m], is_down ? c.mw_per_unit(m) : -c.mw_per_unit(m));
        }
        md.set(r, acol[k][j][t], 1.0);
      }
    }
    // Units per class (a column bound suffices for one mode without binaries).
    for (std::size_t k = 0; k < nk; ++k) {
      const auto& c = site.mining[k];
      const std::size_t M = c.modes.size();
      if (M == 1 && !blocky[k]) continue;
      const double N = static_cast<double>(c.units);
      const int r = blocky[k] ? md.add_row(0, 0, nm("block_" + clean(c.name) + ts))
                              : md.add_row(-inf, N, nm("units_" + clean(c.name) + ts));
      for (std::size_t m = 0; m < M; ++m) md.set(r, xcol[k][t * M + m], 1.0);
      if (blocky[k]) md.set(r, ucol[k][t], -N);  // all units run when the block is on
    }
    // Reserve no larger than the interruptible load running.
    if (reserve) {
      const int r = md.add_row(-inf, 0, nm("reserve_cover" + ts));
      md.set(r, rcol[t], 1.0);
      for (std::size_t k = 0; k < nk; ++k)
        for (std::size_t m = 0; m < site.mining[k].modes.size(); ++m)
          md.set(r, xcol[k][t * site.mining[k].modes.size() + m], -site.mining[k].mw_per_unit(m));
      for (std::size_t j = 0; j < nj; ++j)
        if (!site.ai[j].firm) md.set(r, scol[j][t], -site.ai[j].pue);
      // No MW sold twice: load that backs an up service cannot back the reserve too.
      for (std::size_t k = 0; k < nk; ++k)
        for (std::size_t j = 0; j < acol[k].size(); ++j)
          if (!site.grid.as_products[site.mining[k].as_products[j]].down) md.set(r, acol[k][j][t], 1.0);
    }
    // Ramp: change of class power between consecutive intervals (and, in a rolling decision,
    // from the power in force before the first).
    if (t == 0) {
      for (std::size_t k = 0; k < nk && k < opt.start.size(); ++k) {
        const auto& c = site.mining[k];
        if (c.ramp_mw_per_minute <= 0 || !opt.start[k].power_mw || opt.start[k].held_off) continue;  // a strike curtails at once
        const double lim = c.ramp_mw_per_minute * iv[t].minutes, before = *opt.start[k].power_mw;
        const int r = md.add_row(before - lim, before + lim, nm("ramp_" + clean(c.name) + ts));
        const std::size_t M = c.modes.size();
        for (std::size_t m = 0; m < M; ++m) md.set(r, xcol[k][m], c.mw_per_unit(m));
      }
    } else {
      for (std::size_t k = 0; k < nk; ++k) {
        const auto& c = site.mining[k];
        if (c.ramp_mw_per_minute <= 0) continue;
        const double lim = c.ramp_mw_per_minute * iv[t].minutes;
        const int r = md.add_row(-lim, lim, nm("ramp_" + clean(c.name) + ts));
        const std::size_t M = c.modes.size();
        for (std::size_t m = 0; m < M; ++m) {
          md.set(r, xcol[k][t * M + m], c.mw_per_unit(m));
          md.set(r, xcol[k][(t - 1) * M + m], -c.mw_per_unit(m));
        }
      }
    }
    // Monthly peak. For simplex one column per month over the month's load rows. For the
    // barrier a running maximum: m[t] >= load[t] + overhead and m[t] >= m[t-1] within
    // the billing month, the month's last m charged. The same optimum as one peak column per
    // month under every load row, but each column has at most three entries, so the matrix
    // stays banded: the barrier's normal equations do not fill in (one dense column per month
    // made them dense blocks of a month's intervals squared).
    if (demand && !barrier) {
      const int month = billing_month(site, iv[t].start);
      auto it = peak_col.find(month);
      if (it == peak_col.end()) {
        const double so_far = peak_col.empty() ? std::min(opt.month_peak_so_far_mw, site.interconnect_mw) : 0.0;
        const int pc = md.add_col(so_far, site.interconnect_mw, demand_cost(month), false,
                                  nm("peak_" + std::to_string(month / 12) + "_" + std::to_string(month % 12 + 1)));
        it = peak_col.emplace(month, pc).first;
      }
      const int r = md.add_row(-inf, -site.aux_mw, nm("peak" + ts));
      for (std::size_t k = 0; k < nk; ++k)
        for (std::size_t m = 0; m < site.mining[k].modes.size(); ++m)
          md.set(r, xcol[k][t * site.mining[k].modes.size() + m], site.mining[k].mw_per_unit(m));
      for (std::size_t j = 0; j < nj; ++j) md.set(r, scol[j][t], site.ai[j].pue);
      add_regdn(r, t);
      add_storage(r, t);
      md.set(r, it->second, -1.0);
    } else if (demand) {
      const int month = billing_month(site, iv[t].start);
      const bool first = t == 0 || month != last_month;
      const double so_far = t == 0 ? std::min(opt.month_peak_so_far_mw, site.interconnect_mw) : 0.0;
      const int mc = md.add_col(so_far, site.interconnect_mw, 0, false, nm("peak" + ts));
      if (!first) {
        const int rc = md.add_row(0, inf, nm("peakrun" + ts));
        md.set(rc, mc, 1.0), md.set(rc, run_col, -1.0);
      } else if (t > 0) {
        md.obj[static_cast<std::size_t>(run_col)] = demand_cost(last_month);  // month ended
      }
      run_col = mc, last_month = month;
      const int r = md.add_row(-inf, -site.aux_mw, nm("load" + ts));
      for (std::size_t k = 0; k < nk; ++k)
        for (std::size_t m = 0; m < site.mining[k].modes.size(); ++m)
          md.set(r, xcol[k][t * site.mining[k].modes.size() + m], site.mining[k].mw_per_unit(m));
      for (std::size_t j = 0; j < nj; ++j) md.set(r, scol[j][t], site.ai[j].pue);
      add_regdn(r, t);
      add_storage(r, t);
      md.set(r, mc, -1.0);
      if (t + 1 == n) md.obj[static_cast<std::size_t>(mc)] = demand_cost(month);
    }
  }
  // Peak windows: one column per window, charged peak_usd_per_mw / W per MW so the W columns
  // together cost peak_usd_per_mw x their mean; each flagged interval's load lies under it.
  if (site.grid.has_peak_windows()) {
    const auto windows = peak_windows_indexed(site, iv);
    const std::size_t count = opt.peak_over_all_windows ? site.grid.peak_window_names.size() : windows.size();
    const double per = site.grid.peak_usd_per_mw / static_cast<double>(std::max<std::size_t>(1, count));
    for (std::size_t w = 0; w < windows.size(); ++w) {
      const auto seen = opt.window_peak_so_far_mw.find(site.grid.peak_window_names[windows[w].first]);
      const double so_far = seen == opt.window_peak_so_far_mw.end() ? 0.0 : std::min(seen->second, site.interconnect_mw);
      const int pc = md.add_col(so_far, site.interconnect_mw, per, false, nm("wpeak_" + std::to_string(w)));
      for (std::size_t t : windows[w].second) {
        const int r = md.add_row(-inf, -site.aux_mw, nm("wpeak_" + std::to_string(w) + "_" + std::to_string(t)));
        for (std::size_t k = 0; k < nk; ++k)
          for (std::size_t m = 0; m < site.mining[k].modes.size(); ++m)
            md.set(r, xcol[k][t * site.mining[k].modes.size() + m], site.mining[k].mw_per_unit(m));
        for (std::size_t j = 0; j < nj; ++j) md.set(r, scol[j][t], site.ai[j].pue);
        add_storage(r, t);
        md.set(r, pc, -1.0);
      }
    }
  }
  // Uptime commitments of interruptible AI blocks over the horizon.
  double horizon_h = 0;
  for (const auto& i : iv) horizon_h += i.hours();
  for (std::size_t j = 0; j < nj; ++j) {
    const auto& b = site.ai[j];
    if (b.firm || b.uptime <= 0) continue;
    const int r = md.add_row(b.uptime * b.it_mw * horizon_h, inf, nm("uptime_" + clean(b.name)));
    for (std::size_t t = 0; t < n; ++t) md.set(r, scol[j][t], iv[t].hours());
  }
  // Minimum on/off times: start y >= u[t] - u[t-1], stop z >= u[t-1] - u[t]; a start in the
  // last L_on intervals keeps the block on, a stop in the last L_off keeps it off.
  for (std::size_t k = 0; k < nk; ++k) {
    if (!blocky[k]) continue;
    const auto& c = site.mining[k];
    const int minutes = iv.front().minutes;
    const std::size_t lon = static_cast<std::size_t>((c.min_on_minutes + minutes - 1) / minutes);
    const std::size_t loff = static_cast<std::size_t>((c.min_off_minutes + minutes - 1) / minutes);
    const double u0 = k < opt.start.size() ? (opt.start[k].on ? 1.0 : 0.0) : (opt.initially_on ? 1.0 : 0.0);
    std::vector<int> y, z;
    for (std::size_t t = 0; t < n; ++t) {
      const std::string ts = names ? "_" + clean(c.name) + "_" + std::to_string(t) : "";
      y.push_back(md.add_col(0, 1, 0, false, nm("start" + ts)));
      z.push_back(md.add_col(0, 1, 0, false, nm("stop" + ts)));
      const int ry = md.add_row(t == 0 ? -u0 : 0, inf, nm("startdef" + ts));
      md.set(ry, y[t], 1), md.set(ry, ucol[k][t], -1);
      const int rz = md.add_row(t == 0 ? u0 : 0, inf, nm("stopdef" + ts));
      md.set(rz, z[t], 1), md.set(rz, ucol[k][t], 1);
      if (t > 0) md.set(ry, ucol[k][t - 1], 1), md.set(rz, ucol[k][t - 1], -1);
      if (lon > 1) {
        const int r = md.add_row(-inf, 0, nm("minon" + ts));
        for (std::size_t s = t + 1 > lon ? t + 1 - lon : 0; s <= t; ++s) md.set(r, y[s], 1);
        md.set(r, ucol[k][t], -1);
      }
      if (loff > 1) {
        const int r = md.add_row(-inf, 1, nm("minoff" + ts));
        for (std::size_t s = t + 1 > loff ? t + 1 - loff : 0; s <= t; ++s) md.set(r, z[s], 1);
        md.set(r, ucol[k][t], 1);
      }
    }
  }

  const int ncols = static_cast<int>(md.obj.size()), nrows = static_cast<int>(md.rowlb.size());
  CoinPackedMatrix matrix(true, md.ri.data(), md.ci.data(), md.el.data(), static_cast<CoinBigIndex>(md.el.size()));
  if (matrix.getNumCols() < ncols) matrix.setDimensions(nrows, ncols);
  if (matrix.getNumRows() < nrows) matrix.setDimensions(nrows, ncols);

  if (!opt.write_lp.empty()) {
    // Written before solving, so a model that fails can still be inspected elsewhere.
    try {
      if (ends_with(opt.write_lp, ".mps")) {
        CoinMpsIO io;
        io.messageHandler()->setLogLevel(0);
        io.setMpsData(matrix, inf, md.collb.data(), md.colub.data(), md.obj.data(), md.integer.data(),
                      md.rowlb.data(), md.rowub.data(), md.colname, md.rowname);
        io.setProblemName("allocate");
        if (io.writeMps(opt.write_lp.c_str(), 0, 1, 2) != 0) throw CoinError("write failed", "writeMps", "CoinMpsIO");
      } else {
        OsiClpSolverInterface w;
        w.messageHandler()->setLogLevel(0);
        w.loadProblem(matrix, md.collb.data(), md.colub.data(), md.obj.data(), md.rowlb.data(), md.rowub.data());
        for (int c = 0; c < ncols; ++c)
          if (md.integer[static_cast<std::size_t>(c)]) w.setInteger(c);
        std::vector<const char*> rn, cn;
        for (auto& s : md.rowname) rn.push_back(s.c_str());
        rn.push_back("neg_margin");
        for (auto& s : md.colname) cn.push_back(s.c_str());
        if (w.writeLpNative(opt.write_lp.c_str(), rn.data(), cn.data(), 1e-12, 10, 12, 1.0, true) != 0)
          throw CoinError("write failed", "writeLpNative", "OsiClpSolverInterface");
      }
    } catch (const CoinError& e) {
      throw Error(exit_code::cant_create, "cannot write the model to " + opt.write_lp + ": " + e.message());
    }
  }

  std::vector<double> sol;
  double objective = 0;
  std::string solver;
  auto infeasible = [&](const std::string& what) {
    std::string why;
    for (const auto& b : site.ai)
      if (!b.firm && b.uptime > 0) why += "; AI block '" + b.name + "' commits to " + std::to_string(b.uptime) + " uptime";
    for (const auto& c : site.mining) {
      if (c.ramp_mw_per_minute > 0) why += "; mining class '" + c.name + "' ramps at most " + std::to_string(c.ramp_mw_per_minute) + " MW/min";
      if (c.min_on_minutes > 0 || c.min_off_minutes > 0) why += "; mining class '" + c.name + "' has minimum on/off times";
    }
    throw Error(exit_code::data, "the site cannot be planned (" + what + ")" +
                                     (why.empty() ? std::string() : ": constraints in play" + why));
  };
  if (!any_int) {
    ClpSimplex clp;
    clp.setLogLevel(0);
    clp.loadProblem(matrix, md.collb.data(), md.colub.data(), md.obj.data(), md.rowlb.data(), md.rowub.data());
    // The model is banded (intervals in a chain, see the demand peak), so the barrier's
    // Cholesky factors stay sparse and the interior point method takes a few dozen iterations
    // where dual simplex takes one or more per interval: on the bench year (bench/allocate.sh)
    // it is ten times faster, and its objective agrees with dual simplex's to 1e-9. Crossover to
    // a basis costs more than the barrier itself on these degenerate models (many intervals at
    // one price), so it is asked for only with "crossover". Small models (tests, a day) go to
    // dual simplex, which gives vertex solutions there in milliseconds.
    if (barrier) {
      ClpSolve how;
      how.setSolveType(method == "crossover" ? ClpSolve::useBarrier : ClpSolve::useBarrierNoCross);
      how.setPresolveType(ClpSolve::presolveOn);
      clp.initialSolve(how);
      if (!clp.isProvenOptimal() && !clp.isProvenPrimalInfeasible()) clp.initialSolve();  // not converged: simplex
    } else {
      clp.initialSolve();  // dual simplex after presolve
    }
    if (clp.isProvenPrimalInfeasible()) infeasible("infeasible");
    if (clp.isProvenDualInfeasible()) infeasible("unbounded");
    if (!clp.isProvenOptimal()) throw Error(exit_code::software, "CLP stopped without an optimal plan (status " + std::to_string(clp.status()) + ")");
    sol.assign(clp.primalColumnSolution(), clp.primalColumnSolution() + ncols);
    objective = clp.objectiveValue();
    solver = "clp";
  } else {
    OsiClpSolverInterface si;
    si.messageHandler()->setLogLevel(0);
    si.loadProblem(matrix, md.collb.data(), md.colub.data(), md.obj.data(), md.rowlb.data(), md.rowub.data());
    for (int c = 0; c < ncols; ++c)
      if (md.integer[static_cast<std::size_t>(c)]) si.setInteger(c);
    CbcModel cbc(si);
    cbc.setLogLevel(0);
    cbc.messageHandler()->setLogLevel(0);
    cbc.setAllowableFractionGap(opt.mip_gap);
    cbc.branchAndBound();
    if (cbc.isProvenInfeasible()) infeasible("infeasible");
    if (!cbc.bestSolution()) throw Error(exit_code::software, "CBC found no integer plan");
    sol.assign(cbc.bestSolution(), cbc.bestSolution() + ncols);
    objective = cbc.getObjValue();
    solver = "cbc";
  }

  Plan p;
  p.solver = solver;
  p.n = n;
  for (std::size_t k = 0; k < nk; ++k) {
    std::vector<double> u(xcol[k].size());
    for (std::size_t i = 0; i < u.size(); ++i) {
      double v = std::max(0.0, sol[static_cast<std::size_t>(xcol[k][i])]);
      if (any_int && opt.integer_units) v = std::round(v);
      u[i] = v;
    }
    p.units.push_back(std::move(u));
  }
  for (std::size_t j = 0; j < nj; ++j) {
    std::vector<double> s(n);
    for (std::size_t t = 0; t < n; ++t) s[t] = std::clamp(sol[static_cast<std::size_t>(scol[j][t])], 0.0, site.ai[j].it_mw);
    p.ai_it_mw.push_back(std::move(s));
  }
  if (reserve)
    for (int c : rcol) p.reserve_mw.push_back(std::max(0.0, sol[static_cast<std::size_t>(c)]));
  for (std::size_t b = 0; b < nb; ++b) {
    auto get = [&](const std::vector<int>& cols) {
      std::vector<double> v(n);
      for (std::size_t t = 0; t < n; ++t) v[t] = std::max(0.0, sol[static_cast<std::size_t>(cols[t])]);
      return v;
    };
    p.charge_mw.push_back(get(ccol[b]));
    p.discharge_mw.push_back(get(dcol[b]));
    p.soc_mwh.push_back(get(ecol[b]));
  }
  if (site.grid.has_as()) {
    p.as_mw.resize(nk);
    for (std::size_t k = 0; k < nk; ++k)
      for (const auto& cols : acol[k]) {
        std::vector<double> v(n);
        for (std::size_t t = 0; t < n; ++t) v[t] = std::max(0.0, sol[static_cast<std::size_t>(cols[t])]);
        p.as_mw[k].push_back(std::move(v));
      }
  }
  if (dr) p.dr_baseline_mw = caps.dr_baseline_mw, p.dr_cap_mw = caps.dr_cap_mw, p.dr_penalty_usd_per_mwh = caps.dr_penalty_usd_per_mwh;
  p.objective_usd = -objective + constant;
  return p;
}

}  // namespace hs::dispatch
