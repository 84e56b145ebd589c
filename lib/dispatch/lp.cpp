// solve_lp: the coupled plan's model written (lp_model.cpp), solved (lp_solve.cpp) and read back.
#include <algorithm>

#include "core/error.hpp"
#include "dispatch/lp_model.hpp"
#include "dispatch/plan.hpp"

namespace hs::dispatch {

namespace {

// An infeasible or unbounded model, told in site terms with the constraints that couple it.
[[noreturn]] void cannot_plan(const Site& site, const std::string& what) {
  std::string why;
  for (const auto& b : site.ai)
    if (!b.firm && b.uptime > 0)
      why += "; AI block '" + b.name + "' commits to " + std::to_string(b.uptime) + " uptime";
  for (const auto& c : site.mining) {
    if (c.ramp_mw_per_minute > 0)
      why += "; mining class '" + c.name + "' ramps at most " + std::to_string(c.ramp_mw_per_minute) + " MW/min";
    if (c.min_on_minutes > 0 || c.min_off_minutes > 0)
      why += "; mining class '" + c.name + "' has minimum on/off times";
  }
  throw Error(exit_code::data, "the site cannot be planned (" + what + ")" +
                                   (why.empty() ? std::string() : ": constraints in play" + why));
}

}  // namespace

namespace {

Plan solve_model(const Site& site, const std::vector<Interval>& iv, const PlanOptions& opt);

// AI flexibility is the last resort: a first solve without caps finds the intervals where every
// mining class is off (mining is curtailed first); only there may a clause cap its block, and
// the second solve decides where a cap is worth its cost. Mining stays off in those intervals.
Plan solve_with_flex(const Site& site, const std::vector<Interval>& iv, const PlanOptions& opt) {
  const Plan first = solve_model(site, iv, opt);
  PlanOptions o = opt;
  o.ai_cap_allowed.assign(site.ai.size(), std::vector<char>(iv.size(), 0));
  bool any = false;
  for (std::size_t t = 0; t < iv.size(); ++t) {
    double mining = 0;
    for (std::size_t k = 0; k < site.mining.size(); ++k) mining += class_power_mw(site, first, k, t);
    if (mining > 1e-6) continue;
    for (std::size_t j = 0; j < site.ai.size(); ++j)
      if (site.ai[j].flex.any()) o.ai_cap_allowed[j][t] = 1, any = true;
  }
  return any ? solve_model(site, iv, o) : first;
}

}  // namespace

Plan solve_lp(const Site& site, const std::vector<Interval>& iv, const PlanOptions& opt) {
  check_feasible(site);
  const bool flex = std::any_of(site.ai.begin(), site.ai.end(), [](const AiBlock& b) { return b.flex.any(); });
  if (flex && opt.ai_cap_allowed.empty()) return solve_with_flex(site, iv, opt);
  return solve_model(site, iv, opt);
}

namespace {

Plan solve_model(const Site& site, const std::vector<Interval>& iv, const PlanOptions& opt) {
  lp::PlanModel model(site, iv, opt, !opt.write_lp.empty());
  model.build();
  // Written before solving, so a model that fails can still be inspected elsewhere.
  if (!opt.write_lp.empty()) lp::write_model(model.model(), opt.write_lp);
  const lp::Solution s =
      lp::solve(model.model(), {model.integer(), model.barrier(), opt.lp_method == "crossover", opt.mip_gap});
  if (s.status == lp::Solution::Status::infeasible) cannot_plan(site, "infeasible");
  if (s.status == lp::Solution::Status::unbounded) cannot_plan(site, "unbounded");
  return model.plan(s.x, s.objective, s.solver);
}

}  // namespace

}  // namespace hs::dispatch
