#pragma once
// Small sites and price series written in the tests themselves, so each case can be worked by hand.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/time.hpp"
#include "dispatch/plan.hpp"
#include "dispatch/prices.hpp"
#include "dispatch/site.hpp"

namespace test {

// Intervals of `minutes` each from 2025-04-01T00:00Z with the given node prices.
inline std::vector<hs::dispatch::Interval> series(const std::vector<double>& prices, int minutes = 60,
                                                  hs::UtcTime start = hs::make_utc(2025, 4, 1)) {
  std::vector<hs::dispatch::Interval> v;
  for (std::size_t i = 0; i < prices.size(); ++i)
    v.push_back({start + std::chrono::minutes(minutes * static_cast<int>(i)), minutes, prices[i]});
  return v;
}

// hashprice 12 $/PH/day: a 100 TH/s unit earns 100 x 12 / 1000 / 24 = 0.05 $/h; at 1000 W it
// draws 0.001 MW, so it earns 50 $ per MWh: break-even 50 $/MWh. `units` x 1 kW = units/1000 MW.
inline std::string one_class_site(int units, double interconnect_mw, const std::string& extra_class = "",
                                  const std::string& extra = "") {
  return "[site]\ninterconnect_mw = " + std::to_string(interconnect_mw) +
         "\n[economics]\nhashprice_usd_per_ph_day = 12\n" + extra +
         "\n[[mining]]\nname = \"a\"\nunits = " + std::to_string(units) +
         "\nths_per_unit = 100\nwatts_per_unit = 1000\n" + extra_class;
}

// The LP's margin with the LP forced; checks on the way that the solver's own objective
// (constants added back) and the figures computed from the plan agree.
inline double lp_margin(const hs::dispatch::Site& s, const std::vector<hs::dispatch::Interval>& iv,
                        hs::dispatch::PlanOptions o = {}) {
  o.force_lp = true;
  const hs::dispatch::Plan p = hs::dispatch::solve_lp(s, iv, o);
  CHECK(p.objective_usd == Approx(hs::dispatch::plan_totals(s, iv, p).margin()).margin(1e-6));
  return p.objective_usd;
}

}  // namespace test
