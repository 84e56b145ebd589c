#include <catch2/catch.hpp>

#include "dispatch/rolling.hpp"
#include "helpers.hpp"

using namespace hs::dispatch;

namespace {
// A firm 10 MW AI block (its load is what the battery may discharge into) and a battery of
// 10 MWh, 5 MW, round trip 0.81 (0.9 each way), 2 $ per MWh discharged.
const std::string site_text =
    "[site]\ninterconnect_mw = 100\n[[ai]]\nname = \"h\"\nit_mw = 10\nrevenue_usd_per_mwh = 200\n"
    "[[storage]]\nname = \"bess\"\nenergy_mwh = 10\npower_mw = 5\nround_trip_efficiency = 0.81\n"
    "degradation_usd_per_mwh = 2\n";
}  // namespace

TEST_CASE("battery arbitrage worked by hand", "[storage]") {
  const Site s = parse_site(site_text, "t.toml");
  REQUIRE(s.storage.size() == 1);
  CHECK(s.storage[0].one_way() == Approx(0.9));
  // Hours at 20 and 100, empty at the start and at least as full at the end. Hour 0: charge
  // 5 MW, stores 4.5 MWh; hour 1: 4.5 MWh x 0.9 = 4.05 MWh out. Battery margin:
  // -20 x 5 + 100 x 4.05 - 2 x 4.05 = 296.9. AI: 200 x 20 - 10 x (20 + 100) = 2800.
  const auto iv = test::series({20, 100});
  CHECK(test::lp_margin(s, iv) == Approx(3096.9));
  const Plan p = solve_plan(s, iv, {});
  CHECK(p.charge_mw[0][0] == Approx(5));
  CHECK(p.discharge_mw[0][1] == Approx(4.05));
  CHECK(p.soc_mwh[0][0] == Approx(4.5));
  CHECK(p.soc_mwh[0][1] == Approx(0).margin(1e-9));
  const auto f = interval_figures(s, iv, p, 1);
  CHECK(f.storage_mw == Approx(-4.05));
  CHECK(f.degradation == Approx(8.1));
  CHECK(f.energy_cost == Approx(100 * (10 - 4.05)));
  // A spread too small for the losses and wear: 20 -> 26 gains 26 x 0.81 - 2 x 0.81 = 19.44 < 20
  // per MWh charged: idle.
  const Plan q = solve_plan(s, test::series({20, 26}), {});
  CHECK(q.charge_mw[0][0] == Approx(0).margin(1e-9));
  // No export: with the AI block at 3 MW the battery may put out only 3 MW: hour 1 discharges
  // 3 MW (needs 3.33 MWh stored: 3.70 MW charged in hour 0).
  std::string small = site_text;
  small.replace(small.find("it_mw = 10"), 10, "it_mw = 3");
  const Site t = parse_site(small, "t.toml");
  const Plan r = solve_plan(t, iv, {});
  CHECK(r.discharge_mw[0][1] == Approx(3));
  CHECK(r.charge_mw[0][0] == Approx(3 / 0.81));
  // Refused: an efficiency above 1, a start above the capacity.
  CHECK_THROWS_AS(parse_site(site_text + "\n[[storage]]\nname = \"x\"\nenergy_mwh = 1\npower_mw = 1\nround_trip_efficiency = 1.2\n", "t.toml"), hs::Error);
  CHECK_THROWS_AS(parse_site(site_text + "\n[[storage]]\nname = \"x\"\nenergy_mwh = 1\npower_mw = 1\ninitial_soc_mwh = 2\n", "t.toml"), hs::Error);
}

TEST_CASE("battery state of charge carried across rolling decisions", "[storage]") {
  // Decision at t0 (20) with a forecast of 100 for t1: charge 5 MW; 4.5 MWh go in the state.
  // At t1 (100) it discharges what it holds: 4.05 MW.
  const Site s = parse_site(site_text, "t.toml");
  PriceBook b;
  b.actual.intervals = test::series({20, 100});
  b.vintages.push_back({b.actual.intervals[0].start - std::chrono::hours(1), {b.actual.intervals[1]}});
  const auto d0 = rolling_step(s, ForecastView(b, b.actual.intervals[0].start), {}, {});
  const Setpoint& c = d0.state.current.back();
  CHECK(c.kind == "storage");
  CHECK(c.mode == "charge");
  CHECK(c.power_mw == Approx(5));
  CHECK(d0.state.memory.soc_mwh.at("bess") == Approx(4.5));
  const NowState back = state_from_json(state_to_json(d0.state), "s.json");
  const auto d1 = rolling_step(s, ForecastView(b, b.actual.intervals[1].start), back, {});
  CHECK(d1.state.current.back().mode == "discharge");
  CHECK(d1.state.current.back().power_mw == Approx(-4.05));
  CHECK(d1.state.memory.soc_mwh.at("bess") == Approx(0).margin(1e-9));
}
