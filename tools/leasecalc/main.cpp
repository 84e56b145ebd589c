// leasecalc: AI/HPC lease, GPU cloud and bitcoin mining economics as dated cash flows and the
// figures a board reads (NPV, IRR, payback, peak funding). A thin driver over lib/finance.
#include <memory>

#include "leasecalc.hpp"

namespace {

void add_common(CLI::App& sub, leasecalc::Options& o, leasecalc::Model m) {
  sub.add_option("scenario", o.scenario_file, "Scenario TOML file (defaults for every key left out)");
  sub.add_option("--set", o.sets, "Override a scenario key: --set lease.term_years=15 (repeatable)")
      ->type_name("KEY=VALUE");
  sub.add_option("--sweep", o.sweeps, "Sensitivity grid over one or two keys: KEY=START:STOP:STEP")
      ->type_name("KEY=RANGE");
  if (m == leasecalc::Model::compare) {
    sub.add_flag("--cash-flows", o.cash_flows, "Write the cash flows of every scenario instead of summaries");
    sub.add_option("--split", o.split, "allocate split records (- = stdin): evaluate each candidate split");
    sub.add_option("--baseline", o.baseline,
                   "The scenario npv_vs_baseline_usd is measured from (default NAME/mining, the all-mining one)")
        ->type_name("SCENARIO");
  } else {
    sub.add_flag("--summary", o.summary, "Write the scenario summary instead of the cash flows");
  }
  if (m == leasecalc::Model::lease)
    sub.add_flag("--flex", o.flex, "Write what the lease's flexibility clause is worth instead of the cash flows");
  if (m == leasecalc::Model::gpu) {
    sub.add_option("--profile", o.profile,
                   "hashbench profile records (- = stdin): gpu.watts_per_gpu from the measured watts");
    sub.add_option("--profile-workload", o.profile_workload,
                   "The profile workload that prices the GPU (default gemm_bf16)")
        ->type_name("NAME");
    sub.add_option("--price-per-pflop-hour", o.price_per_pflop_hour,
                   "USD per dense PFLOP/s-hour: gpu.price_per_gpu_hour = measured PFLOP/s x this")
        ->type_name("USD");
  }
  if (m == leasecalc::Model::mining || m == leasecalc::Model::compare) {
    sub.add_option("--monte-carlo", o.monte_carlo, "Draw N BTC price and difficulty paths; write NPV percentiles");
    sub.add_option("--seed", o.seed, "Seed of the Monte Carlo draws (default 1)");
    sub.add_option("--plan-summary", o.plan_summary,
                   "allocate plan --summary records (- = stdin): mining power price and uptime");
  }
  hs::add_output_options(sub, o.out);
}

template <leasecalc::Model M>
hs::Runner add_model(CLI::App& sub) {
  auto o = std::make_shared<leasecalc::Options>();
  add_common(sub, *o, M);
  return [o] { return leasecalc::run(M, *o); };
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app;
  hs::setup_app(app, "leasecalc",
                "Lease, GPU cloud and mining economics: dated cash flows, NPV, IRR, payback, sweeps, Monte Carlo.");
  app.require_subcommand(1);
  using leasecalc::Model;
  hs::Subcommands subs(app);
  subs.add("lease", "Colocation / powered-shell lease of critical IT MW", add_model<Model::lease>);
  subs.add("gpu", "GPU cloud: GPU-hours sold against GPU capex and power", add_model<Model::gpu>);
  subs.add("mining", "Bitcoin mining fleet under a BTC price and difficulty path", add_model<Model::mining>);
  subs.add("compare", "Mining only, AI lease only, and mining as a bridge until AI delivery", add_model<Model::compare>);
  return hs::run_tool(app, argc, argv, [&] { return subs.run(); });
}
