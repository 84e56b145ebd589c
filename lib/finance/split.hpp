#pragma once
// The scenarios `leasecalc compare` evaluates: mining, AI lease and the bridge between them, and
// one more per allocate split candidate (an AI lease beside a mining fleet sized to the MW left).
#include <string>
#include <vector>

#include "core/error.hpp"
#include "finance/models.hpp"

namespace hs::finance {

struct NamedComponents {
  std::string name;
  Components components;
};

// The fleet a facility power budget runs: TH/s = MW × 1e6 / (J/TH × PUE). The PUE counts the
// cooling and conversion losses, so a facility MW buys fewer hashing watts than it says.
double fleet_ths_for_facility_mw(const Scenario& s, double facility_mw);

// A split candidate as a scenario of its own: lease.mw = ai_mw and mining.fleet_ths sized to
// mining_mw. Negative MW is bad data at `where`.
Scenario split_scenario(const Scenario& s, double ai_mw, double mining_mw, const Location& where);
// Its name, e.g. "site/split_ai_20mw".
std::string split_name(const Scenario& s, double ai_mw);
// The lease and the mining fleet run side by side for the whole horizon.
Components split_components(const Scenario& candidate);

// compare's three scenarios, named "<name>/mining", "<name>/ai" and "<name>/bridge".
std::vector<NamedComponents> compare_components(const Scenario& s);

}  // namespace hs::finance
