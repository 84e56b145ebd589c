// The plan's model family by family (lib/dispatch/lp_model.hpp): each constraint family is
// written alone on a small site and its rows are read back by name, their bounds and
// coefficients worked by hand. The solved model is tested by value in solver_test and beside it.
#include "dispatch/lp_model.hpp"

#include <catch2/catch.hpp>
#include <cfloat>
#include <cmath>
#include <map>

#include "helpers.hpp"

using namespace hs::dispatch;

namespace {

struct Row {
  double lb = 0, ub = 0;
  std::map<std::string, double> coef;  // column name -> coefficient
};

struct Col {
  double lb = 0, ub = 0, cost = 0;
  bool integer = false;
};

int index_of(const std::vector<std::string>& names, const std::string& name) {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<int>(i);
  return -1;
}

bool has_row(const lp::Model& md, const std::string& name) { return index_of(md.rowname, name) >= 0; }
bool has_col(const lp::Model& md, const std::string& name) { return index_of(md.colname, name) >= 0; }

Row row(const lp::Model& md, const std::string& name) {
  const int r = index_of(md.rowname, name);
  REQUIRE(r >= 0);
  Row out{md.rowlb[static_cast<std::size_t>(r)], md.rowub[static_cast<std::size_t>(r)], {}};
  for (std::size_t e = 0; e < md.el.size(); ++e)
    if (md.ri[e] == r) {
      const std::string& col = md.colname[static_cast<std::size_t>(md.ci[e])];
      REQUIRE(out.coef.count(col) == 0);  // one entry per column and row
      out.coef[col] = md.el[e];
    }
  return out;
}

Col col(const lp::Model& md, const std::string& name) {
  const int c = index_of(md.colname, name);
  REQUIRE(c >= 0);
  const auto i = static_cast<std::size_t>(c);
  return {md.collb[i], md.colub[i], md.obj[i], md.integer[i] != 0};
}

bool unbounded(double v) { return std::fabs(v) >= DBL_MAX; }

// The one-class site of helpers.hpp (class a: 10000 units of 1 kW earning 0.05 $/h each) with
// `extra_class` in its class and `extra` beside it, and a 5 MW AI block at PUE 1.25.
Site site(const std::string& extra_class = "", const std::string& extra = "",
          const std::string& ai = "firm = false\n") {
  return parse_site(test::one_class_site(10000, 100, extra_class, extra) +
                        "[[ai]]\nname = \"h\"\nit_mw = 5\npue = 1.25\nrevenue_usd_per_mwh = 100\n" + ai,
                    "t.toml");
}

const std::string data = std::string(HS_TEST_DATA) + "/allocate/";

}  // namespace

TEST_CASE("columns carry each interval's profit and bounds", "[lp_model]") {
  // 30-minute intervals at 40 $/MWh plus a 2 $/MWh adder: a unit earns 0.5 x (0.05 - 42 x 0.001)
  // = 0.004 $, an MW of the AI block 0.5 x (100 - 42 x 1.25) = 23.75 $; costs are minus those.
  const Site s = site("", "[grid]\nadder_usd_per_mwh = 2\n");
  const auto iv = test::series({40, 40}, 30);
  PlanOptions o;
  lp::PlanModel m(s, iv, o, true);
  m.add_columns(0);
  m.add_columns(1);
  const Col x = col(m.model(), "x_a_full_1");
  CHECK(x.lb == 0);
  CHECK(x.ub == 10000);
  CHECK(x.cost == Approx(-0.004));
  CHECK_FALSE(x.integer);
  const Col ai = col(m.model(), "ai_h_0");
  CHECK(ai.lb == 0);  // interruptible: may be curtailed
  CHECK(ai.ub == 5);
  CHECK(ai.cost == Approx(-23.75));
  // A firm block is held at its IT load; whole units are integer columns; a strike in force
  // holds the class off in the first interval only.
  const Site firm = site("", "", "firm = true\n");
  o.integer_units = true;
  o.start = {ClassStart{}};
  o.start[0].held_off = true;
  lp::PlanModel f(firm, iv, o, true);
  f.add_columns(0);
  f.add_columns(1);
  CHECK(col(f.model(), "ai_h_0").lb == 5);
  CHECK(col(f.model(), "x_a_full_0").integer);
  CHECK(col(f.model(), "x_a_full_0").ub == 0);
  CHECK(col(f.model(), "x_a_full_1").ub == 10000);
  // Unnamed without names (a plan that writes no model file).
  lp::PlanModel quiet(s, iv, {}, false);
  quiet.add_columns(0);
  CHECK(quiet.model().colname == std::vector<std::string>(2, ""));
}

TEST_CASE("interconnect: load, REGDN headroom and battery charging within the usable MW", "[lp_model]") {
  // Interconnect 100 less 0.5 MW overhead. Batteries charge against it and discharge into it;
  // REGDN headroom is held back from energy use, REGUP is not.
  Site s = site("controllable_load_resource = true\nas_products = [\"REGUP\", \"REGDN\"]\n",
                "[grid]\nas_prices_file = \"" + data +
                    "as_prices.csv\"\n"
                    "[[storage]]\nname = \"bess\"\nenergy_mwh = 10\npower_mw = 5\n");
  s.aux_mw = 0.5;
  const auto iv = test::series({40});
  lp::PlanModel m(s, iv, {}, true);
  m.add_columns(0);
  m.add_interconnect(0);
  const Row r = row(m.model(), "interconnect_0");
  CHECK(unbounded(r.lb));
  CHECK(r.ub == Approx(99.5));
  CHECK(r.coef == std::map<std::string, double>{{"x_a_full_0", 0.001},
                                                {"ai_h_0", 1.25},
                                                {"as_a_REGDN_0", 1},
                                                {"charge_bess_0", 1},
                                                {"discharge_bess_0", -1}});
  // No export: the battery discharges at most into the site's own load (overhead included).
  m.add_no_export(0);
  const Row ne = row(m.model(), "noexport_0");
  CHECK(ne.lb == Approx(-0.5));
  CHECK(unbounded(ne.ub));
  CHECK(ne.coef.size() == 4);
  CHECK(ne.coef.count("as_a_REGDN_0") == 0);
  // A demand charge moves the interconnect into the month's peak column.
  const Site d = site("", "[grid]\ndemand_charge_usd_per_kw_month = 0.5\n");
  lp::PlanModel md(d, iv, {}, true);
  md.add_columns(0);
  md.add_interconnect(0);
  CHECK(md.model().rowname.empty());
}

TEST_CASE("ancillary services: up from load running, REGDN within headroom", "[lp_model]") {
  // Two modes (full 1 kW, eco 0.6 kW): up services at most the MW running, REGDN at most the
  // class's largest MW (10) less the MW running.
  const Site s = site(
      "controllable_load_resource = true\nas_products = [\"REGUP\", \"REGDN\", \"RRS\"]\n"
      "[[mining.modes]]\nname = \"eco\"\nths_per_unit = 70\nwatts_per_unit = 600\n",
      "[grid]\nas_prices_file = \"" + data + "as_prices.csv\"\n");
  const auto iv = test::series({40});
  lp::PlanModel m(s, iv, {}, true);
  m.add_columns(0);
  // REGUP 5 $/MW-h at 00:00 (tests/data/allocate/as_prices.csv), up to the class's 10 MW.
  CHECK(col(m.model(), "as_a_REGUP_0").cost == Approx(-5));
  CHECK(col(m.model(), "as_a_REGUP_0").ub == Approx(10));
  m.add_as_cover(0);
  const Row up = row(m.model(), "as_up_a_0");
  CHECK(unbounded(up.lb));
  CHECK(up.ub == 0);
  CHECK(up.coef == std::map<std::string, double>{
                       {"x_a_full_0", -0.001}, {"x_a_eco_0", -0.0006}, {"as_a_REGUP_0", 1}, {"as_a_RRS_0", 1}});
  const Row down = row(m.model(), "as_down_a_0");
  CHECK(down.ub == Approx(10));
  CHECK(down.coef == std::map<std::string, double>{{"x_a_full_0", 0.001}, {"x_a_eco_0", 0.0006}, {"as_a_REGDN_0", 1}});
}

TEST_CASE("reserve: with the up services, within the interruptible load", "[lp_model]") {
  // The firm block cannot be interrupted, so it backs no reserve; an up service and the reserve
  // cannot both be backed by one MW; REGDN is headroom, not load.
  const Site s = site("controllable_load_resource = true\nas_products = [\"REGDN\", \"RRS\"]\n",
                      "[grid]\nreserve_usd_per_mw_hour = 20\nas_prices_file = \"" + data +
                          "as_prices.csv\"\n"
                          "[[ai]]\nname = \"f\"\nit_mw = 2\nfirm = true\nrevenue_usd_per_mwh = 90\n");
  const auto iv = test::series({40});
  lp::PlanModel m(s, iv, {}, true);
  m.add_columns(0);
  CHECK(col(m.model(), "reserve_0").cost == Approx(-20));
  m.add_reserve_cover(0);
  const Row r = row(m.model(), "reserve_cover_0");
  CHECK(r.ub == 0);
  CHECK(r.coef ==
        std::map<std::string, double>{{"reserve_0", 1}, {"x_a_full_0", -0.001}, {"ai_h_0", -1.25}, {"as_a_RRS_0", 1}});
}

TEST_CASE("units per class: a row only for several modes or a block", "[lp_model]") {
  const auto iv = test::series({40});
  const Site single = site();
  lp::PlanModel one(single, iv, {}, true);
  one.add_columns(0);
  one.add_units(0);
  CHECK(one.model().rowname.empty());  // one mode: the column's bound is the count
  const Site modes = site("[[mining.modes]]\nname = \"eco\"\nths_per_unit = 70\nwatts_per_unit = 600\n");
  lp::PlanModel two(modes, iv, {}, true);
  two.add_columns(0);
  two.add_units(0);
  const Row u = row(two.model(), "units_a_0");
  CHECK(u.ub == 10000);
  CHECK(u.coef == std::map<std::string, double>{{"x_a_full_0", 1}, {"x_a_eco_0", 1}});
  // A class with minimum times runs as a block: all its units or none.
  const Site block = site("min_on_minutes = 120\n");
  lp::PlanModel b(block, iv, {}, true);
  b.add_columns(0);
  CHECK(col(b.model(), "on_a_0").integer);
  b.add_units(0);
  const Row br = row(b.model(), "block_a_0");
  CHECK(br.lb == 0);
  CHECK(br.ub == 0);
  CHECK(br.coef == std::map<std::string, double>{{"x_a_full_0", 1}, {"on_a_0", -10000}});
}

TEST_CASE("ramp: class power changes at most ramp x minutes, from the power before in a rolling window", "[lp_model]") {
  // 0.05 MW per minute over hourly intervals: 3 MW either way.
  const Site s = site("ramp_mw_per_minute = 0.05\n");
  const auto iv = test::series({40, 40});
  lp::PlanModel m(s, iv, {}, true);
  for (std::size_t t = 0; t < 2; ++t) m.add_columns(t), m.add_ramp(t);
  CHECK_FALSE(has_row(m.model(), "ramp_a_0"));  // nothing before a plan
  const Row r = row(m.model(), "ramp_a_1");
  CHECK(r.lb == Approx(-3));
  CHECK(r.ub == Approx(3));
  CHECK(r.coef == std::map<std::string, double>{{"x_a_full_1", 0.001}, {"x_a_full_0", -0.001}});
  // A rolling window starts from the 2 MW in force: 2 +- 3.
  PlanOptions o;
  o.start = {ClassStart{}};
  o.start[0].power_mw = 2.0;
  lp::PlanModel w(s, iv, o, true);
  w.add_columns(0);
  w.add_ramp(0);
  const Row r0 = row(w.model(), "ramp_a_0");
  CHECK(r0.lb == Approx(-1));
  CHECK(r0.ub == Approx(5));
  CHECK(r0.coef == std::map<std::string, double>{{"x_a_full_0", 0.001}});
  // A strike curtails at once, whatever the ramp.
  o.start[0].held_off = true;
  lp::PlanModel strike(s, iv, o, true);
  strike.add_columns(0);
  strike.add_ramp(0);
  CHECK(strike.model().rowname.empty());
}

TEST_CASE("battery: stored energy carried between intervals, the plan ending as full as it began", "[lp_model]") {
  // 10 MWh, 5 MW, round trip 0.81 (0.9 each way), 4 MWh stored at the start, 2 $ per MWh out.
  const Site s = parse_site(
      "[site]\ninterconnect_mw = 100\n[[ai]]\nname = \"h\"\nit_mw = 10\nrevenue_usd_per_mwh = 200\n"
      "[[storage]]\nname = \"bess\"\nenergy_mwh = 10\npower_mw = 5\n"
      "round_trip_efficiency = 0.81\ninitial_soc_mwh = 4\ndegradation_usd_per_mwh = 2\n",
      "t.toml");
  const auto iv = test::series({20, 100}, 30);
  lp::PlanModel m(s, iv, {}, true);
  m.add_columns(0);
  m.add_columns(1);
  // Half an hour: charging costs 0.5 x 20, discharging earns 0.5 x 100 less 0.5 x 2 wear.
  CHECK(col(m.model(), "charge_bess_0").cost == Approx(10));
  CHECK(col(m.model(), "discharge_bess_1").cost == Approx(-49));
  CHECK(col(m.model(), "soc_bess_0").lb == 0);
  CHECK(col(m.model(), "soc_bess_1").lb == Approx(4));  // the last interval's
  const Row first = row(m.model(), "socdef_bess_0");
  CHECK(first.lb == Approx(4));
  CHECK(first.ub == Approx(4));
  CHECK(first.coef.size() == 3);
  CHECK(first.coef.at("soc_bess_0") == 1);
  CHECK(first.coef.at("charge_bess_0") == Approx(-0.45));  // half an hour in at 0.9
  CHECK(first.coef.at("discharge_bess_0") == Approx(0.5 / 0.9));
  const Row next = row(m.model(), "socdef_bess_1");
  CHECK(next.lb == 0);
  CHECK(next.coef.at("soc_bess_0") == -1);
  // A rolling window starts from the energy stored then (clamped to the battery's size).
  PlanOptions o;
  o.soc_mwh["bess"] = 12;
  lp::PlanModel w(s, iv, o, true);
  w.add_columns(0);
  CHECK(row(w.model(), "socdef_bess_0").lb == Approx(10));
}

TEST_CASE("demand response: a cap over the event's intervals, the shortfall at the penalty", "[lp_model]") {
  // tests/data/allocate/dr_events.csv: utility-dr caps the site at 2 MW over 03:00-04:00 at
  // 1000 $ per MWh above; with 0.5 MW overhead the load may reach 1.5 MW.
  Site s = parse_site(test::one_class_site(10000, 100, "", "[grid]\ndr_events_file = \"" + data + "dr_events.csv\"\n"),
                      "t.toml");
  s.aux_mw = 0.5;
  const auto iv = test::series({40, 40, 40, 40});
  PlanOptions o;
  o.dr_baseline_mw = {10, 10};
  lp::PlanModel m(s, iv, o, true);
  for (std::size_t t = 0; t < 4; ++t) m.add_columns(t), m.add_dr_cap(t);
  CHECK_FALSE(has_row(m.model(), "dr_cap_0"));
  CHECK_FALSE(has_row(m.model(), "dr_cap_2"));
  const Row cap = row(m.model(), "dr_cap_3");
  CHECK(unbounded(cap.lb));
  CHECK(cap.ub == Approx(1.5));
  CHECK(cap.coef == std::map<std::string, double>{{"x_a_full_3", 0.001}, {"dr_short_3", -1}});
  CHECK(col(m.model(), "dr_short_3").cost == Approx(1000));
  // ERS reduces by 6 MW from the 10 MW baseline: 4 MW, less the overhead.
  CHECK(row(m.model(), "dr_cap_1").ub == Approx(3.5));
  // --ignore-dr (a plan that settles elsewhere) writes none.
  o.ignore_dr = true;
  lp::PlanModel off(s, iv, o, true);
  for (std::size_t t = 0; t < 4; ++t) off.add_columns(t), off.add_dr_cap(t);
  CHECK(off.model().rowname.empty());
}

TEST_CASE("monthly peak: one column per month for simplex, a running maximum for the barrier", "[lp_model]") {
  // 0.5 $/kW-month is 500 $ per MW of a month's peak. Four hours across the end of April (UTC
  // billing): t0 and t1 in April, t2 and t3 in May.
  const Site s = site("", "[grid]\ndemand_charge_usd_per_kw_month = 0.5\n");
  const auto iv = test::series({40, 40, 40, 40}, 60, hs::make_utc(2025, 4, 30, 22));
  PlanOptions o;
  o.lp_method = "dual";
  o.month_peak_so_far_mw = 3;  // set earlier in April
  lp::PlanModel m(s, iv, o, true);
  REQUIRE_FALSE(m.barrier());
  for (std::size_t t = 0; t < 4; ++t) m.add_columns(t), m.add_month_peak(t);
  const Col april = col(m.model(), "peak_2025_4"), may = col(m.model(), "peak_2025_5");
  CHECK(april.cost == Approx(500));
  CHECK(april.lb == Approx(3));
  CHECK(april.ub == Approx(100));
  CHECK(may.cost == Approx(500));
  CHECK(may.lb == 0);
  const Row p1 = row(m.model(), "peak_1");
  CHECK(p1.ub == 0);
  CHECK(p1.coef == std::map<std::string, double>{{"x_a_full_1", 0.001}, {"ai_h_1", 1.25}, {"peak_2025_4", -1}});
  CHECK(row(m.model(), "peak_2").coef.at("peak_2025_5") == -1);

  // A rolling window weighs April's charge by the part of the month it sees (PlanOptions).
  o.lp_method = "barrier";
  o.demand_charge_scale[billing_month(s, iv[0].start)] = 0.5;
  lp::PlanModel b(s, iv, o, true);
  REQUIRE(b.barrier());
  for (std::size_t t = 0; t < 4; ++t) b.add_columns(t), b.add_month_peak(t);
  // Only each month's last running maximum is charged; a month's first starts afresh.
  CHECK(col(b.model(), "peak_0").cost == 0);
  CHECK(col(b.model(), "peak_0").lb == Approx(3));
  CHECK(col(b.model(), "peak_1").cost == Approx(250));
  CHECK(col(b.model(), "peak_2").cost == 0);
  CHECK(col(b.model(), "peak_2").lb == 0);
  CHECK(col(b.model(), "peak_3").cost == Approx(500));
  CHECK(row(b.model(), "peakrun_1").coef == std::map<std::string, double>{{"peak_1", 1}, {"peak_0", -1}});
  CHECK_FALSE(has_row(b.model(), "peakrun_2"));
  CHECK(row(b.model(), "peakrun_3").lb == 0);
  CHECK(row(b.model(), "load_2").coef.at("peak_2") == -1);
}

TEST_CASE("peak windows: one column per window over its flagged intervals", "[lp_model]") {
  // tests/data/allocate/peaks.csv flags 00:15 (jul) and 02:00 (aug) on 2025-04-01, and a day in
  // September. Over four hours two windows have intervals: 5000 $/MW spread over the two, or
  // over all three named windows when the year's windows are the measure.
  const Site s = site("", "[grid]\npeak_windows_file = \"" + data + "peaks.csv\"\npeak_usd_per_mw = 5000\n");
  const auto iv = test::series({40, 40, 40, 40});
  PlanOptions o;
  lp::PlanModel m(s, iv, o, true);
  for (std::size_t t = 0; t < 4; ++t) m.add_columns(t);
  m.add_peak_windows();
  CHECK(col(m.model(), "wpeak_0").cost == Approx(2500));
  CHECK(col(m.model(), "wpeak_1").cost == Approx(2500));
  CHECK_FALSE(has_col(m.model(), "wpeak_2"));
  CHECK(row(m.model(), "wpeak_0_0").coef ==
        std::map<std::string, double>{{"x_a_full_0", 0.001}, {"ai_h_0", 1.25}, {"wpeak_0", -1}});
  CHECK(row(m.model(), "wpeak_1_2").ub == 0);
  CHECK(m.model().rowname.size() == 2);
  o.peak_over_all_windows = true;
  o.window_peak_so_far_mw["aug"] = 7;
  lp::PlanModel all(s, iv, o, true);
  for (std::size_t t = 0; t < 4; ++t) all.add_columns(t);
  all.add_peak_windows();
  CHECK(col(all.model(), "wpeak_0").cost == Approx(5000.0 / 3));
  CHECK(col(all.model(), "wpeak_1").lb == Approx(7));
}

TEST_CASE("uptime: an interruptible block's MWh over the horizon", "[lp_model]") {
  // 90 % of 5 MW over 1.5 hours (three half hours): 6.75 MWh.
  const Site s = site("", "", "firm = false\nuptime = 0.9\n");
  const auto iv = test::series({40, 40, 40}, 30);
  lp::PlanModel m(s, iv, {}, true);
  for (std::size_t t = 0; t < 3; ++t) m.add_columns(t);
  m.add_uptime();
  const Row r = row(m.model(), "uptime_h");
  CHECK(r.lb == Approx(6.75));
  CHECK(unbounded(r.ub));
  CHECK(r.coef == std::map<std::string, double>{{"ai_h_0", 0.5}, {"ai_h_1", 0.5}, {"ai_h_2", 0.5}});
}

TEST_CASE("minimum times: starts and stops, a start holding the block on", "[lp_model]") {
  // 90 minutes on over hourly intervals: a start in this or the last interval (0 or 60 minutes
  // before this one began) keeps the block on; 60 minutes off reaches back to no earlier
  // interval, so no row, and neither is there one in the first interval (a start in it is on in
  // it by its definition). The block begins on (initially_on).
  const Site s = site("min_on_minutes = 90\nmin_off_minutes = 60\n");
  const auto iv = test::series({40, 40, 40});
  lp::PlanModel m(s, iv, {}, true);
  for (std::size_t t = 0; t < 3; ++t) m.add_columns(t);
  m.add_min_times();
  const Row start0 = row(m.model(), "startdef_a_0");
  CHECK(start0.lb == -1);  // y0 >= u0 - 1
  CHECK(start0.coef == std::map<std::string, double>{{"start_a_0", 1}, {"on_a_0", -1}});
  CHECK(row(m.model(), "stopdef_a_0").lb == 1);  // z0 >= 1 - u0
  CHECK(row(m.model(), "startdef_a_2").coef ==
        std::map<std::string, double>{{"start_a_2", 1}, {"on_a_2", -1}, {"on_a_1", 1}});
  CHECK(row(m.model(), "minon_a_2").coef ==
        std::map<std::string, double>{{"start_a_1", 1}, {"start_a_2", 1}, {"on_a_2", -1}});
  CHECK_FALSE(has_row(m.model(), "minon_a_0"));
  CHECK_FALSE(has_row(m.model(), "minoff_a_1"));
  // A block 30 minutes into its minimum on time in a rolling window has 60 minutes left: it
  // stays on in the interval that starts within them, and is free after.
  PlanOptions o;
  o.start = {ClassStart{}};
  o.start[0].held_minutes = 30;
  lp::PlanModel w(s, iv, o, true);
  for (std::size_t t = 0; t < 3; ++t) w.add_columns(t);
  CHECK(col(w.model(), "on_a_0").lb == 1);
  CHECK(col(w.model(), "on_a_1").lb == 0);
  CHECK(col(w.model(), "on_a_1").ub == 1);
}

TEST_CASE("build writes each family in interval order, and a solution reads back as the plan", "[lp_model]") {
  // 0.5 MW overhead at 40 $/MWh over one hour is 20 $ no column carries; the solver's objective
  // is minus the margin the columns carry.
  Site s = parse_site(test::one_class_site(10000, 100), "t.toml");
  s.aux_mw = 0.5;
  const auto iv = test::series({40});
  PlanOptions o;
  o.integer_units = true;
  lp::PlanModel m(s, iv, o, true);
  m.build();
  REQUIRE(m.integer());
  CHECK(m.model().colname == std::vector<std::string>{"x_a_full_0"});
  CHECK(m.model().rowname == std::vector<std::string>{"interconnect_0"});
  const Plan p = m.plan({6000.4}, -60, "cbc");
  CHECK(p.solver == "cbc");
  CHECK(p.units == std::vector<std::vector<double>>{{6000}});  // whole units rounded
  CHECK(p.objective_usd == Approx(40));
  CHECK(p.n == 1);
  // A solver's -0 or -1e-12 is no negative load.
  lp::PlanModel lp_model(s, iv, {}, true);
  lp_model.build();
  CHECK(lp_model.plan({-1e-12}, 0, "clp").units[0][0] == 0);
}
