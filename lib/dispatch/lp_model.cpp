// The plan's linear program, family by family (the formulation: lp_model.hpp). build() writes
// the families in a fixed order; the order fixes the model's column and row numbers, so a model
// file and a degenerate optimum's vertex do not change between runs.
#include "dispatch/lp_model.hpp"

#include <CoinFinite.hpp>
#include <algorithm>
#include <cctype>
#include <cmath>

namespace hs::dispatch::lp {

namespace {

const double inf = COIN_DBL_MAX;  // an absent bound

// Names CoinLpIO accepts: letters, digits and _ only, not starting with a digit.
std::string clean(const std::string& s) {
  std::string o;
  for (char ch : s) o += (std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_');
  return o;
}

// Columns in a model above which "auto" takes the barrier (see solve in lp_solve.cpp).
constexpr std::size_t barrier_from_columns = 20000;

}  // namespace

int Model::add_col(double lb, double ub, double cost, bool is_int, std::string name) {
  collb.push_back(lb), colub.push_back(ub), obj.push_back(cost), integer.push_back(is_int ? 1 : 0);
  colname.push_back(std::move(name));
  return static_cast<int>(obj.size()) - 1;
}

int Model::add_row(double lb, double ub, std::string name) {
  rowlb.push_back(lb), rowub.push_back(ub);
  rowname.push_back(std::move(name));
  return static_cast<int>(rowlb.size()) - 1;
}

PlanModel::PlanModel(const Site& site, const std::vector<Interval>& iv, PlanOptions opt, bool names)
    : site_(site), iv_(iv), opt_(std::move(opt)), names_(names) {
  const std::size_t nk = site.mining.size(), nj = site.ai.size(), nb = site.storage.size();
  xcol_.resize(nk), ucol_.resize(nk), acol_.resize(nk), scol_.resize(nj);
  ccol_.resize(nb), dcol_.resize(nb), ecol_.resize(nb);
  for (std::size_t k = 0; k < nk; ++k) acol_[k].resize(site.mining[k].as_products.size());
  reserve_ = site.grid.has_reserve();
  demand_ = site.grid.demand_charge_usd_per_kw_month > 0;
  blocky_.resize(nk);
  at_.assign(iv.size(), 0);
  for (std::size_t t = 1; t < iv.size(); ++t) at_[t] = at_[t - 1] + iv[t - 1].minutes;
  any_int_ = opt_.integer_units;
  for (std::size_t k = 0; k < nk; ++k) {
    blocky_[k] = site.mining[k].min_on_minutes > 0 || site.mining[k].min_off_minutes > 0;
    any_int_ = any_int_ || blocky_[k];
  }
  // A clause that limits hours, events or notice needs binaries where caps are allowed.
  for (std::size_t j = 0; j < nj; ++j) {
    const AiFlex& f = site.ai[j].flex;
    if (!(f.hours_per_day < 24 || f.events_per_month < (1 << 20) || f.notice_minutes > 0)) continue;
    for (std::size_t t = 0; t < iv.size(); ++t) any_int_ = any_int_ || cap_allowed(j, t);
  }
  // The LP algorithm is chosen before the model is written because the demand peak is written
  // for it: a running maximum (banded) for the barrier, one column per month (fewer rows and
  // columns) for dual simplex, which the running maximum slows down.
  std::size_t cols_per_interval = nj + (reserve_ ? 1 : 0);
  for (const auto& c : site.mining) cols_per_interval += c.modes.size();
  const std::string& method = opt_.lp_method;
  barrier_ = !any_int_ && (method == "barrier" || method == "crossover" ||
                           (method == "auto" && iv.size() * cols_per_interval >= barrier_from_columns));
  // Demand-response caps per interval (baselines from opt; see solve_plan).
  dr_ = !site.dr_events.empty() && !opt_.ignore_dr;
  if (dr_) set_dr_caps(site, iv, caps_, opt_.dr_baseline_mw);
}

void PlanModel::build() {
  for (std::size_t t = 0; t < iv_.size(); ++t) {
    add_columns(t);
    add_no_export(t);
    add_dr_cap(t);
    add_interconnect(t);
    add_as_cover(t);
    add_units(t);
    add_reserve_cover(t);
    add_ramp(t);
    add_month_peak(t);
  }
  add_peak_windows();
  add_uptime();
  add_min_times();
  add_flex();
}

bool PlanModel::cap_allowed(std::size_t j, std::size_t t) const {
  return j < opt_.ai_cap_allowed.size() && t < opt_.ai_cap_allowed[j].size() && opt_.ai_cap_allowed[j][t];
}

bool PlanModel::mining_held_off(std::size_t t) const {
  for (std::size_t j = 0; j < site_.ai.size(); ++j)
    if (cap_allowed(j, t)) return true;
  return false;
}

double PlanModel::energy_cost(std::size_t t) const { return iv_[t].price_per_mwh + site_.grid.adder_usd_per_mwh; }

double PlanModel::class_max_mw(std::size_t k) const {
  double mw = 0;
  for (std::size_t m = 0; m < modes(k); ++m) mw = std::max(mw, site_.mining[k].mw_per_unit(m));
  return mw * static_cast<double>(site_.mining[k].units);
}

// A rolling decision's stored energy (opt.soc_mwh) overrides the site's initial one.
double PlanModel::soc0(std::size_t b) const {
  const Storage& st = site_.storage[b];
  const auto it = opt_.soc_mwh.find(st.name);
  return std::clamp(it == opt_.soc_mwh.end() ? st.initial_soc_mwh : it->second, 0.0, st.energy_mwh);
}

// Demand charge per MW of a month's peak (scaled down for a rolling window, see PlanOptions).
double PlanModel::demand_cost(int month) const {
  const auto it = opt_.demand_charge_scale.find(month);
  return site_.grid.demand_charge_usd_per_kw_month * 1000.0 * (it == opt_.demand_charge_scale.end() ? 1.0 : it->second);
}

void PlanModel::add_load(int row, std::size_t t, bool margin) {
  for (std::size_t k = 0; k < site_.mining.size(); ++k)
    for (std::size_t m = 0; m < modes(k); ++m) md_.set(row, xcol_[k][t * modes(k) + m], site_.mining[k].mw_per_unit(m));
  for (std::size_t j = 0; j < site_.ai.size(); ++j) {
    const auto& b = site_.ai[j];
    // The margin above a measured draw, pro rata to what is served: none for a block off.
    const double draw = b.draw_it_mw(iv_[t].start), held = margin ? b.held_mw(iv_[t].start) : 0.0;
    md_.set(row, scol_[j][t], b.pue + (held > 0 && draw > 0 ? held / draw : 0.0));
  }
}

void PlanModel::add_battery_net(int row, std::size_t t) {
  for (std::size_t b = 0; b < site_.storage.size(); ++b)
    md_.set(row, ccol_[b][t], 1.0), md_.set(row, dcol_[b][t], -1.0);
}

void PlanModel::add_regdn(int row, std::size_t t) {
  for (std::size_t k = 0; k < site_.mining.size(); ++k)
    for (std::size_t j = 0; j < acol_[k].size(); ++j)
      if (site_.grid.as_products[site_.mining[k].as_products[j]].down) md_.set(row, acol_[k][j][t], 1.0);
}

void PlanModel::add_columns(std::size_t t) {
  const double cost = energy_cost(t);
  constant_ += -site_.aux_mw * cost * iv_[t].hours();
  add_mining_columns(t);
  add_as_columns(t);
  add_storage(t);
  add_ai_columns(t);
  if (reserve_) {
    const double cap = site_.grid.reserve_max_mw > 0 ? site_.grid.reserve_max_mw : inf;
    rcol_.push_back(
        md_.add_col(0, cap, -iv_[t].hours() * site_.grid.reserve_at(iv_[t].start), false, name("reserve" + suffix(t))));
  }
}

void PlanModel::add_mining_columns(std::size_t t) {
  const double h = iv_[t].hours(), cost = energy_cost(t);
  for (std::size_t k = 0; k < site_.mining.size(); ++k) {
    const auto& c = site_.mining[k];
    for (std::size_t m = 0; m < c.modes.size(); ++m) {
      const double profit = h * (site_.usd_per_unit_hour(k, m, iv_[t].start) - cost * c.mw_per_unit(m));
      const bool off = (t == 0 && k < opt_.start.size() && opt_.start[k].held_off) || mining_held_off(t);
      xcol_[k].push_back(md_.add_col(0, off ? 0.0 : static_cast<double>(c.units), -profit, opt_.integer_units,
                                     name("x_" + clean(c.name) + "_" + clean(c.modes[m].name) + suffix(t))));
    }
    if (!blocky_[k]) continue;
    // Rolling decisions: a minimum time still running from before the first interval fixes the
    // block (a strike's curtailment wins over a minimum on time).
    double lo = 0, hi = 1;
    if (k < opt_.start.size()) {
      const ClassStart& st = opt_.start[k];
      const int left = (st.on ? c.min_on_minutes : c.min_off_minutes) - st.held_minutes;
      const bool held = left > 0 && at_[t] < left;
      if (st.held_off) {
        if (t == 0) hi = 0;
      } else if (held) {
        (st.on ? lo : hi) = st.on ? 1.0 : 0.0;
      }
    }
    ucol_[k].push_back(md_.add_col(lo, hi, 0, true, name("on_" + clean(c.name) + suffix(t))));
  }
}

void PlanModel::add_as_columns(std::size_t t) {
  for (std::size_t k = 0; k < site_.mining.size(); ++k)
    for (std::size_t j = 0; j < acol_[k].size(); ++j) {
      const AsProduct& pr = site_.grid.as_products[site_.mining[k].as_products[j]];
      acol_[k][j].push_back(md_.add_col(0, class_max_mw(k), -iv_[t].hours() * pr.at(iv_[t].start), false,
                                        name("as_" + clean(site_.mining[k].name) + "_" + clean(pr.name) + suffix(t))));
    }
}

void PlanModel::add_storage(std::size_t t) {
  const double h = iv_[t].hours(), cost = energy_cost(t);
  const std::size_t n = iv_.size();
  for (std::size_t b = 0; b < site_.storage.size(); ++b) {
    const Storage& st = site_.storage[b];
    const std::string bn = names_ ? clean(st.name) + suffix(t) : "";
    ccol_[b].push_back(md_.add_col(0, st.power_mw, h * cost, false, name("charge_" + bn)));
    dcol_[b].push_back(
        md_.add_col(0, st.power_mw, -h * cost + h * st.degradation_usd_per_mwh, false, name("discharge_" + bn)));
    // Each plan (each rolling window too) ends at least as full as initial_soc_mwh.
    ecol_[b].push_back(md_.add_col(t + 1 == n ? st.initial_soc_mwh : 0.0, st.energy_mwh, 0, false, name("soc_" + bn)));
    const int r = md_.add_row(t == 0 ? soc0(b) : 0.0, t == 0 ? soc0(b) : 0.0, name("socdef_" + bn));
    md_.set(r, ecol_[b][t], 1.0);
    if (t > 0) md_.set(r, ecol_[b][t - 1], -1.0);
    md_.set(r, ccol_[b][t], -h * st.one_way());
    md_.set(r, dcol_[b][t], h / st.one_way());
  }
}

void PlanModel::add_ai_columns(std::size_t t) {
  const double h = iv_[t].hours(), cost = energy_cost(t);
  for (std::size_t j = 0; j < site_.ai.size(); ++j) {
    const auto& b = site_.ai[j];
    const double draw = b.draw_it_mw(iv_[t].start);
    // A firm block serves its draw; what a cap sheds pays the clause's cost, not the penalty.
    const bool cap = cap_allowed(j, t);
    const double pen = b.firm ? 0.0 : b.penalty_usd_per_mwh, flex = cap ? b.flex.cost_usd_per_mwh : 0.0;
    const double profit = h * (b.revenue_usd_per_mwh + pen + flex - cost * b.paid_mw(1.0));
    constant_ += h * (b.lease_usd_per_hour() - (pen + flex) * draw);
    const double lo = !b.firm ? 0.0 : cap ? draw * (1 - b.flex.max_cap()) : draw;
    scol_[j].push_back(md_.add_col(lo, draw, -profit, false, name("ai_" + clean(b.name) + suffix(t))));
  }
}

void PlanModel::add_no_export(std::size_t t) {
  if (site_.storage.empty()) return;
  const int r = md_.add_row(-site_.aux_mw, inf, name("noexport" + suffix(t)));
  add_load(r, t);
  add_battery_net(r, t);
}

void PlanModel::add_dr_cap(std::size_t t) {
  if (!dr_ || std::isnan(caps_.dr_cap_mw[t])) return;
  // The event overrides the price: draw above the cap is paid for at the penalty.
  const int sc =
      md_.add_col(0, inf, iv_[t].hours() * caps_.dr_penalty_usd_per_mwh[t], false, name("dr_short" + suffix(t)));
  const int r = md_.add_row(-inf, caps_.dr_cap_mw[t] - site_.aux_mw, name("dr_cap" + suffix(t)));
  add_load(r, t);
  add_battery_net(r, t);
  md_.set(r, sc, -1.0);
}

// With a demand charge the month's peak column (bounded by the interconnect) carries the
// interconnect instead: load + overhead <= peak <= interconnect, one row fewer per interval.
// A measured AI draw's margin is held in the interconnect row only (it is room kept free, not
// energy drawn), so a site with a demand charge then writes that row too.
void PlanModel::add_interconnect(std::size_t t) {
  const bool held = std::any_of(site_.ai.begin(), site_.ai.end(), [&](const AiBlock& b) { return b.held_mw(iv_[t].start) > 0; });
  if (demand_ && !held) return;
  const int row = md_.add_row(-inf, site_.usable_mw(), name("interconnect" + suffix(t)));
  add_load(row, t, true);
  add_regdn(row, t);
  add_battery_net(row, t);
}

void PlanModel::add_as_cover(std::size_t t) {
  for (std::size_t k = 0; k < site_.mining.size(); ++k) {
    if (acol_[k].empty()) continue;
    const auto& c = site_.mining[k];
    const std::size_t M = c.modes.size();
    int up = -1, down = -1;
    for (std::size_t j = 0; j < acol_[k].size(); ++j) {
      const bool is_down = site_.grid.as_products[c.as_products[j]].down;
      int& r = is_down ? down : up;
      if (r < 0) {
        r = is_down ? md_.add_row(-inf, class_max_mw(k), name("as_down_" + clean(c.name) + suffix(t)))
                    : md_.add_row(-inf, 0, name("as_up_" + clean(c.name) + suffix(t)));
        for (std::size_t m = 0; m < M; ++m)
          md_.set(r, xcol_[k][t * M + m], is_down ? c.mw_per_unit(m) : -c.mw_per_unit(m));
      }
      md_.set(r, acol_[k][j][t], 1.0);
    }
  }
}

// A column bound suffices for one mode without binaries.
void PlanModel::add_units(std::size_t t) {
  for (std::size_t k = 0; k < site_.mining.size(); ++k) {
    const auto& c = site_.mining[k];
    const std::size_t M = c.modes.size();
    if (M == 1 && !blocky_[k]) continue;
    const double N = static_cast<double>(c.units);
    const int r = blocky_[k] ? md_.add_row(0, 0, name("block_" + clean(c.name) + suffix(t)))
                             : md_.add_row(-inf, N, name("units_" + clean(c.name) + suffix(t)));
    for (std::size_t m = 0; m < M; ++m) md_.set(r, xcol_[k][t * M + m], 1.0);
    if (blocky_[k]) md_.set(r, ucol_[k][t], -N);  // all units run when the block is on
  }
}

void PlanModel::add_reserve_cover(std::size_t t) {
  if (!reserve_) return;
  const int r = md_.add_row(-inf, 0, name("reserve_cover" + suffix(t)));
  md_.set(r, rcol_[t], 1.0);
  for (std::size_t k = 0; k < site_.mining.size(); ++k)
    for (std::size_t m = 0; m < modes(k); ++m) md_.set(r, xcol_[k][t * modes(k) + m], -site_.mining[k].mw_per_unit(m));
  for (std::size_t j = 0; j < site_.ai.size(); ++j)
    if (!site_.ai[j].firm) md_.set(r, scol_[j][t], -site_.ai[j].pue);
  // No MW sold twice: load that backs an up service cannot back the reserve too.
  for (std::size_t k = 0; k < site_.mining.size(); ++k)
    for (std::size_t j = 0; j < acol_[k].size(); ++j)
      if (!site_.grid.as_products[site_.mining[k].as_products[j]].down) md_.set(r, acol_[k][j][t], 1.0);
}

// In a rolling decision the first interval's change is from the power in force before it.
void PlanModel::add_ramp(std::size_t t) {
  for (std::size_t k = 0; k < site_.mining.size(); ++k) {
    const auto& c = site_.mining[k];
    if (c.ramp_mw_per_minute <= 0) continue;
    const double lim = c.ramp_mw_per_minute * iv_[t].minutes;
    const std::size_t M = c.modes.size();
    if (t == 0) {
      if (k >= opt_.start.size() || !opt_.start[k].power_mw || opt_.start[k].held_off)
        continue;  // a strike curtails at once
      const double before = *opt_.start[k].power_mw;
      const int r = md_.add_row(before - lim, before + lim, name("ramp_" + clean(c.name) + suffix(t)));
      for (std::size_t m = 0; m < M; ++m) md_.set(r, xcol_[k][m], c.mw_per_unit(m));
    } else {
      const int r = md_.add_row(-lim, lim, name("ramp_" + clean(c.name) + suffix(t)));
      for (std::size_t m = 0; m < M; ++m) {
        md_.set(r, xcol_[k][t * M + m], c.mw_per_unit(m));
        md_.set(r, xcol_[k][(t - 1) * M + m], -c.mw_per_unit(m));
      }
    }
  }
}

// For simplex one column per month over the month's load rows. For the barrier a running
// maximum: m[t] >= load[t] + overhead and m[t] >= m[t-1] within the billing month, the month's
// last m charged. The same optimum as one peak column per month under every load row, but each
// column has at most three entries, so the matrix stays banded: the barrier's normal equations
// do not fill in (one dense column per month made them dense blocks of a month's intervals
// squared).
void PlanModel::add_month_peak(std::size_t t) {
  if (!demand_) return;
  const int month = billing_month(site_, iv_[t].start);
  if (!barrier_) {
    auto it = peak_col_.find(month);
    if (it == peak_col_.end()) {
      const double so_far = peak_col_.empty() ? std::min(opt_.month_peak_so_far_mw, site_.interconnect_mw) : 0.0;
      const int pc = md_.add_col(so_far, site_.interconnect_mw, demand_cost(month), false,
                                 name("peak_" + std::to_string(month / 12) + "_" + std::to_string(month % 12 + 1)));
      it = peak_col_.emplace(month, pc).first;
    }
    const int r = md_.add_row(-inf, -site_.aux_mw, name("peak" + suffix(t)));
    add_load(r, t);
    add_regdn(r, t);
    add_battery_net(r, t);
    md_.set(r, it->second, -1.0);
    return;
  }
  const bool first = t == 0 || month != last_month_;
  const double so_far = t == 0 ? std::min(opt_.month_peak_so_far_mw, site_.interconnect_mw) : 0.0;
  const int mc = md_.add_col(so_far, site_.interconnect_mw, 0, false, name("peak" + suffix(t)));
  if (!first) {
    const int rc = md_.add_row(0, inf, name("peakrun" + suffix(t)));
    md_.set(rc, mc, 1.0), md_.set(rc, run_col_, -1.0);
  } else if (t > 0) {
    md_.obj[static_cast<std::size_t>(run_col_)] = demand_cost(last_month_);  // month ended
  }
  run_col_ = mc, last_month_ = month;
  const int r = md_.add_row(-inf, -site_.aux_mw, name("load" + suffix(t)));
  add_load(r, t);
  add_regdn(r, t);
  add_battery_net(r, t);
  md_.set(r, mc, -1.0);
  if (t + 1 == iv_.size()) md_.obj[static_cast<std::size_t>(mc)] = demand_cost(month);
}

// One column per window, charged peak_usd_per_mw / W per MW so the W columns together cost
// peak_usd_per_mw x their mean; each flagged interval's load lies under it.
void PlanModel::add_peak_windows() {
  if (!site_.grid.has_peak_windows()) return;
  const auto windows = peak_windows_indexed(site_, iv_);
  const std::size_t count = opt_.peak_over_all_windows ? site_.grid.peak_window_names.size() : windows.size();
  const double per = site_.grid.peak_usd_per_mw / static_cast<double>(std::max<std::size_t>(1, count));
  for (std::size_t w = 0; w < windows.size(); ++w) {
    const auto seen = opt_.window_peak_so_far_mw.find(site_.grid.peak_window_names[windows[w].first]);
    const double so_far =
        seen == opt_.window_peak_so_far_mw.end() ? 0.0 : std::min(seen->second, site_.interconnect_mw);
    const int pc = md_.add_col(so_far, site_.interconnect_mw, per, false, name("wpeak_" + std::to_string(w)));
    for (std::size_t t : windows[w].second) {
      const int r = md_.add_row(-inf, -site_.aux_mw, name("wpeak_" + std::to_string(w) + "_" + std::to_string(t)));
      add_load(r, t);
      add_battery_net(r, t);
      md_.set(r, pc, -1.0);
    }
  }
}

void PlanModel::add_uptime() {
  double horizon_h = 0;
  for (const auto& i : iv_) horizon_h += i.hours();
  for (std::size_t j = 0; j < site_.ai.size(); ++j) {
    const auto& b = site_.ai[j];
    if (b.firm || b.uptime <= 0) continue;
    const int r = md_.add_row(b.uptime * b.it_mw * horizon_h, inf, name("uptime_" + clean(b.name)));
    for (std::size_t t = 0; t < iv_.size(); ++t) md_.set(r, scol_[j][t], iv_[t].hours());
  }
}

// Where a clause limits hours, events or notice, a binary y[j,t] marks a capped interval:
// d - s <= max cap x d x y; an event begins where y rises (e >= y[t] - y[t-1], the interval
// before the first from the clause's use so far); no event begins less than the notice after
// the decision (the first interval's start) unless an earlier decision announced it; capped
// hours per local day and events per billing month stay within the clause, less what it used
// before the first interval.
void PlanModel::add_flex() {
  for (std::size_t j = 0; j < site_.ai.size(); ++j) {
    const auto& b = site_.ai[j];
    const AiFlex& f = b.flex;
    if (!f.any()) continue;
    const bool limited = f.hours_per_day < 24 || f.events_per_month < (1 << 20) || f.notice_minutes > 0;
    if (!limited) continue;
    const auto used_it = opt_.flex_used.find(b.name);
    const FlexUsed used = used_it == opt_.flex_used.end() ? FlexUsed{} : used_it->second;
    std::map<int, int> day_row, month_row;
    int prev_y = -1;  // y of interval t-1 when it may be capped
    for (std::size_t t = 0; t < iv_.size(); ++t) {
      if (!cap_allowed(j, t)) {
        prev_y = -1;
        continue;
      }
      const std::string ts = names_ ? "_" + clean(b.name) + "_" + std::to_string(t) : "";
      const double draw = b.draw_it_mw(iv_[t].start);
      const int y = md_.add_col(0, 1, 0, true, name("capped" + ts));
      const int rc = md_.add_row(draw, inf, name("capdef" + ts));  // s + max cap x d x y >= d
      md_.set(rc, scol_[j][t], 1.0), md_.set(rc, y, f.max_cap() * draw);
      // e >= y[t] - y[t-1]; the first interval continues an event in progress before it.
      const bool before = t == 0 && used.capped;
      const bool notice_ok = at_[t] >= f.notice_minutes || (used.announced && *used.announced == iv_[t].start);
      const int e = md_.add_col(0, notice_ok ? 1.0 : 0.0, 0, false, name("capstart" + ts));
      const int re = md_.add_row(before ? -1.0 : 0.0, inf, name("capstartdef" + ts));
      md_.set(re, e, 1.0), md_.set(re, y, -1.0);
      if (prev_y >= 0) md_.set(re, prev_y, 1.0);
      prev_y = y;
      const int day = local_day(site_, iv_[t].start), month = billing_month(site_, iv_[t].start);
      auto d = day_row.find(day);
      if (d == day_row.end()) {
        const double left = f.hours_per_day - (used.day == day ? used.hours : 0.0);
        d = day_row.emplace(day, md_.add_row(-inf, std::max(0.0, left), name("caphours" + ts))).first;
      }
      md_.set(d->second, y, iv_[t].hours());
      auto m = month_row.find(month);
      if (m == month_row.end()) {
        const double left = f.events_per_month - (used.month == month ? used.events : 0);
        m = month_row.emplace(month, md_.add_row(-inf, std::max(0.0, left), name("capevents" + ts))).first;
      }
      md_.set(m->second, e, 1.0);
    }
  }
}

// Start y >= u[t] - u[t-1], stop z >= u[t-1] - u[t]; a start less than L_on minutes before
// interval t began keeps the block on in t, a stop less than L_off minutes before keeps it off.
// Minutes are elapsed time, whatever the intervals' lengths.
void PlanModel::add_min_times() {
  // The first interval whose start is less than `minutes` before interval t's.
  auto first_within = [&](std::size_t t, int minutes) {
    std::size_t s = t;
    while (s > 0 && at_[t] - at_[s - 1] < minutes) --s;
    return s;
  };
  for (std::size_t k = 0; k < site_.mining.size(); ++k) {
    if (!blocky_[k]) continue;
    const auto& c = site_.mining[k];
    const double u0 = k < opt_.start.size() ? (opt_.start[k].on ? 1.0 : 0.0) : (opt_.initially_on ? 1.0 : 0.0);
    std::vector<int> y, z;
    for (std::size_t t = 0; t < iv_.size(); ++t) {
      const std::string ts = names_ ? "_" + clean(c.name) + "_" + std::to_string(t) : "";
      y.push_back(md_.add_col(0, 1, 0, false, name("start" + ts)));
      z.push_back(md_.add_col(0, 1, 0, false, name("stop" + ts)));
      const int ry = md_.add_row(t == 0 ? -u0 : 0, inf, name("startdef" + ts));
      md_.set(ry, y[t], 1), md_.set(ry, ucol_[k][t], -1);
      const int rz = md_.add_row(t == 0 ? u0 : 0, inf, name("stopdef" + ts));
      md_.set(rz, z[t], 1), md_.set(rz, ucol_[k][t], 1);
      if (t > 0) md_.set(ry, ucol_[k][t - 1], 1), md_.set(rz, ucol_[k][t - 1], -1);
      // Only a start (stop) before t binds: one in t itself is on (off) in t by its definition.
      if (const std::size_t from = first_within(t, c.min_on_minutes); from < t) {
        const int r = md_.add_row(-inf, 0, name("minon" + ts));
        for (std::size_t s = from; s <= t; ++s) md_.set(r, y[s], 1);
        md_.set(r, ucol_[k][t], -1);
      }
      if (const std::size_t from = first_within(t, c.min_off_minutes); from < t) {
        const int r = md_.add_row(-inf, 1, name("minoff" + ts));
        for (std::size_t s = from; s <= t; ++s) md_.set(r, z[s], 1);
        md_.set(r, ucol_[k][t], 1);
      }
    }
  }
}

Plan PlanModel::plan(const std::vector<double>& sol, double objective, std::string solver) const {
  const std::size_t n = iv_.size();
  auto at = [&](int col) { return sol[static_cast<std::size_t>(col)]; };
  auto series = [&](const std::vector<int>& cols) {
    std::vector<double> v(n);
    for (std::size_t t = 0; t < n; ++t) v[t] = std::max(0.0, at(cols[t]));
    return v;
  };
  Plan p;
  p.solver = std::move(solver);
  p.n = n;
  for (const auto& cols : xcol_) {
    std::vector<double> u(cols.size());
    for (std::size_t i = 0; i < u.size(); ++i) {
      double v = std::max(0.0, at(cols[i]));
      if (any_int_ && opt_.integer_units) v = std::round(v);
      u[i] = v;
    }
    p.units.push_back(std::move(u));
  }
  for (std::size_t j = 0; j < scol_.size(); ++j) {
    std::vector<double> s(n);
    for (std::size_t t = 0; t < n; ++t) s[t] = std::clamp(at(scol_[j][t]), 0.0, site_.ai[j].it_mw);
    p.ai_it_mw.push_back(std::move(s));
  }
  if (reserve_)
    for (int c : rcol_) p.reserve_mw.push_back(std::max(0.0, at(c)));
  for (std::size_t b = 0; b < ccol_.size(); ++b) {
    p.charge_mw.push_back(series(ccol_[b]));
    p.discharge_mw.push_back(series(dcol_[b]));
    p.soc_mwh.push_back(series(ecol_[b]));
  }
  if (site_.grid.has_as()) {
    p.as_mw.resize(acol_.size());
    for (std::size_t k = 0; k < acol_.size(); ++k)
      for (const auto& cols : acol_[k]) p.as_mw[k].push_back(series(cols));
  }
  if (dr_)
    p.dr_baseline_mw = caps_.dr_baseline_mw, p.dr_cap_mw = caps_.dr_cap_mw,
    p.dr_penalty_usd_per_mwh = caps_.dr_penalty_usd_per_mwh;
  p.objective_usd = -objective + constant_;
  return p;
}

}  // namespace hs::dispatch::lp
