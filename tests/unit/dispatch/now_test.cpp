#include <catch2/catch.hpp>

#include "dispatch/now.hpp"
#include "dispatch/split.hpp"
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
  // A price older than the last decision is refused.
  CHECK_THROWS_AS(step(s, iv[0], st, opt), hs::Error);
}

TEST_CASE("a corrupt state file is bad data", "[now]") {
  CHECK_THROWS_AS(state_from_json("{\"current\": [{\"name\": 3}]}", "s.json"), hs::Error);
}

TEST_CASE("split resizes AI and fills the rest with mining", "[split]") {
  // Interconnect 20 MW; the 1 kW class has 20,000 units (20 MW). AI block pue 1.25: 8 MW IT
  // takes 10 MW, leaving 10 MW = 10,000 units. Hourly prices 20 and 80 (break-even 50):
  // mining margin (50 - 20) x 10 = 300 $ in hour 0, off in hour 1.
  // AI: lease 73 $/kW-month = 73,000 x 8 / 730 = 800 $/h -> 1600 $; energy 10 x (20 + 80) = 1000 $.
  const Site s = parse_site(test::one_class_site(20000, 20) +
                                "[[ai]]\nname = \"h\"\nit_mw = 1\npue = 1.25\nlease_usd_per_kw_month = 73\n",
                            "t.toml");
  const auto rows = run_split(s, test::series({20, 80}), {0, 8}, {});
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].mining_mw == Approx(20));
  CHECK(rows[0].mining_margin == Approx(600));
  CHECK(rows[0].ai_margin == Approx(0));
  CHECK(rows[1].mining_mw == Approx(10));
  CHECK(rows[1].mining_margin == Approx(300));
  CHECK(rows[1].ai_margin == Approx(600));
  CHECK(rows[1].annual_margin == Approx(900 * 8760 / 2.0));
  CHECK_THROWS_AS(run_split(s, test::series({20}), {17}, {}), hs::Error);
}
