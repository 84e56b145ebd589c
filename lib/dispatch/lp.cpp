// solve_lp: the coupled plan's model written (lp_model.cpp), solved (lp_solve.cpp) and read back.
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

Plan solve_lp(const Site& site, const std::vector<Interval>& iv, const PlanOptions& opt) {
  check_feasible(site);
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

}  // namespace hs::dispatch
