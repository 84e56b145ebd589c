// Time series joined by time (hashprice, reserve price) and peak windows (4CP), each against an
// optimum worked by hand. The files are in tests/data/allocate.
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "dispatch/plan.hpp"
#include "helpers.hpp"

using namespace hs::dispatch;

namespace {

const std::string data = std::string(HS_TEST_DATA) + "/allocate/";

}  // namespace

TEST_CASE("peak windows: cost per MW of the mean of the windows' peaks, worked by hand", "[solver][series]") {
  // One 10 MW class breaking even at 50 $/MWh; hourly prices 20, 20, 40 from 2025-04-01T00:00Z:
  // profit per MWh +30, +30, +10. peaks.csv flags 00:15Z (inside hour 0) in window 'jul',
  // 02:00Z (hour 2) in 'aug', and 2025-09-01 in 'sep', outside the plan, so W = 2 windows.
  // Charge 40 $/MW x (P0 + P2) / 2 = 20 P0 + 20 P2:
  //   hour 0: 30 - 20 = +10 per MW -> P0 = 10 MW: 300 $ earned, 200 $ of charge;
  //   hour 1: not flagged -> 10 MW, 300 $;
  //   hour 2: 10 - 20 < 0 -> P2 = 0.
  // Optimum 300 + 300 - 40 x (10 + 0) / 2 = 400 $. (Charging the max instead of the mean would
  // give 300 + 300 + 100 - 40 x 10 = 300 $ with every hour on.)
  const Site s = parse_site(test::one_class_site(10000, 100, "",
                                                 "[grid]\npeak_windows_file = \"" + data +
                                                     "peaks.csv\"\npeak_usd_per_mw = 40\n"),
                            "t.toml");
  REQUIRE(s.grid.peak_window_names.size() == 3);
  const auto iv = test::series({20, 20, 40});
  const auto w = peak_window_intervals(s, iv);
  REQUIRE(w.size() == 2);
  CHECK(w[0] == std::vector<std::size_t>{0});
  CHECK(w[1] == std::vector<std::size_t>{2});
  CHECK_FALSE(is_uncoupled(s, {}));
  const Plan p = solve_plan(s, iv, {});
  CHECK(p.solver == "clp");
  CHECK(p.objective_usd == Approx(400));
  CHECK(class_power_mw(s, p, 0, 0) == Approx(10));
  CHECK(class_power_mw(s, p, 0, 1) == Approx(10));
  CHECK(class_power_mw(s, p, 0, 2) == Approx(0).margin(1e-9));
  const PlanTotals t = plan_totals(s, iv, p);
  CHECK(t.peak_charge == Approx(200));
  CHECK(test::lp_margin(s, iv) == Approx(400));
}

TEST_CASE("a reserve price series joined by time, worked by hand", "[solver][series]") {
  // 10 MW class, break-even 50, at 52 $/MWh for two hours: each MW mined loses 2 $/h.
  // reserve.csv: 5 $/MW-h from 00:00Z, 1 $/MW-h from 01:00Z; reserve capped at 4 MW.
  // Hour 0: -2x + 5 min(x, 4) is best at x = 4: 12 $. Hour 1: -2x + 1 min(x, 4) < 0: off.
  // Optimum 12 $, reserve revenue 4 x 5 = 20 $ in hour 0 and none in hour 1.
  const Site s = parse_site(test::one_class_site(10000, 100, "",
                                                 "[grid]\nreserve_prices_file = \"" + data +
                                                     "reserve.csv\"\nreserve_max_mw = 4\n"),
                            "t.toml");
  const auto iv = test::series({52, 52});
  const Plan p = solve_plan(s, iv, {});
  CHECK(p.solver == "clp");
  CHECK(p.objective_usd == Approx(12));
  CHECK(class_power_mw(s, p, 0, 0) == Approx(4));
  CHECK(class_power_mw(s, p, 0, 1) == Approx(0).margin(1e-9));
  CHECK(interval_figures(s, iv, p, 0).reserve_revenue == Approx(20));
  CHECK(interval_figures(s, iv, p, 1).reserve_revenue == Approx(0).margin(1e-9));
  // An interval before the series' first row is an error naming it.
  const auto early = test::series({52}, 60, hs::make_utc(2025, 3, 31));
  try {
    solve_plan(s, early, {});
    FAIL("no error for an interval before the first row");
  } catch (const hs::Error& e) {
    CHECK(e.code() == 65);
    CHECK_THAT(std::string(e.what()), Catch::Contains("reserve.csv: no row at or before 2025-03-31T00:00:00Z "
                                                      "(the first row is from 2025-04-01T00:00:00Z)"));
  }
}

TEST_CASE("a hashprice series joined by time: direct = LP = the hand-worked optimum", "[solver][series]") {
  // hashprice.csv: 12 $/PH/day from 2025-03-31 (so at 00:00Z), 24 from 01:00Z, and from 02:00Z
  // the block-reward form: 312,500,000 + 2,500,000 sat at difficulty 113,757,508,810,854 is
  // 55,703 sat per PH-day (see site_test.cpp) x 84,000 $/BTC / 1e8 = 46.79052 $/PH/day.
  // One 100 TH/s 1 kW unit earns hashprice x 100 / 1000 / 24 $/h per 0.001 MW, so mining
  // earns hashprice x 50/12 $/MWh: 50, 100 and 194.96050 $/MWh in hours 0, 1, 2.
  // Room 12 MW: 10 MW of mining and an interruptible 5 MW AI block earning 120 $/MWh (pue 1).
  // Prices 40, 40, 80:
  //   hour 0: AI first (120 > 50): 5 x 80 = 400, mining 7 MW x (50 - 40) = 70      -> 470
  //   hour 1: AI first (120 > 100): 5 x 80 = 400, mining 7 x (100 - 40) = 420      -> 820
  //   hour 2: mining first (194.96 > 120): 10 x 114.96050 = 1149.6050, AI 2 x 40 -> 1229.6050
  // Optimum 2519.6050 $. (Keeping hour 0's order in hour 2 would give 1004.72 there.)
  std::string text = test::one_class_site(10000, 12);
  const std::string constant = "hashprice_usd_per_ph_day = 12";
  text.replace(text.find(constant), constant.size(), "hashprice_file = \"" + data + "hashprice.csv\"");
  const Site s = parse_site(text + "[[ai]]\nname = \"b\"\nit_mw = 5\nfirm = false\nrevenue_usd_per_mwh = 120\n", "t.toml");
  REQUIRE(s.economics.hashprice_series.value.size() == 3);
  CHECK(s.economics.hashprice_series.value[2] == Approx(46.79052));
  const auto iv = test::series({40, 40, 80});
  const Plan d = solve_plan(s, iv, {});
  CHECK(d.solver == "direct");
  CHECK(d.objective_usd == Approx(2519.6050));
  CHECK(class_power_mw(s, d, 0, 0) == Approx(7));
  CHECK(class_power_mw(s, d, 0, 2) == Approx(10));
  CHECK(d.ai_it_mw[0][2] == Approx(2));
  CHECK(test::lp_margin(s, iv) == Approx(2519.6050));
  // A plan starting before the first row is refused, naming the file and the interval.
  CHECK_THROWS_WITH(solve_plan(s, test::series({40}, 60, hs::make_utc(2025, 3, 30)), {}),
                    Catch::Contains("hashprice.csv: no row at or before 2025-03-30T00:00:00Z"));
}

TEST_CASE("series and peak-window keys are checked", "[site][series]") {
  auto err = [](const std::string& grid) {
    try {
      parse_site(test::one_class_site(10, 100, "", grid), "t.toml");
    } catch (const hs::Error& e) {
      CHECK(e.code() == 65);
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(err("[grid]\npeak_usd_per_mw = 5\n"), Catch::Contains("peak_usd_per_mw needs peak_windows_file"));
  CHECK_THAT(err("[grid]\npeak_windows_file = \"" + data + "peaks.csv\"\n"),
             Catch::Contains("peak_windows_file needs peak_usd_per_mw"));
  CHECK_THAT(err("[grid]\nreserve_prices_file = \"" + data + "reserve.csv\"\nreserve_usd_per_mw_hour = 1\n"),
             Catch::Contains("not both"));
  CHECK_THAT(err("[grid]\npeak_usd_per_mv = 5\n"), Catch::Contains("did you mean 'peak_usd_per_mw'?"));
  CHECK_THROWS_WITH(parse_site(test::one_class_site(10, 100, "", "[grid]\nreserve_prices_file = \"nosuch.csv\"\n"), "t.toml"),
                    Catch::Contains("nosuch.csv"));
}
