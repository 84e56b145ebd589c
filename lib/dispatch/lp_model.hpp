#pragma once
// The coupled plan as one linear program, written here and solved in lp_solve.cpp (COIN-OR CLP;
// CBC only when integer decisions are asked for: whole units, or minimum on/off times, which
// need on/off binaries). Each constraint family is one member of PlanModel, so that each can be
// read and tested alone (tests/unit/dispatch/lp_model_test.cpp).
//
// Minimise -(margin) over, per interval t:
//   x[k,m,t]  units of mining class k in mode m        profit h(rev_km - cost_t * mw_km) per unit
//   s[j,t]    IT MW served by AI block j                h((v_j + pen_j) - cost_t * pue_j) per MW
//             (firm: its draw d[j,t], measured or contracted; with a flexibility clause, where every
//             mining class is off, down to d(1 - max cap) at the clause's cost per MWh capped, with
//             binaries y[j,t] when hours per day, events per month or notice limit the caps)
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
// reserve: reserve + every up service <= interruptible load), REGDN <= class MW - P[k,t] and in
// the interconnect (headroom held back from energy use), peak >= load (month, and window for
// flagged t), AI uptime commitments, and with minimum times on/off binaries u with start/stop
// indicators (classes then run as a block).
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "dispatch/plan.hpp"
#include "dispatch/site.hpp"

namespace hs::dispatch::lp {

// A model as CLP loads it: column bounds and costs, row bounds, the matrix as triplets, and
// names (empty unless asked for).
struct Model {
  std::vector<double> collb, colub, obj;
  std::vector<double> rowlb, rowub;
  std::vector<int> ri, ci;
  std::vector<double> el;
  std::vector<char> integer;
  std::vector<std::string> colname, rowname;
  int add_col(double lb, double ub, double cost, bool is_int, std::string name);
  int add_row(double lb, double ub, std::string name);
  void set(int row, int col, double value) { ri.push_back(row), ci.push_back(col), el.push_back(value); }
};

// The plan's model being written. build() writes all of it; the members it calls add one
// family each, and a test may call them alone: the columns of an interval (add_columns) before
// any row of that interval, and intervals in order.
class PlanModel {
 public:
  // names: name every column and row (for --write-lp and tests; otherwise left empty). The
  // model refers to site and iv, which must outlive it (so temporaries are refused).
  PlanModel(const Site& site, const std::vector<Interval>& iv, PlanOptions opt, bool names);
  PlanModel(const Site&& site, const std::vector<Interval>& iv, PlanOptions opt, bool names) = delete;
  PlanModel(const Site& site, const std::vector<Interval>&& iv, PlanOptions opt, bool names) = delete;

  void build();

  // Interval t's columns (mining units and on/off blocks, ancillary services, batteries with
  // their state-of-charge row, AI blocks, reserve), in this order.
  void add_columns(std::size_t t);
  // Rows of interval t.
  void add_no_export(std::size_t t);      // with batteries: discharge covers at most the site's load
  void add_dr_cap(std::size_t t);         // a demand-response event's cap, shortfall at the penalty
  void add_interconnect(std::size_t t);   // load, REGDN headroom and charging within usable MW
  void add_as_cover(std::size_t t);       // up services from load running, REGDN from headroom
  void add_units(std::size_t t);          // units per class over its modes; a block runs all
  void add_reserve_cover(std::size_t t);  // reserve and up services within interruptible load
  void add_ramp(std::size_t t);           // class power change from the interval before
  void add_month_peak(std::size_t t);     // the billing month's peak above load (demand charge)
  // Rows over the horizon.
  void add_peak_windows();  // 4CP: each window's peak above its flagged intervals' load
  void add_uptime();        // interruptible AI blocks' uptime commitments
  void add_min_times();     // minimum on/off times of block classes
  void add_flex();          // AI flexibility: capped hours per day, events per month, notice

  // The plan a solution of the model gives (objective: the solver's, of the model).
  Plan plan(const std::vector<double>& solution, double objective, std::string solver) const;

  const Model& model() const { return md_; }
  bool integer() const { return any_int_; }
  // Interior point (the demand peak is written as a running maximum for it), else dual simplex.
  bool barrier() const { return barrier_; }

 private:
  std::string name(std::string s) const { return names_ ? std::move(s) : std::string(); }
  std::string suffix(std::size_t t) const { return names_ ? "_" + std::to_string(t) : std::string(); }
  std::size_t modes(std::size_t k) const { return site_.mining[k].modes.size(); }
  double energy_cost(std::size_t t) const;  // $/MWh in interval t: the node price and the adder
  double class_max_mw(std::size_t k) const;
  double soc0(std::size_t b) const;
  double demand_cost(int month) const;
  // Terms of the site's load in a row: mining MW and AI MW with its PUE; battery charging (less
  // discharging); REGDN headroom, held back from energy use.
  // With `margin`, an AI block with a measured draw also holds its margin (interconnect rows).
  void add_load(int row, std::size_t t, bool margin = false);
  bool cap_allowed(std::size_t j, std::size_t t) const;
  bool mining_held_off(std::size_t t) const;  // caps allowed in t: mining stays off
  void add_battery_net(int row, std::size_t t);
  void add_regdn(int row, std::size_t t);
  void add_mining_columns(std::size_t t);
  void add_as_columns(std::size_t t);
  void add_storage(std::size_t t);
  void add_ai_columns(std::size_t t);

  const Site& site_;
  const std::vector<Interval>& iv_;
  const PlanOptions opt_;
  const bool names_;
  Model md_;
  double constant_ = 0;  // the margin's terms no column carries: overhead energy, leases, penalties
  bool any_int_ = false, barrier_ = false, reserve_ = false, demand_ = false, dr_ = false;
  std::vector<bool> blocky_;                          // [k] class with minimum on/off times
  // [t] minutes from the first interval's start to interval t's, over the intervals' own lengths
  // (a stream may mix 60- and 5-minute intervals): minimum times count elapsed minutes.
  std::vector<std::int64_t> at_;
  std::vector<std::vector<int>> xcol_;                // [k][t * modes + m]
  std::vector<std::vector<int>> ucol_;                // [k][t] on/off of a block class
  std::vector<std::vector<std::vector<int>>> acol_;   // [k][product][t]
  std::vector<std::vector<int>> scol_;                // [j][t]
  std::vector<int> rcol_;                             // [t]
  std::vector<std::vector<int>> ccol_, dcol_, ecol_;  // [b][t] charge, discharge, stored
  Plan caps_;                                         // demand-response caps per interval
  int run_col_ = -1, last_month_ = 0;                 // barrier: the month's running-maximum column
  std::map<int, int> peak_col_;                       // simplex: the month's peak column
};

// How a model is solved, and what came of it.
struct SolveOptions {
  bool integer = false, barrier = false, crossover = false;
  double mip_gap = 1e-4;
};
struct Solution {
  enum class Status { optimal, infeasible, unbounded } status = Status::optimal;
  std::vector<double> x;
  double objective = 0;
  std::string solver;  // "clp" or "cbc"
};

// Writes the model to path: MPS for a name ending .mps, otherwise LP format. Error 73.
void write_model(const Model& md, const std::string& path);
// Solves it; an infeasible or unbounded model is a status, a solver that stops short Error 70.
Solution solve(const Model& md, const SolveOptions& how);

}  // namespace hs::dispatch::lp
