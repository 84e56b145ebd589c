#include <catch2/catch.hpp>

#include "dispatch/forecast.hpp"
#include "dispatch/rolling.hpp"
#include "helpers.hpp"

using namespace hs::dispatch;
using std::chrono::minutes;

namespace {

const hs::UtcTime t0 = hs::make_utc(2025, 4, 1);
hs::UtcTime at(int quarter) { return t0 + minutes(15 * quarter); }

// A vintage of 15-minute prices from interval `first` on.
Vintage vintage(hs::UtcTime published, int first, const std::vector<double>& prices) {
  Vintage v{published, {}};
  for (std::size_t i = 0; i < prices.size(); ++i) v.intervals.push_back({at(first + static_cast<int>(i)), 15, prices[i]});
  return v;
}

PriceBook book_of(const std::vector<double>& actual, std::vector<Vintage> vintages) {
  PriceBook b;
  b.actual.intervals = test::series(actual, 15, t0);
  std::stable_sort(vintages.begin(), vintages.end(),
                   [](const Vintage& x, const Vintage& y) { return x.published_at < y.published_at; });
  b.vintages = std::move(vintages);
  return b;
}

// The class was off for a day before t0.
NowState off_before() {
  NowState st;
  st.interval_start = at(-1);
  st.current.push_back({"a", "mining", false, 0, "off", 0.0, t0 - std::chrono::hours(24), "price", {}, {}, {}});
  return st;
}

}  // namespace

TEST_CASE("a forecast view: the newest vintage covering each interval, hourly into 15 minutes", "[rolling]") {
  Vintage hourly{t0, {{at(4), 60, 70.0}}};         // published 00:00: 01:00-02:00 at 70
  Vintage quarter = vintage(at(2), 4, {80.0});     // published 00:30: 01:00-01:15 at 80
  const PriceBook b = book_of({10, 11, 12, 13}, {hourly, quarter});
  // At 00:45 both are known: 01:00 from the newer (80), 01:15..01:45 from the hourly one (70),
  // 02:00 covered by none: the horizon ends there.
  std::optional<hs::UtcTime> newest;
  const auto h = ForecastView(b, at(3)).horizon(std::chrono::hours(24), &newest);
  REQUIRE(h.size() == 5);
  CHECK(h[0].price_per_mwh == 13);  // the actual price of the interval decided
  CHECK(h[1].price_per_mwh == 80);
  CHECK(h[2].price_per_mwh == 70);
  CHECK(h[4].price_per_mwh == 70);
  CHECK(h[4].start == at(7));
  CHECK(newest == at(2));
  // The 80 published at 01:00 instead: at 00:45 only the hourly 70 is known.
  const PriceBook later = book_of({10, 11, 12, 13}, {hourly, vintage(at(4), 4, {80.0})});
  const ForecastView v(later, at(3));
  CHECK(v.vintages_known() == 1);
  const auto l = v.horizon(std::chrono::hours(24), &newest);
  REQUIRE(l.size() == 5);
  CHECK(l[1].price_per_mwh == 70);
  CHECK(newest == t0);
  // At 00:15 the next interval (00:30) is in no vintage: the horizon is the current one alone.
  CHECK(ForecastView(b, at(1)).horizon(std::chrono::hours(24)).size() == 1);
  // An interval without an actual price cannot be decided.
  CHECK_THROWS_AS(ForecastView(b, at(9)).horizon(std::chrono::hours(1)), hs::Error);
}

TEST_CASE("no look-ahead: a forecast published after a decision leaves it alone and changes the next", "[rolling]") {
  // One 10 MW block (10,000 x 1 kW units), break-even 50 $/MWh, minimum on time 60 min: a
  // start commits it for four 15-minute intervals (or to the horizon's end). Off for a day.
  // Profit per interval at price p: (50 - p) x 10 MW x 0.25 h.
  const Site s = parse_site(test::one_class_site(10000, 100, "min_on_minutes = 60\n"), "t.toml");
  RollingOptions opt;
  const Vintage v1 = vintage(at(0) - std::chrono::hours(1), 1, {100, 100, 100});  // t1..t3 at 100
  const Vintage v2_after = vintage(at(1), 1, {20, 20, 20, 20});                   // t1..t4 at 20, published at t1
  const Vintage v2_before = vintage(at(0) - minutes(30), 1, {20, 20, 20, 20});     // the same, known at t0
  const std::vector<double> actual{40, 45, 20, 20, 20};

  auto decide_two = [&](const PriceBook& b) {
    const RollingDecision d0 = rolling_step(s, ForecastView(b, at(0)), off_before(), opt);
    const RollingDecision d1 = rolling_step(s, ForecastView(b, at(1)), d0.state, opt);
    return std::pair{d0, d1};
  };
  // V1 only. t0 at 40: a start runs t0..t3: 25 - 3 x 125 < 0, off. t1 at 45: t1..t3 (the
  // horizon ends at t3): 12.5 - 2 x 125 < 0, off.
  const auto [a0, a1] = decide_two(book_of(actual, {v1}));
  CHECK(a0.horizon.size() == 4);
  CHECK_FALSE(a0.state.current[0].on);
  CHECK_FALSE(a1.state.current[0].on);
  // V2 published at t1, after the t0 decision: t0 is decided exactly as before; at t1 (its
  // actual price 45 known) V2 is the newest for t2..t4: 12.5 + 3 x 75 > 0, on, all 10,000 units.
  const auto [b0, b1] = decide_two(book_of(actual, {v1, v2_after}));
  CHECK(state_to_json(b0.state) == state_to_json(a0.state));
  CHECK(b0.horizon.size() == a0.horizon.size());
  CHECK(b0.newest_vintage == a0.newest_vintage);
  REQUIRE(b1.state.current[0].on);
  CHECK(b1.state.current[0].units == 10000);
  CHECK(b1.state.current[0].power_mw == Approx(10));
  CHECK(b1.newest_vintage == at(1));
  // The same V2 known before t0 changes t0: on now earns 25 + 4 x 75 = 325 over t0..t4, more
  // than waiting for t1 (4 x 75 = 300): what the view hides is what would have made the difference.
  const auto [c0, c1] = decide_two(book_of(actual, {v1, v2_before}));
  CHECK(c0.state.current[0].on);

  // The backtest walks the same decisions: interval 0 the same with and without V2 after t0.
  const ReplayResult ra = replay(s, book_of(actual, {v1}), {});
  const ReplayResult rb = replay(s, book_of(actual, {v1, v2_after}), {});
  CHECK(class_power_mw(s, ra.rolling, 0, 0) == class_power_mw(s, rb.rolling, 0, 0));
  CHECK(class_power_mw(s, rb.rolling, 0, 1) == Approx(10));
  CHECK(rb.perfect_totals.margin() >= rb.rolling_totals.margin() - 1e-6);
}

TEST_CASE("rolling start conditions: ramp from the power in force, the month's peak so far", "[rolling]") {
  RollingOptions opt;
  NowState on_before;
  on_before.interval_start = at(-1);
  on_before.current.push_back({"a", "mining", true, 10000, "full", 10.0, t0 - std::chrono::hours(24), "price", {}, {}, {}});
  SECTION("ramp") {
    // 10 MW on before, ramp 0.1 MW/min = 1.5 MW per 15 minutes; at 100 (above break-even 50)
    // it comes down as far as it may: 8.5 MW.
    const Site s = parse_site(test::one_class_site(10000, 100, "ramp_mw_per_minute = 0.1\n"), "t.toml");
    const auto d = rolling_step(s, ForecastView(book_of({100}, {}), t0), on_before, opt);
    CHECK(d.state.current[0].power_mw == Approx(8.5));
    CHECK(d.state.current[0].units == 8500);
  }
  SECTION("demand charge") {
    // At 40 a MW earns (50 - 40) x 0.25 = 2.5 $ in the interval. A demand charge of 1 $/kW-month
    // is 1000 $ per MW above the month's peak so far, weighted by the share of the month's
    // remaining hours the horizon covers. In the last interval of April (weight 1): peak so far
    // 6 MW this month: run 6 MW, not 10; no peak yet this month: off.
    const Site s = parse_site(test::one_class_site(10000, 100, "", "[grid]\ndemand_charge_usd_per_kw_month = 1\n"), "t.toml");
    const hs::UtcTime last = hs::make_utc(2025, 4, 30, 23, 45);
    PriceBook b;
    b.actual.intervals = test::series({40}, 15, last);
    NowState st = on_before;
    st.interval_start = last - minutes(15);
    st.memory.month = billing_month(s, last);
    st.memory.month_peak_mw = 6;
    const auto d = rolling_step(s, ForecastView(b, last), st, opt);
    CHECK(d.state.current[0].power_mw == Approx(6));
    CHECK(d.state.memory.month_peak_mw == Approx(6));
    st.memory.month = billing_month(s, last) - 1;
    const auto e = rolling_step(s, ForecastView(b, last), st, opt);
    CHECK(e.state.current[0].power_mw == Approx(0));
    CHECK(e.state.memory.month == billing_month(s, last));
    CHECK(e.state.memory.month_peak_mw == Approx(0).margin(1e-9));
    // At 00:00 on April 1 the interval is 0.25 of 720 hours left: 1000 x 0.25 / 720 = 0.35 $
    // per MW against 2.5 earned: all 10 MW run.
    const auto f = rolling_step(s, ForecastView(book_of({40}, {}), t0), on_before, opt);
    CHECK(f.state.current[0].power_mw == Approx(10));
    CHECK(billing_month_start(s, billing_month(s, last) + 1) == hs::make_utc(2025, 5, 1));
    // In Chicago a month starts at local midnight: 06:00Z in CST (March), 05:00Z in CDT (April).
    Site chicago = s;
    chicago.timezone = "America/Chicago";
    CHECK(billing_month_start(chicago, 2025 * 12 + 2) == hs::make_utc(2025, 3, 1, 6));
    CHECK(billing_month_start(chicago, 2025 * 12 + 3) == hs::make_utc(2025, 4, 1, 5));
    // The memory goes through the state file.
    const NowState back = state_from_json(state_to_json(d.state), "s.json");
    CHECK(back.memory.month == d.state.memory.month);
    CHECK(back.memory.month_peak_mw == Approx(6));
    CHECK(back.memory_before.month_peak_mw == Approx(6));
  }
}

TEST_CASE("the naive forecast: the same time on the last day complete at publication", "[rolling]") {
  // Hourly prices 2025-04-01..03 UTC, price = 100 x day + hour. The vintage for 04-03 is
  // published 04-02 10:00: 04-03 05:00 takes 04-02 05:00 (ended 06:00, known), 04-03 12:00
  // takes 04-01 12:00 (04-02 12:00 was not over at 10:00).
  std::vector<double> p;
  for (int d = 1; d <= 3; ++d)
    for (int h = 0; h < 24; ++h) p.push_back(100 * d + h);
  const auto iv = test::series(p, 60, t0);
  const auto v = naive_forecast(iv, "", 10 * 60);
  REQUIRE(v.size() == 2);  // 04-01 has no earlier day
  CHECK(v[0].published_at == hs::make_utc(2025, 4, 1, 10));
  CHECK(v[1].published_at == hs::make_utc(2025, 4, 2, 10));
  REQUIRE(v[1].intervals.size() == 24);
  CHECK(v[1].intervals[5].price_per_mwh == 205);
  CHECK(v[1].intervals[12].price_per_mwh == 112);
  CHECK(v[1].intervals[9].price_per_mwh == 209);   // 04-02 09:00-10:00 ended at 10:00
  CHECK(v[1].intervals[10].price_per_mwh == 110);
  CHECK(v[0].intervals.size() == 10);  // 04-02 00:00..09:00 from 04-01; later hours need 03-31
  // In Chicago (CDT, UTC-5) publication is 10:00 local = 15:00 UTC.
  CHECK(naive_forecast(iv, "America/Chicago", 600).front().published_at == hs::make_utc(2025, 4, 1, 15));
}
