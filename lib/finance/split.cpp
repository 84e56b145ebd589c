#include "finance/split.hpp"

#include "core/parse.hpp"

namespace hs::finance {

double fleet_ths_for_facility_mw(const Scenario& s, double facility_mw) {
  return facility_mw * 1e6 / (s.num("mining.efficiency_j_per_th") * s.num("mining.pue"));
}

Scenario split_scenario(const Scenario& s, double ai_mw, double mining_mw, const Location& where) {
  if (ai_mw < 0) throw_data_error(where, "ai_mw", "must not be negative");
  if (mining_mw < 0) throw_data_error(where, "mining_mw", "must not be negative");
  Scenario c = s;
  c.set_value("lease.mw", format_double(ai_mw), where);
  c.set_value("mining.fleet_ths", format_double(fleet_ths_for_facility_mw(s, mining_mw)), where);
  return c;
}

std::string split_name(const Scenario& s, double ai_mw) {
  return s.name() + "/split_ai_" + format_double(ai_mw) + "mw";
}

Components split_components(const Scenario& candidate) {
  return add_components(lease_components(candidate), mining_components(candidate));
}

std::vector<NamedComponents> compare_components(const Scenario& s) {
  const std::string name = s.name();
  return {{name + "/mining", mining_components(s)},
          {name + "/ai", lease_components(s)},
          {name + "/bridge", bridge_components(s)}};
}

}  // namespace hs::finance
