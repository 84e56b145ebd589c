// allocate replay's records from a replay worked by hand, and their cells by field name.
#include <catch2/catch.hpp>

#include "../record_fields.hpp"
#include "dispatch/replay_rows.hpp"
#include "helpers.hpp"

using namespace hs::dispatch;

namespace {
const hs::UtcTime t0 = hs::make_utc(2025, 4, 1);

// One 10 MW block (break-even 50 $/MWh), running when the replay starts, that must stay off two
// hours once stopped (or to the horizon's end), over actual hourly prices 60, 35, 47. A
// forecast published an hour before t0 says 100 for hours 1 and 2 (wrong: they were cheap).
//   rolling: at t0 (60 now, 100 forecast) every start loses: off; at t1 held off (one hour);
//     at t2 (47, the horizon's end) on: 10 x 3 = 30.
//   myopic, hysteresis 5: off above 55 at t0, held off at t1, 47 not below 45 at t2: 0.
//   perfect foresight: on throughout: -100 + 150 + 30 = 80 (stopping at t0 loses hour 1).
const std::vector<double> kActual{60, 35, 47};

ReplayResult worked_replay(Site& s) {
  s = parse_site(test::one_class_site(10000, 100, "min_off_minutes = 120\n"), "t.toml");
  PriceBook b;
  b.actual.intervals = test::series(kActual);
  b.vintages.push_back({t0 - std::chrono::hours(1), {{t0 + std::chrono::hours(1), 60, 100.0},
                                                     {t0 + std::chrono::hours(2), 60, 100.0}}});
  ReplayOptions opt;
  opt.myopic.hysteresis_usd_per_mwh = 5;
  return replay(s, b, opt);
}
}  // namespace

TEST_CASE("replay_decision rows: each interval's three strategies", "[dispatch][rows][replay]") {
  Site s;
  const ReplayResult r = worked_replay(s);
  const auto iv = test::series(kActual);
  auto d0 = hs::test::by_field("replay_decision", replay_decision_row(s, iv, r, 0).cells());
  CHECK(d0["interval_start"] == "2025-04-01T00:00:00Z");
  CHECK(d0["interval_minutes"] == "60");
  CHECK(d0["price_per_mwh"] == "60");
  CHECK(d0["horizon_intervals"] == "3");  // t0 and the two forecast hours
  CHECK(d0["forecast_published_at"] == "2025-03-31T23:00:00Z");
  CHECK(d0["mining_mw"] == "0.0000");
  CHECK(d0["ai_mw"] == "0.0000");
  CHECK(d0["margin_usd"] == "0.00");
  CHECK(d0["myopic_mining_mw"] == "0.0000");
  CHECK(d0["myopic_margin_usd"] == "0.00");
  CHECK(d0["perfect_mining_mw"] == "10.0000");
  CHECK(d0["perfect_margin_usd"] == "-100.00");
  auto d1 = hs::test::by_field("replay_decision", replay_decision_row(s, iv, r, 1).cells());
  CHECK(d1["horizon_intervals"] == "2");
  CHECK(d1["mining_mw"] == "0.0000");
  CHECK(d1["perfect_margin_usd"] == "150.00");
  auto d2 = hs::test::by_field("replay_decision", replay_decision_row(s, iv, r, 2).cells());
  CHECK(d2["horizon_intervals"] == "1");
  CHECK(d2["forecast_published_at"].empty());  // nothing after t2 to forecast
  CHECK(d2["mining_mw"] == "10.0000");
  CHECK(d2["margin_usd"] == "30.00");
  CHECK(d2["myopic_mining_mw"] == "0.0000");
  CHECK(d2["myopic_margin_usd"] == "0.00");
  CHECK(d2["perfect_mining_mw"] == "10.0000");
  CHECK(d2["perfect_margin_usd"] == "30.00");
}

TEST_CASE("replay_summary rows: totals and the share of perfect foresight", "[dispatch][rows][replay]") {
  Site s;
  const auto rows = replay_summary_rows(s, test::series(kActual), worked_replay(s));
  REQUIRE(rows.size() == 3);
  auto rolling = hs::test::by_field("replay_summary", rows[0].cells());
  CHECK(rolling["strategy"] == "rolling");
  CHECK(rolling["hours"] == "3.00");
  CHECK(rolling["energy_mwh"] == "10.00");
  CHECK(rolling["revenue_usd"] == "500.00");      // 10 MWh x 50
  CHECK(rolling["energy_cost_usd"] == "470.00");  // 10 MWh x 47
  CHECK(rolling["demand_charge_usd"] == "0.00");
  CHECK(rolling["peak_charge_usd"] == "0.00");
  CHECK(rolling["margin_usd"] == "30.00");
  CHECK(rolling["share_of_perfect"] == "0.3750");  // 30 / 80
  CHECK(rolling["hours_curtailed"] == "2.00");
  auto myopic = hs::test::by_field("replay_summary", rows[1].cells());
  CHECK(myopic["strategy"] == "myopic");
  CHECK(myopic["energy_mwh"] == "0.00");
  CHECK(myopic["margin_usd"] == "0.00");
  CHECK(myopic["share_of_perfect"] == "0.0000");
  CHECK(myopic["hours_curtailed"] == "3.00");
  auto perfect = hs::test::by_field("replay_summary", rows[2].cells());
  CHECK(perfect["strategy"] == "perfect");
  CHECK(perfect["energy_mwh"] == "30.00");
  CHECK(perfect["revenue_usd"] == "1500.00");
  CHECK(perfect["energy_cost_usd"] == "1420.00");  // 10 x (60 + 35 + 47)
  CHECK(perfect["margin_usd"] == "80.00");
  CHECK(perfect["share_of_perfect"] == "1.0000");
  CHECK(perfect["hours_curtailed"] == "0.00");
}

TEST_CASE("replay rows: every field in its column, and no share without a positive perfect margin",
          "[dispatch][rows][replay]") {
  // Distinct values in every field, so two swapped columns fail.
  ReplayDecisionRow d{t0, 15, 41.5, 7, t0 - std::chrono::minutes(30), 1.1, 2.2, 3.33, 4.4, 5.55, 6.6, 7.77, 8.8};
  auto row = hs::test::by_field("replay_decision", d.cells());
  CHECK(row["interval_minutes"] == "15");
  CHECK(row["price_per_mwh"] == "41.5");
  CHECK(row["horizon_intervals"] == "7");
  CHECK(row["forecast_published_at"] == "2025-03-31T23:30:00Z");
  CHECK(row["mining_mw"] == "1.1000");
  CHECK(row["ai_mw"] == "2.2000");
  CHECK(row["margin_usd"] == "3.33");
  CHECK(row["myopic_mining_mw"] == "4.4000");
  CHECK(row["myopic_margin_usd"] == "5.55");
  CHECK(row["perfect_mining_mw"] == "6.6000");
  CHECK(row["perfect_margin_usd"] == "7.77");
  CHECK(row["ai_capped_mw"] == "8.8000");
  ReplaySummaryRow sm{"rolling", 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, std::nullopt, 8.5, 9.25, 10.5, 11.75, 3};
  auto srow = hs::test::by_field("replay_summary", sm.cells());
  CHECK(srow["hours"] == "1.50");
  CHECK(srow["energy_mwh"] == "2.50");
  CHECK(srow["revenue_usd"] == "3.50");
  CHECK(srow["energy_cost_usd"] == "4.50");
  CHECK(srow["demand_charge_usd"] == "5.50");
  CHECK(srow["peak_charge_usd"] == "6.50");
  CHECK(srow["margin_usd"] == "7.50");
  CHECK(srow["share_of_perfect"].empty());
  CHECK(srow["hours_curtailed"] == "8.50");
  CHECK(srow["capped_mwh"] == "9.2500");
  CHECK(srow["hours_capped"] == "10.50");
  CHECK(srow["cap_cost_usd"] == "11.75");
  CHECK(srow["cap_events"] == "3");
}
