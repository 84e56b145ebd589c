// Scenario assembly and allocate's records as inputs.
#include "core/parse.hpp"
#include "core/record_spec.hpp"
#include "leasecalc.hpp"

namespace leasecalc {

using hs::finance::Scenario;

Scenario load_scenario(const Options& o) {
  Scenario s = o.scenario_file.empty() ? Scenario{} : Scenario::load(o.scenario_file);
  if (!o.plan_summary.empty()) apply_plan_summary(s, o.plan_summary);
  if (!o.profile.empty()) apply_profile(s, o);
  if (o.profile.empty() && o.price_per_pflop_hour) hs::throw_usage("--price-per-pflop-hour needs --profile");
  for (const auto& a : o.sets) s.set(a);
  s.validate();
  return s;
}

void apply_plan_summary(Scenario& s, const std::string& path) {
  // The power price the miners actually paid is energy cost over energy of the mining
  // classes; the uptime is the site record's uptime_fraction (of mining).
  const auto& spec = hs::record_spec("plan_summary");
  hs::RecordReader in(path, spec);
  hs::Record rec;
  const auto kind = spec.at("kind"), energy = spec.at("energy_mwh"), cost = spec.at("energy_cost_usd"),
             uptime = spec.at("uptime_fraction");
  double mining_mwh = 0, mining_cost = 0;
  std::optional<double> site_uptime;
  hs::Location site_loc;
  while (in.next(rec)) {
    if (rec.text(kind) == "mining") {
      mining_mwh += rec.number(energy);
      mining_cost += rec.number(cost);
    } else if (rec.text(kind) == "site") {
      site_uptime = rec.number(uptime);
      site_loc = rec.loc;
    }
  }
  if (!site_uptime) throw hs::Error(hs::exit_code::data, in.display_name() + ": no plan_summary record of kind site");
  if (mining_mwh <= 0)
    throw hs::Error(hs::exit_code::data, in.display_name() + ": no mining energy in the plan summary");
  hs::Location loc{in.display_name(), 0};
  s.set_value("mining.power_price_per_mwh", hs::format_double(mining_cost / mining_mwh), loc);
  s.set_value("mining.uptime", hs::format_double(*site_uptime), site_loc);
}

void apply_profile(Scenario& s, const Options& o) {
  // The first record of the workload prices the GPU: its board power as the GPU's watts, and its
  // measured dense rate times the market price of a PFLOP/s-hour as the price of a GPU-hour.
  // Rates are read in the unit the record gives (hashbench writes TFLOP/s for gemm_*).
  const auto& spec = hs::record_spec("profile");
  hs::RecordReader in(o.profile, spec);
  hs::Record rec;
  const auto workload = spec.at("workload"), device = spec.at("device"), rate = spec.at("rate"),
             unit = spec.at("rate_unit"), watts = spec.at("watts"), verified = spec.at("verified");
  while (in.next(rec)) {
    if (std::string(hs::trim(rec.text(workload))) != o.profile_workload) continue;
    const std::string u{hs::trim(rec.text(unit))};
    const double to_pflops = u == "PFLOP/s" ? 1 : u == "TFLOP/s" ? 1e-3 : u == "GFLOP/s" ? 1e-6 : 0;
    if (o.price_per_pflop_hour && to_pflops == 0)
      hs::throw_expected(rec.loc, "rate_unit", "a FLOP rate (GFLOP/s, TFLOP/s, PFLOP/s) to price per PFLOP/s-hour", u);
    const double r = rec.number(rate);
    if (!(r > 0)) hs::throw_expected(rec.loc, "rate", "a positive number", rec.text(rate));
    if (!rec.boolean(verified))
      hs::warn(hs::format_location(rec.loc, "verified") + ": " + std::string(rec.text(device)) +
               " is not a checked measurement (a spec sheet?)");
    if (auto w = rec.optional_number(watts)) {
      if (!(*w > 0)) hs::throw_expected(rec.loc, "watts", "a positive number", rec.text(watts));
      s.set_value("gpu.watts_per_gpu", hs::format_double(*w), rec.loc);
    } else {
      hs::note(hs::format_location(rec.loc, "watts") + ": no watts; gpu.watts_per_gpu keeps its value");
    }
    if (o.price_per_pflop_hour)
      s.set_value("gpu.price_per_gpu_hour", hs::format_double(r * to_pflops * *o.price_per_pflop_hour), rec.loc);
    return;
  }
  throw hs::Error(hs::exit_code::data, in.display_name() + ": no profile record of workload " + o.profile_workload);
}

}  // namespace leasecalc
