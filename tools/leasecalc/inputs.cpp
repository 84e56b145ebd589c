// Scenario assembly and allocate's records as inputs.
#include "core/parse.hpp"
#include "core/record_spec.hpp"
#include "leasecalc.hpp"

namespace leasecalc {

using hs::finance::Scenario;

Scenario load_scenario(const Options& o) {
  Scenario s = o.scenario_file.empty() ? Scenario{} : Scenario::load(o.scenario_file);
  if (!o.plan_summary.empty()) apply_plan_summary(s, o.plan_summary);
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

}  // namespace leasecalc
