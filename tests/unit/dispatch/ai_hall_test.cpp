// The AI hall in the plan: its measured draw gives mining the headroom (less a margin), and a
// firm block's flexibility clause caps it only where every mining class is off and the cap is
// worth its cost, within the clause's hours per day, events per month and notice. Every figure
// is worked by hand in the comments.
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "dispatch/forecast.hpp"
#include "dispatch/now.hpp"
#include "dispatch/rolling.hpp"
#include "helpers.hpp"

using namespace hs::dispatch;

namespace {

// test::one_class_site: class "a", 20,000 units of 1 kW (20 MW), break-even 50 $/MWh, on a 20 MW
// interconnect. Block "h": 10 MW IT, PUE 1, firm, lease 73 $/kW-month = 73,000 x 10 / 730 =
// 1,000 $/h; the site pays its energy.
const std::string hall = "[[ai]]\nname = \"h\"\nit_mw = 10\nlease_usd_per_kw_month = 73\n";

// Flexibility: caps of up to 25 % (2.5 MW of 10) at `cost` $ per capped MWh.
std::string flex_hall(double cost, const std::string& more = "") {
  return hall + "flex_max_cap_pct = 25\nflex_cost_usd_per_mwh = " + std::to_string(cost) + "\n" + more;
}

Site site_with(const std::string& block, const std::string& extra = "") {
  return parse_site(test::one_class_site(20000, 20, "", extra) + block, "t.toml");
}

// The hall measured at `it_mw` from before the plan's start on.
void measured(Site& s, double it_mw) { s.ai[0].measured_it_mw = {"draw.csv", {hs::make_utc(2025, 3, 1)}, {it_mw}}; }

double capped(const Site& s, const std::vector<Interval>& iv, const Plan& p, std::size_t t) {
  return ai_capped_mw(s.ai[0], s.ai[0].draw_it_mw(iv[t].start), p.ai_it_mw[0][t]);
}

}  // namespace

TEST_CASE("a measured AI draw gives its headroom to mining, less the margin", "[ai][headroom]") {
  // One hour at 20 $/MWh. Contracted: the hall takes 10 MW, mining the other 10 (10,000 units):
  // mining 10 x 50 = 500 $, lease 1,000 $, energy (10 + 10) x 20 = 400 $: margin 1,100 $.
  const auto iv = test::series({20});
  Site s = site_with(hall + "measured_margin_mw = 1\n");
  const Plan contract = solve_plan(s, iv, {});
  CHECK(class_units(s, contract, 0, 0) == Approx(10000));
  CHECK(plan_totals(s, iv, contract).margin() == Approx(1100));
  // Measured 6 MW with 1 MW kept free: mining gets 20 - 6 - 1 = 13 MW (13,000 units): mining
  // 650 $, lease 1,000 $, energy (13 + 6) x 20 = 380 $: margin 1,270 $ (170 $ more: 3 MW more
  // mining at 30 $ and 4 MW of AI energy not bought at 20 $).
  measured(s, 6);
  const Plan m = solve_plan(s, iv, {});
  CHECK(class_units(s, m, 0, 0) == Approx(13000));
  CHECK(m.ai_it_mw[0][0] == Approx(6));
  CHECK(plan_totals(s, iv, m).margin() == Approx(1270));
  CHECK(test::lp_margin(s, iv) == Approx(1270));
  // The always-on baseline of the uplift runs the hall at its draw too.
  const Plan base = always_on_plan(s, iv);
  CHECK(base.ai_it_mw[0][0] == Approx(6));
  CHECK(class_units(s, base, 0, 0) == Approx(13000));
  // The margin never exceeds the contract: measured 9.5 MW holds only the 0.5 MW left of it.
  measured(s, 9.5);
  CHECK(class_units(s, solve_plan(s, iv, {}), 0, 0) == Approx(10000));
  // A reading above the contract counts at the contract.
  measured(s, 12);
  CHECK(solve_plan(s, iv, {}).ai_it_mw[0][0] == Approx(10));
}

TEST_CASE("allocate now's rule gives the measured headroom to mining", "[ai][headroom][now]") {
  // The same site and hour, decided by the myopic rule: 13,000 units, the hall at 6 MW.
  Site s = site_with(hall + "measured_margin_mw = 1\n");
  measured(s, 6);
  const auto iv = test::series({20});
  const auto sp = decide(s, iv[0], {}, {});
  REQUIRE(sp.size() == 2);
  CHECK(sp[0].name == "h");
  CHECK(sp[0].power_mw == Approx(6));
  CHECK_FALSE(sp[0].cap_pct);  // no clause: no cap field
  CHECK(sp[1].units == 13000);
}

TEST_CASE("the default margin is a tenth of the block's facility MW", "[ai][headroom][site]") {
  // 10 MW IT x PUE 1.2 = 12 MW facility: 1.2 MW kept free.
  const Site s = site_with("[[ai]]\nname = \"h\"\nit_mw = 10\npue = 1.2\n");
  CHECK(s.ai[0].measured_margin_mw == Approx(1.2));
}

TEST_CASE("a flexibility clause caps AI only where mining is off and the cap is worth its cost", "[ai][flex]") {
  // Hours at 20, 100 and 300 $/MWh, caps at 200 $/MWh.
  //  - 20: mining runs (below its 50 break-even): no cap, whatever a cap would save.
  //  - 100: mining off; a capped MWh saves 100 $ of energy for 200 $: no cap.
  //  - 300: mining off; a capped MWh saves 300 $ for 200 $: the full 25 %, 2.5 MW.
  const auto iv = test::series({20, 100, 300});
  const Site s = site_with(flex_hall(200));
  const Plan p = solve_plan(s, iv, {});
  CHECK(capped(s, iv, p, 0) == Approx(0));
  CHECK(class_units(s, p, 0, 0) == Approx(10000));
  CHECK(capped(s, iv, p, 1) == Approx(0));
  CHECK(capped(s, iv, p, 2) == Approx(2.5));
  // Hour 2: lease 1,000 $ - energy 7.5 x 300 = 2,250 $ - caps 2.5 x 200 = 500 $: -1,750 $, where
  // uncapped it is 1,000 - 3,000 = -2,000 $: the clause earns 2.5 x (300 - 200) = 250 $.
  const IntervalFigures f = interval_figures(s, iv, p, 2);
  CHECK(f.ai_cap_mw == Approx(2.5));
  CHECK(f.ai_cap_cost == Approx(500));
  CHECK(f.margin() == Approx(-1750));
  const PlanTotals tot = plan_totals(s, iv, p);
  CHECK(tot.classes[1].capped_mwh == Approx(2.5));
  CHECK(tot.classes[1].hours_capped == Approx(1));
  CHECK(tot.ai_cap_cost == Approx(500));
  CHECK(p.objective_usd == Approx(tot.margin()));
}

TEST_CASE("a cap cheaper than mining's margin still waits for mining to be off", "[ai][flex]") {
  // At 20 $/MWh a cap costing 10 $ would pay by itself (20 - 10) and free room for 2.5 MW more
  // mining at 30 $: an LP free to choose caps there. The clause comes after mining: no cap, the
  // hall at 10 MW, mining at 10 MW.
  const auto iv = test::series({20});
  const Site s = site_with(flex_hall(10));
  const Plan p = solve_plan(s, iv, {});
  CHECK(capped(s, iv, p, 0) == Approx(0));
  CHECK(p.ai_it_mw[0][0] == Approx(10));
  CHECK(class_units(s, p, 0, 0) == Approx(10000));
  // The model told to allow a cap there (mining then held off, as the first solve's rule would
  // never do here) caps: the rule, not the prices, keeps the cap out.
  PlanOptions o;
  o.ai_cap_allowed = {{1}};
  CHECK(capped(s, iv, solve_plan(s, iv, o), 0) == Approx(2.5));
}

TEST_CASE("capped hours stay within the clause's hours per day", "[ai][flex]") {
  // Four hours at 300 $/MWh, the clause allows 2 capped hours a day: two hours capped, 5 MWh.
  const auto iv = test::series({300, 300, 300, 300});
  const Site s = site_with(flex_hall(200, "flex_hours_per_day = 2\n"));
  const Plan p = solve_plan(s, iv, {});
  const PlanTotals tot = plan_totals(s, iv, p);
  CHECK(tot.classes[1].hours_capped == Approx(2));
  CHECK(tot.classes[1].capped_mwh == Approx(5));
  // Hours used earlier the same day count: 1.5 h used leaves 0.5 h, not a whole hour.
  PlanOptions o;
  o.flex_used["h"] = {local_day(s, iv[0].start), 1.5, billing_month(s, iv[0].start), 0, false, {}};
  CHECK(plan_totals(s, iv, solve_plan(s, iv, o)).classes[1].hours_capped == Approx(0));
  // A new day starts afresh: hours used yesterday do not count.
  o.flex_used["h"].day -= 1;
  CHECK(plan_totals(s, iv, solve_plan(s, iv, o)).classes[1].hours_capped == Approx(2));
}

TEST_CASE("events per month: one event, at the dearer spike", "[ai][flex]") {
  // 300, 20 (mining runs: no cap), 400: two spikes would be two events; the clause allows one
  // a month, so the cap goes where it saves more: 2.5 x (400 - 200) = 500 $ against 250 $.
  const auto iv = test::series({300, 20, 400});
  const Site s = site_with(flex_hall(200, "flex_events_per_month = 1\n"));
  const Plan p = solve_plan(s, iv, {});
  CHECK(capped(s, iv, p, 0) == Approx(0));
  CHECK(capped(s, iv, p, 2) == Approx(2.5));
  // One event already this month: none left.
  PlanOptions o;
  o.flex_used["h"] = {0, 0, billing_month(s, iv[0].start), 1, false, {}};
  CHECK(plan_totals(s, iv, solve_plan(s, iv, o)).classes[1].capped_mwh == Approx(0));
}

TEST_CASE("no event begins within the notice; one in progress continues", "[ai][flex]") {
  // 2 h notice over four hours at 300: hours 0 and 1 begin less than 120 min after the decision,
  // so the event begins at hour 2: two hours capped.
  const auto iv = test::series({300, 300, 300, 300});
  const Site s = site_with(flex_hall(200, "flex_notice_minutes = 120\n"));
  const Plan p = solve_plan(s, iv, {});
  CHECK(capped(s, iv, p, 0) == Approx(0));
  CHECK(capped(s, iv, p, 1) == Approx(0));
  CHECK(capped(s, iv, p, 2) == Approx(2.5));
  CHECK(capped(s, iv, p, 3) == Approx(2.5));
  // Capped in the interval before: the event goes on from hour 0.
  PlanOptions o;
  o.flex_used["h"] = {0, 0, 0, 0, true, {}};
  CHECK(plan_totals(s, iv, solve_plan(s, iv, o)).classes[1].hours_capped == Approx(4));
}

TEST_CASE("a rolling decision carries the cap to its setpoint and the clause's use to its memory", "[ai][flex][rolling]") {
  // 15-minute intervals at 300 $/MWh: the committed interval is capped by 25 %.
  const Site s = site_with(flex_hall(200, "flex_hours_per_day = 4\n"));
  PriceBook book;
  book.actual.intervals = test::series({300, 300}, 15);
  RollingOptions ro;
  const RollingDecision d = rolling_step(s, ForecastView(book, book.actual.intervals[0].start), NowState{}, ro);
  const Setpoint& h = d.state.current[0];
  REQUIRE(h.name == "h");
  CHECK(h.mode == "capped");
  REQUIRE(h.cap_pct);
  CHECK(*h.cap_pct == Approx(25));
  CHECK(h.power_mw == Approx(7.5));
  const FlexUsed& u = d.state.memory.flex.at("h");
  CHECK(u.hours == Approx(0.25));
  CHECK(u.events == 1);
  CHECK(u.capped);
  // The memory survives the state file.
  const NowState back = state_from_json(state_to_json(d.state), "state.json");
  CHECK(back.memory.flex.at("h").hours == Approx(0.25));
  CHECK(back.memory.flex.at("h").capped);
  // The setpoint record carries it.
  const auto cells = setpoint_cells(book.actual.intervals[0].start, h);
  CHECK(hs::cell_text(cells.back()) == "25.00");
}

TEST_CASE("rolling decisions give the notice: a cap announced ahead begins at its start", "[ai][flex][rolling]") {
  // 15-minute intervals at 300 $/MWh, 30 minutes' notice. The decision at t0 may not cap t0 or
  // t1 (less than 30 min ahead) and announces the event its plan begins at t2; the decision at
  // t1 still may not cap; the one at t2 begins the announced event.
  const Site s = site_with(flex_hall(200, "flex_notice_minutes = 30\n"));
  PriceBook book;
  book.actual.intervals = test::series({300, 300, 300, 300, 300, 300}, 15);
  const auto& iv = book.actual.intervals;
  // A forecast of every interval, published an hour before t0: the plans look ahead.
  book.vintages.push_back({iv[0].start - std::chrono::hours(1), iv});
  RollingOptions ro;
  NowState st;
  std::vector<double> cap;
  std::vector<std::optional<hs::UtcTime>> announced;
  for (std::size_t t = 0; t < 3; ++t) {
    st = rolling_step(s, ForecastView(book, iv[t].start), st, ro).state;
    cap.push_back(st.current[0].cap_pct.value_or(-1));
    announced.push_back(st.memory.flex.at("h").announced);
  }
  CHECK(cap == std::vector<double>{0, 0, 25});
  REQUIRE(announced[0]);
  CHECK(*announced[0] == iv[2].start);
  CHECK(announced[1] == announced[0]);  // still ahead
  CHECK_FALSE(announced[2]);            // begun: spent
  CHECK(st.memory.flex.at("h").events == 1);
  // The announcement survives the state file.
  NowState mid = rolling_step(s, ForecastView(book, iv[0].start), NowState{}, ro).state;
  CHECK(*state_from_json(state_to_json(mid), "s.json").memory.flex.at("h").announced == iv[2].start);
}

TEST_CASE("the site file's flexibility keys are checked", "[ai][flex][site]") {
  auto bad = [](const std::string& block) { return site_with(block); };
  CHECK_THROWS_WITH(bad(hall + "flex_max_cap_pct = 120\nflex_cost_usd_per_mwh = 1\n"),
                    Catch::Contains("flex_max_cap_pct") && Catch::Contains("up to 100"));
  CHECK_THROWS_WITH(bad(hall + "flex_hours_per_day = 3\n"), Catch::Contains("needs flex_max_cap_pct"));
  CHECK_THROWS_WITH(bad(hall + "flex_max_cap_pct = 25\n"), Catch::Contains("flex_cost_usd_per_mwh"));
  CHECK_THROWS_WITH(bad(hall + "flex_max_cap_pct = 25\nflex_cost_usd_per_mwh = 1\nflex_hours_per_day = 25\n"),
                    Catch::Contains("hours from 0 to 24"));
  CHECK_THROWS_WITH(bad(hall + "flex_max_cap_pct = 25\nflex_cost_usd_per_mwh = 1\nflex_events_per_month = 1.5\n"),
                    Catch::Contains("whole number"));
  CHECK_THROWS_WITH(bad("[[ai]]\nname = \"h\"\nit_mw = 10\nfirm = false\nflex_max_cap_pct = 25\nflex_cost_usd_per_mwh = 1\n"),
                    Catch::Contains("needs a firm block"));
  CHECK_THROWS_WITH(bad(hall + "measured_margin_mw = -1\n"), Catch::Contains("measured_margin_mw"));
}
