#include <catch2/catch.hpp>

#include "dispatch/now.hpp"
#include "dispatch/rolling.hpp"
#include "dispatch/split.hpp"
#include "../record_fields.hpp"
#include "helpers.hpp"

using namespace hs::dispatch;

TEST_CASE("now over a sequence of prices: hysteresis and minimum times through the state", "[now]") {
  // 10 MW class, break-even 50; hysteresis 2: switch off above 52, on below 48; min off 30 min.
  const Site s = parse_site(test::one_class_site(10000, 100, "min_off_minutes = 30\n"), "t.toml");
  NowOptions opt;
  const auto iv = test::series({40, 51, 53, 45, 45, 45, 49, 40}, 15);
  // Expected on/off by interval (15 min each), worked through:
  //  00:00 40 on (below break-even); 00:15 51 stays on (within 50 + 2); 00:30 53 off (above 52);
  //  00:45 45 wants on but has been off only 15 min of its 30: off; 01:00 45 off for 30 min: on;
  //  01:15 45 on; 01:30 49 stays on (above 48 but within the band); 01:45 40 on.
  const bool expect[] = {true, true, false, false, true, true, true, true};
  NowState st;
  for (std::size_t t = 0; t < iv.size(); ++t) {
    st = step(s, iv[t], st, opt);
    REQUIRE(st.current.size() == 1);
    INFO("interval " << t);
    CHECK(st.current[0].on == expect[t]);
    CHECK(st.current[0].power_mw == Approx(expect[t] ? 10.0 : 0.0));
    // A repeated run for the same interval, from the state it left, gives the same decision.
    const NowState again = step(s, iv[t], state_from_json(state_to_json(st), "state.json"), opt);
    CHECK(again.current[0].on == st.current[0].on);
    CHECK(state_to_json(again) == state_to_json(st));
  }
  // An interval before the last decision (the clock stepped back, or a future interval was
  // decided once) does not block the loop: it is decided from the setpoints in force, and said.
  const NowState back = step(s, iv[0], st, opt);
  CHECK(back.warning.find("after the interval decided now") != std::string::npos);
  CHECK(back.previous.size() == st.current.size());
}

TEST_CASE("now: the interval holding the clock, its price, and how old it is", "[now]") {
  const Site s = parse_site(test::one_class_site(10000, 20), "t.toml");  // max age 30 min, 15-min default
  const auto rows = test::series({40, 41, 42}, 15);  // 00:00, 00:15, 00:30 (to 00:45)
  const hs::UtcTime t0 = rows[0].start;
  using std::chrono::minutes;
  // A row covers the clock: its own price, 0 s old; the rows after it are forecasts.
  NowPrice p = price_now(s, rows, t0 + minutes(17));
  CHECK(p.basis == "price");
  CHECK(p.interval.start == t0 + minutes(15));
  CHECK(p.interval.price_per_mwh == 41);
  CHECK(*p.age_s == 0);
  CHECK(p.future_rows == 1);
  // Past the rows: the interval of the rows' length holding the clock, the newest price while it
  // ended at most 30 minutes before (01:15 is exactly 30 after 00:45), then stale.
  p = price_now(s, rows, t0 + minutes(75));
  CHECK(p.basis == "price");
  CHECK(p.interval.start == t0 + minutes(75));
  CHECK(p.interval.minutes == 15);
  CHECK(p.interval.price_per_mwh == 42);
  CHECK(*p.age_s == 30 * 60);
  p = price_now(s, rows, t0 + minutes(76));
  CHECK(p.basis == "stale");
  CHECK(p.interval.start == t0 + minutes(75));
  CHECK(*p.age_s == 31 * 60);
  // Nothing at or before the clock (rows only after it are forecasts): missing.
  p = price_now(s, rows, t0 - minutes(1));
  CHECK(p.basis == "missing");
  CHECK(!p.age_s);
  CHECK(p.interval.start == t0 - minutes(15));
  CHECK(p.future_rows == 3);
  p = price_now(s, {}, t0 + minutes(7));
  CHECK(p.basis == "missing");
  CHECK(p.interval.start == t0);
  CHECK(p.interval.minutes == 15);
}

TEST_CASE("now: the fail-safe: off, on, a mode, and hold for at most hold_max_minutes", "[now]") {
  // Interconnect 20 MW: class a (10,000 x 1 kW, fail-safe hold), class b (5,000 x 1 kW with an
  // eco mode of 0.5 kW, fail-safe eco), a firm 4 MW hall (on by default) and an interruptible one
  // (off by default).
  const std::string extra =
      "failsafe = \"hold\"\n"
      "[[mining]]\nname = \"b\"\nunits = 5000\nths_per_unit = 100\nwatts_per_unit = 1000\nfailsafe = \"eco\"\n"
      "  [[mining.modes]]\n  name = \"eco\"\n  ths_per_unit = 60\n  watts_per_unit = 500\n"
      "[[ai]]\nname = \"firm\"\nit_mw = 4\nlease_usd_per_kw_month = 100\n"
      "[[ai]]\nname = \"spot\"\nit_mw = 2\nfirm = false\nrevenue_usd_per_mwh = 1000\n"
      "[operations]\nhold_max_minutes = 30\n";
  const Site s = parse_site(test::one_class_site(10000, 20, extra), "t.toml");
  const auto iv = test::series({30, 30, 30, 30}, 15);
  // On a price of 30 every class runs; b (better break-even in eco) first, so a gets the 9 MW
  // the halls (6 MW) and b (5 MW) leave: 9,000 units.
  NowState st = step(s, iv[0], NowState{}, NowOptions{});
  REQUIRE(st.current[2].name == "a");
  CHECK(st.current[2].units == 9000);
  std::vector<NowState> fs;
  for (std::size_t t = 1; t < 4; ++t) fs.push_back(st = failsafe_step(s, iv[t], st, "missing"));
  // 00:15: held; firm hall on, spot off; b all 5,000 in eco (2.5 MW).
  CHECK(fs[0].current[0].on);
  CHECK(fs[0].current[0].reason == "missing");
  CHECK_FALSE(fs[0].current[1].on);
  CHECK(fs[0].current[2].units == 9000);
  CHECK(fs[0].current[3].mode == "eco");
  CHECK(fs[0].current[3].power_mw == Approx(2.5));
  CHECK(*fs[0].failsafe_since == iv[1].start);
  // 00:30: held 15 minutes; 00:45: 30 minutes of fail-safe, the hold is over: off.
  CHECK(fs[1].current[2].units == 9000);
  CHECK(fs[2].current[2].units == 0);
  CHECK(fs[2].current[2].mode == "off");
  CHECK(fs[2].current[2].since == iv[3].start);
  // Deciding 00:45 again starts from before it: the same answer; the state keeps the start.
  const NowState again = failsafe_step(s, iv[3], state_from_json(state_to_json(fs[2]), "st.json"), "missing");
  CHECK(state_to_json(again) == state_to_json(fs[2]));
  // A price ends the fail-safe.
  CHECK_FALSE(step(s, iv[3], fs[1], NowOptions{}).failsafe_since);
  // A mode that is not the class's, or a fail-safe for a hall that is not one of the words: 65.
  CHECK_THROWS_WITH(parse_site(test::one_class_site(10, 20, "failsafe = \"turbo\"\n"), "t.toml"),
                    Catch::Contains("expected off, on, hold or a mode of the class"));
  CHECK_THROWS_WITH(parse_site(test::one_class_site(10, 20, "", "[operations]\ninterval_minutes = 7\n"), "t.toml"),
                    Catch::Contains("divides a day"));
}

TEST_CASE("now without a state file: a stop starts the minimum-off clock", "[now]") {
  // No history: the class is taken as running. At 60 (above 52) it stops at 00:00; with a
  // minimum off time of two hours it stays off at 01:00 although 35 is far below break-even,
  // and starts at 02:00. (It once restarted at 01:00: the stop had no time, so the backtest's
  // myopic rule beat perfect foresight, which does honour the clock.)
  const Site s = parse_site(test::one_class_site(10000, 100, "min_off_minutes = 120\n"), "t.toml");
  const auto iv = test::series({60, 35, 35});
  NowState st = step(s, iv[0], NowState{}, {});
  CHECK_FALSE(st.current[0].on);
  CHECK(st.current[0].since == iv[0].start);
  auto off = hs::test::by_field("setpoint", setpoint_cells(iv[0].start, st.current[0]));
  CHECK(off["interval_start"] == "2025-04-01T00:00:00Z");
  CHECK(off["class"] == "a");
  CHECK(off["kind"] == "mining");
  CHECK(off["power_mw"] == "0.0000");
  CHECK(off["units_on"] == "0");
  CHECK(off["mode"] == "off");
  st = step(s, iv[1], st, {});
  CHECK_FALSE(st.current[0].on);
  st = step(s, iv[2], st, {});
  CHECK(st.current[0].on);
  // Running from the start has no clock: on since ever, free to stop at once.
  const NowState on = step(s, iv[1], NowState{}, {});
  CHECK(on.current[0].on);
  CHECK(on.current[0].since == hs::UtcTime{});
  auto running = hs::test::by_field("setpoint", setpoint_cells(iv[1].start, on.current[0]));
  CHECK(running["power_mw"] == "10.0000");
  CHECK(running["units_on"] == "10000");
  // An AI block has no units.
  const Setpoint hall{"hall", "ai", true, 0, "on", 0.6, {}, "firm", {}, {}, {}};
  auto ai = hs::test::by_field("setpoint", setpoint_cells(iv[1].start, hall));
  CHECK(ai["kind"] == "ai");
  CHECK(ai["units_on"].empty());
  CHECK(ai["power_mw"] == "0.6000");
  CHECK(ai["mode"] == "on");
}

TEST_CASE("a corrupt state file is bad data", "[now]") {
  CHECK_THROWS_AS(state_from_json("{\"current\": [{\"name\": 3}]}", "s.json"), hs::Error);
  // Whole numbers only: a float where allocate writes a count was a cast out of range (fuzzed).
  for (const char* text : {"{\"memory\": {\"month\": 2.4306e88, \"month_peak_mw\": 1}}",
                           "{\"memory\": {\"month\": 24306.5, \"month_peak_mw\": 1}}",
                           "{\"memory\": {\"strikes\": {\"s21\": {\"above\": 3000000000, \"below\": 0, \"curtailed\": false}}}}"}) {
    try {
      (void)state_from_json(text, "now.state");
      FAIL("accepted " << text);
    } catch (const hs::Error& e) {
      CHECK(e.code() == 65);
      CHECK_THAT(e.what(), Catch::Contains("now.state: ") && Catch::Contains("expected a whole number"));
    }
  }
  CHECK(state_from_json("{\"memory\": {\"month\": 24306, \"month_peak_mw\": 61.5}}", "now.state").memory.month == 24306);
}

TEST_CASE("split resizes AI and fills the rest with mining", "[split]") {
  // Interconnect 20 MW; the 1 kW class has 20,000 units (20 MW). AI block pue 1.25: 8 MW IT
  // takes 10 MW, leaving 10 MW = 10,000 units. Hourly prices 20 and 80 (break-even 50):
  // mining earns 50 x 10 = 500 $ for 200 $ of energy in hour 0 (margin 300), off in hour 1.
  // AI: lease 73 $/kW-month = 73,000 x 8 / 730 = 800 $/h -> 1600 $; energy 10 x (20 + 80) = 1000 $.
  const std::string block = "[[ai]]\nname = \"h\"\nit_mw = 1\npue = 1.25\nlease_usd_per_kw_month = 73\n";
  const Site s = parse_site(test::one_class_site(20000, 20) + block, "t.toml");
  const auto rows = run_split(s, test::series({20, 80}), {0, 8}, {}, Annualize::hours);
  REQUIRE(rows.size() == 8);  // per candidate: a, h, site, total
  CHECK(rows[0].part == "a");
  CHECK(rows[0].mining_mw == Approx(20));
  CHECK(rows[0].margin() == Approx(600));
  CHECK(rows[1].margin() == Approx(0));
  CHECK(rows[3].kind == "total");
  const SplitPart& mining = rows[4];
  const SplitPart& ai = rows[5];
  const SplitPart& site_part = rows[6];
  const SplitPart& total = rows[7];
  CHECK(mining.mining_mw == Approx(10));
  CHECK(mining.energy_mwh == Approx(10));
  CHECK(mining.revenue == Approx(500));
  CHECK(mining.energy_cost == Approx(200));
  CHECK(*mining.ths == Approx(10000 * 100));
  CHECK(*mining.uptime == Approx(0.5));
  CHECK(*mining.hours_curtailed == Approx(1));
  CHECK(ai.kind == "ai");
  CHECK(ai.power_payer == "landlord");
  CHECK(ai.energy_mwh == Approx(20));
  CHECK(ai.revenue == Approx(1600));
  CHECK(ai.energy_cost == Approx(1000));
  CHECK(site_part.margin() == Approx(0));
  CHECK(total.margin() == Approx(900));
  CHECK(total.annual_margin() == Approx(900 * 8760 / 2.0));
  auto cells = hs::test::by_field("split", ai.cells());
  CHECK(cells["ai_mw"] == "8");
  CHECK(cells["mining_mw"] == "10.0000");
  CHECK(cells["hours"] == "2.0000");
  CHECK(cells["part"] == "h");
  CHECK(cells["power_payer"] == "landlord");
  CHECK(cells["capacity_mw"] == "10.0000");
  CHECK(cells["ths"] == "");
  CHECK(cells["margin_usd"] == "600.00");
  CHECK(cells["annual_revenue_usd"] == "7008000.00");      // 1600 $ in 2 h, x 8760 / 2
  CHECK(cells["annual_energy_cost_usd"] == "4380000.00");  // 1000 $ x 4380
  CHECK(cells["annual_margin_usd"] == "2628000.00");
  CHECK(hs::test::by_field("split", total.cells())["annual_margin_usd"] == "3942000.00");  // 900 x 4380
  CHECK_THROWS_AS(run_split(s, test::series({20}), {17}, {}, Annualize::hours), hs::Error);

  // The tenant pays the block's energy: not the site's cost, the same draw on the interconnect.
  const Site t = parse_site(test::one_class_site(20000, 20) + block + "power_payer = \"tenant\"\n", "t.toml");
  const auto trows = run_split(t, test::series({20, 80}), {8}, {}, Annualize::hours);
  CHECK(trows[1].power_payer == "tenant");
  CHECK(trows[1].energy_mwh == Approx(20));
  CHECK(trows[1].energy_cost == Approx(0));
  CHECK(trows[0].margin() == Approx(300));
  CHECK(trows[3].margin() == Approx(1900));
  // The LP agrees (its objective is checked against the plan's margin on the way): 1 MW IT
  // leaves 18.75 MW of mining, 18.75 x 30 $ in hour 0, and the rent 100 $/h, no energy.
  CHECK(test::lp_margin(t, test::series({20, 80})) == Approx(18.75 * 30 + 200));
  // Only a firm block may pass its power on: serving an interruptible one is the site's call.
  CHECK_THROWS_WITH(parse_site(test::one_class_site(20000, 20) + block + "firm = false\npower_payer = \"tenant\"\n", "t.toml"),
                    Catch::Contains("tenant pays its power is firm"));
  CHECK_THROWS_WITH(parse_site(test::one_class_site(20000, 20) + block + "power_payer = \"site\"\n", "t.toml"),
                    Catch::Contains("expected landlord (the site pays) or tenant"));
}

TEST_CASE("strike rules: N intervals above to curtail, M below to resume, an emergency strike at once", "[strike]") {
  // Strike 100 after 3, resume after 2, emergency 500. Worked interval by interval:
  //  90 below(1) on; 110 above(1) on; 120 above(2) on; 95 resets, on; 130, 140 above(1, 2) on;
  //  150 above(3) off; 80 below(1) off; 120 above(1) off; 70, 60 below(1, 2): on at the second;
  //  600 emergency: off at once; 50 below(1) off; 40 below(2) on.
  StrikeRule r;
  r.strike_usd_per_mwh = 100, r.after = 3, r.resume_after = 2, r.emergency_usd_per_mwh = 500;
  const std::vector<double> price{90, 110, 120, 95, 130, 140, 150, 80, 120, 70, 60, 600, 50, 40};
  const bool on[] = {true, true, true, true, true, true, false, false, false, false, true, false, false, true};
  StrikeCount c;
  for (std::size_t i = 0; i < price.size(); ++i) {
    c = strike_step(r, c, price[i]);
    INFO("interval " << i << " at " << price[i]);
    CHECK(c.curtailed == !on[i]);
  }
  // An emergency strike alone: only above it, at once; resumes after M at or below it.
  StrikeRule e;
  e.emergency_usd_per_mwh = 200, e.resume_after = 1;
  CHECK(strike_step(e, {}, 199).curtailed == false);
  CHECK(strike_step(e, {}, 201).curtailed == true);
  CHECK(strike_step(e, strike_step(e, {}, 201), 150).curtailed == false);

  // In allocate now the rule replaces the break-even (50 here): at 60 the class stays on under a
  // strike of 100, and goes off at 100.01 only on the third interval in a row.
  const Site s = parse_site(test::one_class_site(10000, 100,
                                                 "strike_usd_per_mwh = 100\nstrike_after_intervals = 3\n"
                                                 "resume_after_intervals = 2\nemergency_strike_usd_per_mwh = 500\n"),
                            "t.toml");
  REQUIRE(s.mining[0].strike);
  CHECK(s.mining[0].strike->after == 3);
  NowState st;
  const auto iv = test::series({60, 101, 101, 101, 90, 90, 501}, 15);
  const bool want[] = {true, true, true, false, false, true, false};
  for (std::size_t t = 0; t < iv.size(); ++t) {
    st = step(s, iv[t], st, {});
    INFO("interval " << t);
    CHECK(st.current[0].on == want[t]);
    const NowState again = step(s, iv[t], state_from_json(state_to_json(st), "s.json"), {});
    CHECK(state_to_json(again) == state_to_json(st));  // the counters go through the state file
  }
  // In a rolling decision a strike curtails at once, even against a ramp limit.
  const Site r2 = parse_site(test::one_class_site(10000, 100, "ramp_mw_per_minute = 0.1\nemergency_strike_usd_per_mwh = 500\n"), "t.toml");
  NowState on_before;
  on_before.interval_start = iv[0].start - std::chrono::minutes(15);
  on_before.current.push_back({"a", "mining", true, 10000, "full", 10.0, iv[0].start - std::chrono::hours(24), "price", {}, {}, {}});
  PriceBook b;
  b.actual.intervals = test::series({600}, 15);
  const auto d = rolling_step(r2, ForecastView(b, iv[0].start), on_before, {});
  CHECK(d.state.current[0].power_mw == 0);
  CHECK(d.state.memory.strikes.at("a").curtailed);
  // Bad rules are refused with the key.
  CHECK_THROWS_AS(parse_site(test::one_class_site(10, 1, "strike_after_intervals = 2\n"), "t.toml"), hs::Error);
  CHECK_THROWS_AS(parse_site(test::one_class_site(10, 1, "strike_usd_per_mwh = 100\nstrike_after_intervals = 0\n"), "t.toml"), hs::Error);
  CHECK_THROWS_AS(parse_site(test::one_class_site(10, 1, "strike_usd_per_mwh = 100\nemergency_strike_usd_per_mwh = 90\n"), "t.toml"), hs::Error);
}
