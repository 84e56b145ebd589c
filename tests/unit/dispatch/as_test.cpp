#include <catch2/catch.hpp>

#include "../record_fields.hpp"
#include "dispatch/plan_rows.hpp"
#include "helpers.hpp"

using namespace hs::dispatch;

namespace {
// The one-class site (10 MW, break-even 50 $/MWh) selling ancillary services at the prices of
// tests/data/allocate/as_prices.csv: REGUP 5, REGDN 8, RRS 12, ECRS 3, NSPIN 1 $/MW-h.
Site as_site(double interconnect_mw, const std::string& products, const std::string& grid_extra = "",
             bool clr = true) {
  const std::string data = std::string(HS_TEST_DATA) + "/allocate/";
  return parse_site(test::one_class_site(10000, interconnect_mw,
                                         std::string(clr ? "controllable_load_resource = true\n" : "") +
                                             "as_products = [" + products + "]\n",
                                         "[grid]\nas_prices_file = \"" + data + "as_prices.csv\"\n" + grid_extra),
                    "t.toml");
}
}  // namespace

TEST_CASE("ancillary services stacked on mining: up from load running, REGDN from headroom", "[as]") {
  // Per MW and hour: running earns 50 - price and backs one up service (RRS 12 beats REGUP 5);
  // headroom (10 MW less the running MW) earns REGDN 8.
  //   hour 0 at 40: running 10 + 12 = 22 per MW beats REGDN 8: 10 MW, RRS 10 -> 220
  //   hour 1 at 60: running -10 + 12 = 2 per MW, REGDN 8: off, REGDN 10      -> 80
  const Site s = as_site(100, "\"REGUP\", \"REGDN\", \"RRS\"");
  REQUIRE(s.grid.as_products.size() == 5);
  REQUIRE(s.mining[0].as_products.size() == 3);
  const auto iv = test::series({40, 60});
  CHECK_FALSE(is_uncoupled(s, {}));
  CHECK(test::lp_margin(s, iv) == Approx(300));
  const Plan p = solve_plan(s, iv, {});
  CHECK(class_power_mw(s, p, 0, 0) == Approx(10));
  CHECK(class_power_mw(s, p, 0, 1) == Approx(0).margin(1e-9));
  CHECK(p.as_mw[0][2][0] == Approx(10));  // RRS
  CHECK(p.as_mw[0][0][0] == Approx(0).margin(1e-9));  // REGUP: the MW already back RRS
  CHECK(p.as_mw[0][1][1] == Approx(10));  // REGDN
  const auto f = interval_figures(s, iv, p, 0);
  CHECK(f.as_revenue == Approx(120));
  CHECK(f.reserve_mw == Approx(10));
  CHECK(plan_totals(s, iv, p).reserve_revenue == Approx(200));
  // The as_award rows: RRS 10 MW x 12 $ in hour 0, REGDN 10 MW x 8 $ in hour 1.
  const auto a0 = as_award_rows(s, iv, p, 0), a1 = as_award_rows(s, iv, p, 1);
  REQUIRE(a0.size() == 1);
  REQUIRE(a1.size() == 1);
  auto r0 = hs::test::by_field("as_award", a0[0].cells());
  CHECK(r0["interval_start"] == "2025-04-01T00:00:00Z");
  CHECK(r0["class"] == "a");
  CHECK(r0["product"] == "RRS");
  CHECK(r0["mw"] == "10.0000");
  CHECK(r0["price_per_mw"] == "12");
  CHECK(r0["revenue_usd"] == "120.00");
  auto r1 = hs::test::by_field("as_award", a1[0].cells());
  CHECK(r1["interval_start"] == "2025-04-01T01:00:00Z");
  CHECK(r1["product"] == "REGDN");
  CHECK(r1["price_per_mw"] == "8");
  CHECK(r1["revenue_usd"] == "80.00");

  // A 5 MW interconnect bounds load plus REGDN headroom: hour 0 5 MW running + RRS 5 = 110,
  // hour 1 REGDN 5 = 40.
  CHECK(test::lp_margin(as_site(5, "\"REGUP\", \"REGDN\", \"RRS\""), iv) == Approx(150));
}

TEST_CASE("no MW sold twice: the reserve product and the up services share the load", "[as]") {
  // With the grid's reserve at 20 $/MW-h too: hour 0 at 40, 10 MW run, all held as reserve
  // (20 > RRS 12): 10 x (10 + 20) = 300; hour 1 at 60: running -10 + 20 = 10 per MW beats
  // REGDN 8: 100. 400 in all; selling the same MW to both would give 640.
  const Site s = as_site(100, "\"REGUP\", \"REGDN\", \"RRS\"", "reserve_usd_per_mw_hour = 20\n");
  CHECK(test::lp_margin(s, test::series({40, 60})) == Approx(400));
}

TEST_CASE("eligibility: regulation needs a controllable load resource; products must have prices", "[as]") {
  // Not a CLR: RRS and ECRS only. Hour 0: 10 x (10 + 12) = 220; hour 1: 10 x (-10 + 12) = 20
  // (running to back RRS pays, REGDN is not open to it).
  CHECK(test::lp_margin(as_site(100, "\"RRS\", \"ECRS\"", "", false), test::series({40, 60})) == Approx(240));
  CHECK_THROWS_AS(as_site(100, "\"REGUP\"", "", false), hs::Error);
  CHECK_THROWS_AS(as_site(100, "\"SPIN\""), hs::Error);
  CHECK_THROWS_AS(as_site(100, "\"RRS\", \"RRS\""), hs::Error);
  // An interval without an AS price is an error naming it.
  CHECK_THROWS_AS(solve_plan(as_site(100, "\"RRS\""), test::series({40, 40, 40}), {}), hs::Error);
}
