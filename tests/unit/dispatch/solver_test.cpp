// The solver facts the issue asks for, each against a figure worked by hand or a closed form.
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/error.hpp"
#include "dispatch/plan.hpp"
#include "helpers.hpp"
#include "shared_data.hpp"

using namespace hs::dispatch;

namespace {

PriceStream real_day() {
  PriceOptions o;
  return read_prices(hs::test::cut_data("ercot_dam_hb_houston_2025-04-11.csv"), o);
}

}  // namespace

TEST_CASE("direct per-interval solution equals the LP objective", "[solver]") {
  // The example site has a power mode (s21 eco), an interruptible AI block and three classes
  // of different break-even, over a real ERCOT day-ahead day at HB_HOUSTON; prices scaled up
  // as well so classes and modes change over the day.
  const Site site = load_site(std::string(HS_SOURCE_DIR) + "/examples/site.toml");
  auto iv = real_day().intervals;
  for (double scale : {1.0, 2.0, 3.5}) {
    auto v = iv;
    for (auto& i : v) i.price_per_mwh *= scale;
    const Plan d = solve_direct(site, v);
    CHECK(d.solver == "direct");
    const double lp = test::lp_margin(site, v);
    CHECK(d.objective_usd == Approx(lp).epsilon(1e-9));
    CHECK(plan_totals(site, v, d).margin() == Approx(lp).epsilon(1e-9));
  }
  // A tight interconnect (mining competes for room) gives the same equality.
  Site tight = site;
  tight.interconnect_mw = 60;
  const Plan d = solve_direct(tight, iv);
  CHECK(d.objective_usd == Approx(test::lp_margin(tight, iv)).epsilon(1e-9));
}

TEST_CASE("curtailment gain equals the closed form without ramp limits", "[solver]") {
  // Three single-mode classes, room for all: the gain over always-on is
  // sum_t sum_k max(0, price_t - break_even_k) x MW_k x hours_t.
  Site s = parse_site(R"(
[site]
interconnect_mw = 200
[economics]
hashprice_usd_per_ph_day = 45
pool_fee = 0.02
[grid]
adder_usd_per_mwh = 4.5
[[mining]]
name = "new"
units = 5000
ths_per_unit = 200
watts_per_unit = 3500
pue = 1.04
[[mining]]
name = "mid"
units = 5000
ths_per_unit = 140
j_per_th = 21.5
[[mining]]
name = "old"
units = 5000
ths_per_unit = 100
watts_per_unit = 3250
pue = 1.1
)", "t.toml");
  auto iv = real_day().intervals;
  iv.back().price_per_mwh = 140;  // one expensive hour so even the newest class stops
  double closed = 0;
  for (const auto& i : iv)
    for (std::size_t k = 0; k < s.mining.size(); ++k)
      closed += std::max(0.0, i.price_per_mwh - s.break_even_per_mwh(k)) * s.mining[k].nominal_mw() * i.hours();
  REQUIRE(closed > 0);
  const Plan p = solve_plan(s, iv, {});
  const double gain = plan_totals(s, iv, p).margin() - plan_totals(s, iv, always_on_plan(s, iv)).margin();
  CHECK(gain == Approx(closed).epsilon(1e-9));
  CHECK(test::lp_margin(s, iv) - plan_totals(s, iv, always_on_plan(s, iv)).margin() == Approx(closed).epsilon(1e-9));
}

TEST_CASE("a ramp limit: the optimum worked by hand", "[solver]") {
  // One 10 MW class breaking even at 50 $/MWh; hourly prices 20, 200, 20, so profit per MWh is
  // +30, -150, +30. Ramp 0.1 MW/min = 6 MW per hour: P1 >= P0 - 6 and P1 >= P2 - 6.
  // With P0 = P2 = x: x <= 6 earns 60x (P1 = 0), x > 6 earns 60x - 150(x - 6) = 900 - 90x.
  // Best at x = 6: 360 $ with P = (6, 0, 6). Without the ramp: 300 + 300 = 600 $.
  const Site s = parse_site(test::one_class_site(10000, 100, "ramp_mw_per_minute = 0.1\n"), "t.toml");
  const auto iv = test::series({20, 200, 20});
  const Plan p = solve_plan(s, iv, {});
  CHECK(p.solver == "clp");
  CHECK(p.objective_usd == Approx(360));
  CHECK(class_power_mw(s, p, 0, 0) == Approx(6));
  CHECK(class_power_mw(s, p, 0, 1) == Approx(0).margin(1e-9));
  CHECK(class_power_mw(s, p, 0, 2) == Approx(6));
  const Site free = parse_site(test::one_class_site(10000, 100), "t.toml");
  CHECK(solve_plan(free, iv, {}).objective_usd == Approx(600));
}

TEST_CASE("a monthly demand charge: the optimum worked by hand", "[solver]") {
  // Class A: 10 MW, break-even 50. Class B: 10 MW of 200 TH/s 1000 W units, break-even 100.
  // Hourly prices 20, 80: profit per MWh A +30, -30; B +80, +20. Demand charge 0.05 $/kW-month
  // = 50 $ per MW of the month's peak p. For p <= 10: B0 = B1 = p earns 100p - 50p = 50p;
  // above 10 each MW of A at hour 0 adds 30 but costs 50. Optimum p = 10: 500 $ (B on, A off).
  // Always-on: 300 - 300 + 800 + 200 - 50 x 20 = 0 $.
  const Site s = parse_site(test::one_class_site(10000, 100, "",
                                                 "[grid]\ndemand_charge_usd_per_kw_month = 0.05\n") +
                                "[[mining]]\nname = \"b\"\nunits = 10000\nths_per_unit = 200\nwatts_per_unit = 1000\n",
                            "t.toml");
  CHECK(s.break_even_per_mwh(1) == Approx(100));
  const auto iv = test::series({20, 80});
  const Plan p = solve_plan(s, iv, {});
  CHECK(p.solver == "clp");
  CHECK(p.objective_usd == Approx(500));
  const PlanTotals t = plan_totals(s, iv, p);
  CHECK(t.demand_charge == Approx(500));
  CHECK(class_power_mw(s, p, 0, 0) == Approx(0).margin(1e-9));
  CHECK(class_power_mw(s, p, 1, 0) == Approx(10));
  CHECK(class_power_mw(s, p, 1, 1) == Approx(10));
  CHECK(plan_totals(s, iv, always_on_plan(s, iv)).margin() == Approx(0).margin(1e-9));
}

TEST_CASE("minimum off and on times under CBC", "[solver]") {
  // 10 MW block, break-even 50; hourly prices 20, 70, 20, 20: profit per MWh +30, -20, +30, +30.
  // Free: off in hour 1 only, 900 $. Min off 120 min: stopping at hour 1 keeps it off at hour 2
  // too (600 $), so it stays on throughout: 700 $.
  const auto iv = test::series({20, 70, 20, 20});
  const Site free = parse_site(test::one_class_site(10000, 100), "t.toml");
  CHECK(solve_plan(free, iv, {}).objective_usd == Approx(900));
  const Site off = parse_site(test::one_class_site(10000, 100, "min_off_minutes = 120\n"), "t.toml");
  const Plan p = solve_plan(off, iv, {});
  CHECK(p.solver == "cbc");
  CHECK(p.objective_usd == Approx(700));
  for (std::size_t t = 0; t < 4; ++t) CHECK(class_power_mw(off, p, 0, t) == Approx(10));

  // Prices 80, 20, 70, 80: profit -30, +30, -20, -30. Free: on in hour 1 only, 300 $.
  // Min on 120 min: starting at hour 1 keeps it on at hour 2: 300 - 200 = 100 $ (> 0 for off).
  const auto iv2 = test::series({80, 20, 70, 80});
  CHECK(solve_plan(free, iv2, {}).objective_usd == Approx(300));
  const Site on = parse_site(test::one_class_site(10000, 100, "min_on_minutes = 120\n"), "t.toml");
  const Plan q = solve_plan(on, iv2, {});
  CHECK(q.objective_usd == Approx(100));
  CHECK(class_power_mw(on, q, 0, 0) == Approx(0).margin(1e-9));
  CHECK(class_power_mw(on, q, 0, 1) == Approx(10));
  CHECK(class_power_mw(on, q, 0, 2) == Approx(10));
  CHECK(class_power_mw(on, q, 0, 3) == Approx(0).margin(1e-9));
}

TEST_CASE("minimum times count elapsed minutes on a stream of mixed interval lengths", "[solver]") {
  // 10 MW block, break-even 50, min on 50 min, min off 20 min. 00:00 one hour at 20 $ (+300 $),
  // then five-minute intervals (10/12 MWh each) at 110, 20, 110, 20, 20: -50, +25, -50, +25, +25.
  // Free: off at 01:00 and 01:10 only, 375 $. The rule: a stop at 01:00 keeps the block off
  // at 01:05, 01:10 and 01:15 (less than 20 min after), so the best is to stop at 01:00 and start
  // again at 01:20, 325 $; staying on throughout gives 275 $. (Counting intervals of the first
  // one's 60 minutes instead made every rule shorter than one interval and gave 375 $.)
  auto iv = test::series({20}, 60);
  for (const auto& i : test::series({110, 20, 110, 20, 20}, 5, hs::make_utc(2025, 4, 1, 1))) iv.push_back(i);
  const Site free = parse_site(test::one_class_site(10000, 100), "t.toml");
  CHECK(solve_plan(free, iv, {}).objective_usd == Approx(375));
  const Site timed = parse_site(test::one_class_site(10000, 100, "min_on_minutes = 50\nmin_off_minutes = 20\n"), "t.toml");
  const Plan p = solve_plan(timed, iv, {});
  CHECK(p.objective_usd == Approx(325));
  const double want[] = {10, 0, 0, 0, 0, 10};
  for (std::size_t t = 0; t < iv.size(); ++t) CHECK(class_power_mw(timed, p, 0, t) == Approx(want[t]).margin(1e-9));
}

TEST_CASE("whole units under CBC", "[solver]") {
  // Interconnect 2.5 MW, 1000 units of 3000 W (0.003 MW each, 100 TH/s: break-even 50/3 $/MWh)
  // at 10 $/MWh: all would run, but only 833 whole units fit (2.499 MW; the LP takes 833.33).
  Site s = parse_site(test::one_class_site(1000, 2.5), "t.toml");
  s.mining[0].modes[0].watts_per_unit = 3000;
  PlanOptions o;
  o.integer_units = true;
  const Plan p = solve_plan(s, test::series({10}), o);
  CHECK(p.solver == "cbc");
  CHECK(class_units(s, p, 0, 0) == 833);
}

TEST_CASE("infeasible sites are explained in site terms", "[solver]") {
  auto msg = [](const std::string& toml) {
    try {
      solve_plan(parse_site(toml, "t.toml"), test::series({20}), {});
    } catch (const hs::Error& e) {
      CHECK(e.code() == 65);
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(msg("[site]\ninterconnect_mw = 40\n[[ai]]\nname = \"hall-a\"\nit_mw = 40\npue = 1.05\n") ==
        "AI block 'hall-a' needs 42 MW but the interconnect allows 40");
  CHECK(msg("[site]\ninterconnect_mw = 40\n[[ai]]\nname = \"a\"\nit_mw = 25\n[[ai]]\nname = \"b\"\nit_mw = 20\n") ==
        "firm AI blocks 'a', 'b' need 45 MW together but the interconnect allows 40");
  CHECK(msg(test::one_class_site(10000, 5, "min_on_minutes = 60\n")) ==
        "mining class 'a' runs as one block of 10 MW (it has minimum on/off times) but the interconnect allows 5 beside the firm AI load");
}

TEST_CASE("a reserve product: the optimum worked by hand", "[solver]") {
  // 10 MW class, break-even 50, at 52 $/MWh for one hour: each MW mined loses 2 $. Reserve pays
  // 5 $/MW-h for interruptible load running, up to 4 MW. Running x MW with r = min(x, 4) in
  // reserve earns -2x + 5 min(x, 4): best at x = 4, 4 x 3 = 12 $. Without reserve: off, 0 $.
  const Site s = parse_site(test::one_class_site(10000, 100, "",
                                                 "[grid]\nreserve_usd_per_mw_hour = 5\nreserve_max_mw = 4\n"),
                            "t.toml");
  const auto iv = test::series({52});
  const Plan p = solve_plan(s, iv, {});
  CHECK(p.solver == "clp");
  CHECK(p.objective_usd == Approx(12));
  CHECK(class_power_mw(s, p, 0, 0) == Approx(4));
  REQUIRE(p.reserve_mw.size() == 1);
  CHECK(p.reserve_mw[0] == Approx(4));
  CHECK(interval_figures(s, iv, p, 0).reserve_revenue == Approx(20));
}

TEST_CASE("every LP method reaches the same optimum", "[solver]") {
  // The ramp and demand-charge cases above, worked by hand (360 $ and 500 $), and the ramp test
  // site over a real day (ramps, a demand charge, an uptime commitment), each solved by dual
  // simplex, by the barrier without crossover and by the barrier with crossover: the objectives
  // agree to 1e-6 relative and equal the margin computed from each plan.
  const Site ramp = parse_site(test::one_class_site(10000, 100, "ramp_mw_per_minute = 0.1\n"), "t.toml");
  const Site demand = parse_site(test::one_class_site(10000, 100, "", "[grid]\ndemand_charge_usd_per_kw_month = 0.05\n") +
                                     "[[mining]]\nname = \"b\"\nunits = 10000\nths_per_unit = 200\nwatts_per_unit = 1000\n",
                                 "t.toml");
  const Site day = load_site(std::string(HS_TEST_DATA) + "/allocate/ramp_site.toml");
  const auto day_iv = real_day().intervals;
  PlanOptions dual;
  dual.lp_method = "dual";
  const double day_dual = test::lp_margin(day, day_iv, dual);
  for (const char* method : {"dual", "barrier", "crossover", "auto"}) {
    INFO("method " << method);
    PlanOptions o;
    o.lp_method = method;
    CHECK(test::lp_margin(ramp, test::series({20, 200, 20}), o) == Approx(360).epsilon(1e-6));
    CHECK(test::lp_margin(demand, test::series({20, 80}), o) == Approx(500).epsilon(1e-6));
    CHECK(test::lp_margin(day, day_iv, o) == Approx(day_dual).epsilon(1e-6));
    // The same demand site over a month boundary, 2025-04-30T23:00Z at 20 and May's first hour
    // at 80: each month pays its own peak (the barrier's running maximum restarts). April: B
    // earns 80 - 50 = +30 per MW of peak, A 30 - 50 < 0: 10 MW, 800 - 500 = 300 $. May: A -30,
    // B 20 - 50 < 0: off. Optimum 300 $.
    CHECK(test::lp_margin(demand, test::series({20, 80}, 60, hs::make_utc(2025, 4, 30, 23)), o) ==
          Approx(300).epsilon(1e-6));
  }
}
