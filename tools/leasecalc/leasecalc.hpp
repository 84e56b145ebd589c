#pragma once
// Shared pieces of the leasecalc driver: options, allocate input, record output.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/cli.hpp"
#include "finance/models.hpp"
#include "finance/montecarlo.hpp"
#include "finance/split.hpp"

namespace leasecalc {

struct Options {
  std::string scenario_file;
  std::vector<std::string> sets;
  std::vector<std::string> sweeps;
  bool summary = false;     // lease/gpu/mining: summaries instead of cash flows
  bool cash_flows = false;  // compare: cash flows instead of summaries
  bool flex = false;        // lease: the flexibility clause's figures instead of cash flows
  std::uint64_t monte_carlo = 0;
  std::uint64_t seed = 1;
  std::string plan_summary;  // allocate plan --summary records
  std::string split;         // allocate split records
  std::string baseline;      // compare: the scenario npv_vs_baseline is measured from (default NAME/mining)
  std::string profile;       // gpu: hashbench profile records
  std::string profile_workload = "gemm_bf16";
  std::optional<double> price_per_pflop_hour;
  hs::OutputOptions out;
};

enum class Model { lease, gpu, mining, compare };

// Scenario from the file (or defaults), plan-summary figures, then --set, validated.
hs::finance::Scenario load_scenario(const Options& o);
// mining.power_price_per_mwh and mining.uptime from allocate's plan_summary records.
void apply_plan_summary(hs::finance::Scenario& s, const std::string& path);
// gpu.watts_per_gpu and (with a price per PFLOP/s-hour) gpu.price_per_gpu_hour from the
// measured profile record of one workload (hashbench profile).
void apply_profile(hs::finance::Scenario& s, const Options& o);

using Named = hs::finance::NamedComponents;
// The scenarios a subcommand evaluates (compare: mining, ai, bridge; with --split one more
// per candidate split).
std::vector<Named> build(Model model, const hs::finance::Scenario& s, const Options& o);

int run(Model model, const Options& o);

}  // namespace leasecalc
