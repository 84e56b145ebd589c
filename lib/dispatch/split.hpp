#pragma once
// allocate split: capacity planning. For each candidate AI IT capacity the site's first AI
// block is resized to it and the mining classes are scaled (whole units, pro rata) to fill the
// rest of the interconnect; each candidate is planned over the price history.
#include <vector>

#include "core/record.hpp"
#include "dispatch/plan.hpp"

namespace hs::dispatch {

struct SplitRow {
  double ai_mw = 0;      // AI IT capacity
  double mining_mw = 0;  // nominal facility MW of mining after scaling
  double hours = 0;
  double ai_margin = 0, mining_margin = 0, annual_margin = 0;
  std::vector<Cell> cells() const;  // the split record (MW and hours to 4 decimals, dollars to the cent)
};

// The site with AI capacity ai_it_mw and mining filling the rest (Error 65 if it does not fit).
Site site_for_split(const Site& site, double ai_it_mw);
std::vector<SplitRow> run_split(const Site& site, const std::vector<Interval>& iv, const std::vector<double>& ai_mw,
                                const PlanOptions& opt);

}  // namespace hs::dispatch
