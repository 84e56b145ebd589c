// compare's split candidates: the fleet a facility MW budget runs, and the lease beside it.
#include <catch2/catch.hpp>

#include "finance/split.hpp"

using namespace hs::finance;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {
Scenario site() {
  Scenario s;
  for (const char* a : {"name=site", "start=2026-01-01", "horizon_years=1", "mining.efficiency_j_per_th=20",
                        "mining.pue=1.25", "mining.uptime=1", "mining.power_price_per_mwh=50", "lease.mw=99"})
    s.set(a);
  s.validate();
  return s;
}
const hs::Location here{"split.csv", 2};
}  // namespace

TEST_CASE("split sizing: facility MW to TH/s through J/TH and PUE", "[finance][split]") {
  Scenario s = site();
  // 10 MW at the meter / (20 J/TH x 1.25) = 400,000 TH/s: 8 MW of hashing, 2 MW of overhead.
  CHECK_THAT(fleet_ths_for_facility_mw(s, 10), WithinAbs(400000, 1e-6));
  Scenario c = split_scenario(s, 20, 10, here);
  CHECK(c.num("lease.mw") == 20);
  CHECK_THAT(c.num("mining.fleet_ths"), WithinAbs(400000, 1e-6));
  CHECK(split_name(s, 20) == "site/split_ai_20mw");
  CHECK(split_name(s, 2.5) == "site/split_ai_2.5mw");
}

TEST_CASE("split candidate: the mining side draws exactly its facility MW", "[finance][split]") {
  Scenario c = split_scenario(site(), 0, 10, here);
  Components both = split_components(c);
  Components lease = lease_components(c), mining = mining_components(c);
  // Sized back through the PUE, the fleet takes 10 MW from the grid: January's 744 hours at
  // $50/MWh cost $372,000 (no lease power: lease.mw is 0 in this candidate).
  CHECK_THAT(mining.power[0], WithinRel(10.0 * 744 * 50, 1e-12));
  CHECK_THAT(both.power[0], WithinRel(mining.power[0] + lease.power[0], 1e-12));
  CHECK_THAT(both.revenue[0], WithinRel(mining.revenue[0] + lease.revenue[0], 1e-12));
  CHECK(both.mw == mining.mw + lease.mw);
}

TEST_CASE("split candidate: negative MW is bad data naming the field", "[finance][split]") {
  try {
    split_scenario(site(), -1, 10, here);
    FAIL("no error");
  } catch (const hs::Error& e) {
    CHECK(e.code() == 65);
    CHECK(std::string(e.what()).find("ai_mw") != std::string::npos);
  }
  CHECK_THROWS_AS(split_scenario(site(), 1, -10, here), hs::Error);
}

TEST_CASE("compare: mining, ai and bridge in that order", "[finance][split]") {
  auto v = compare_components(site());
  REQUIRE(v.size() == 3);
  CHECK(v[0].name == "site/mining");
  CHECK(v[1].name == "site/ai");
  CHECK(v[2].name == "site/bridge");
}
