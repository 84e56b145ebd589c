#include <catch2/catch.hpp>

#include "dispatch/rolling.hpp"
#include "helpers.hpp"

using namespace hs::dispatch;

namespace {
// tests/data/allocate/load_forecast.csv: system load for 2025-08-01 20:00..20:45Z, vintage A
// (published 10:00Z) 84,000 / 86,000 / 85,500 / 83,000 MW, vintage B (18:00Z) 83,000 / 85,800 /
// 86,500 / 84,000 MW, and a coast row that is not the system area.
Site peak_site(const std::string& threshold) {
  const std::string data = std::string(HS_TEST_DATA) + "/allocate/";
  return parse_site(test::one_class_site(10000, 100, "",
                                         "[grid]\npeak_usd_per_mw = 1000\npeak_forecast_file = \"" + data +
                                             "load_forecast.csv\"\n" + threshold),
                    "t.toml");
}
const hs::UtcTime t20 = hs::make_utc(2025, 8, 1, 20);
hs::UtcTime q(int i) { return t20 + std::chrono::minutes(15 * i); }
}  // namespace

TEST_CASE("4CP candidates flagged from load forecasts, the newest vintage known", "[peak]") {
  const Site s = peak_site("peak_threshold_mw = 85000\n");
  REQUIRE(s.grid.load_forecast.size() == 8);  // the coast row left out
  // All vintages (a plan): B is the newest: 20:15 (85,800) and 20:30 (86,500).
  CHECK(s.grid.peak_starts == std::vector<hs::UtcTime>{q(1), q(2)});
  REQUIRE(s.grid.peak_window_names == std::vector<std::string>{"2025-08"});
  // Known at 12:00Z: A only: 20:15 (86,000) and 20:30 (85,500).
  Grid g = s.grid;
  flag_peaks(g, "", hs::make_utc(2025, 8, 1, 12));
  CHECK(g.peak_starts == std::vector<hs::UtcTime>{q(1), q(2)});
  // At 86,000: B flags 20:30 only; A (at 12:00Z) 20:15 only (86,000 reaches it).
  g.peak_threshold_mw = 86000;
  flag_peaks(g, "");
  CHECK(g.peak_starts == std::vector<hs::UtcTime>{q(2)});
  flag_peaks(g, "", hs::make_utc(2025, 8, 1, 12));
  CHECK(g.peak_starts == std::vector<hs::UtcTime>{q(1)});
  // Before any vintage: nothing flagged.
  flag_peaks(g, "", hs::make_utc(2025, 8, 1, 9));
  CHECK(g.peak_starts.empty());

  // The plan: at 40 a MW earns 2.5 $ per interval, a flagged interval's draw costs 1000 $ per MW
  // (one window): on at 20:00 and 20:45 only: 2 x 10 x 2.5 = 50.
  const auto iv = test::series({40, 40, 40, 40}, 15, t20);
  CHECK(test::lp_margin(s, iv) == Approx(50));
  const Plan p = solve_plan(s, iv, {});
  CHECK(class_power_mw(s, p, 0, 1) == Approx(0).margin(1e-9));
  CHECK(class_power_mw(s, p, 0, 3) == Approx(10));
}

TEST_CASE("rolling decisions flag 4CP candidates only from the load forecasts published by then", "[peak]") {
  // Threshold 86,000: at 20:15 decided from a view at 20:15, vintage B (18:00Z) is known: 20:15
  // is not flagged (85,800): on. Were the flags from vintage A alone it would be (86,000).
  const Site s = peak_site("peak_threshold_mw = 86000\n");
  PriceBook b;
  b.actual.intervals = test::series({40, 40, 40, 40}, 15, t20);
  const auto d = rolling_step(s, ForecastView(b, q(1)), {}, {});
  CHECK(d.state.current[0].power_mw == Approx(10));
  // The 4CP exposure: 20:30 flagged in window 2025-08; deciding 20:30 off, and the memory
  // holds the window's draw so far.
  const auto e = rolling_step(s, ForecastView(b, q(2)), d.state, {});
  CHECK(e.state.current[0].power_mw == Approx(0).margin(1e-9));
  CHECK(e.state.memory.window_peak_mw.at("2025-08") == Approx(0).margin(1e-9));
  // A threshold needs the file; without a threshold anywhere no flags come from it.
  CHECK_THROWS_AS(parse_site(test::one_class_site(10, 1, "", "[grid]\npeak_threshold_mw = 5\n"), "t.toml"), hs::Error);
  CHECK(peak_site("").grid.peak_starts.empty());
}
