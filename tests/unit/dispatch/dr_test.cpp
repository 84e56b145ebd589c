#include <catch2/catch.hpp>

#include "../record_fields.hpp"
#include "dispatch/plan_rows.hpp"
#include "dispatch/rolling.hpp"
#include "helpers.hpp"

using namespace hs::dispatch;

namespace {
// tests/data/allocate/dr_events.csv: ERS 01:00-02:00 reduce by 6 MW, utility-dr 03:00-04:00
// reduce to 2 MW, both 1000 $ per MWh short; baseline: the hour before the event.
Site dr_site(const std::string& extra = "") {
  const std::string data = std::string(HS_TEST_DATA) + "/allocate/";
  return parse_site(test::one_class_site(10000, 100, "", "[grid]\ndr_events_file = \"" + data + "dr_events.csv\"\n") + extra,
                    "t.toml");
}
}  // namespace

TEST_CASE("demand-response events override prices, with a journal for settlement", "[dr]") {
  // Hours at 40: each MW earns 10 $. Without events 10 MW every hour, so the ERS baseline is
  // 10 MW (hour 0) and its cap 4 MW; utility-dr caps at 2 MW. 100 + 40 + 100 + 20 = 260.
  const Site s = dr_site();
  REQUIRE(s.dr_events.size() == 2);
  const auto iv = test::series({40, 40, 40, 40});
  CHECK(test::lp_margin(s, iv, [] { PlanOptions o; o.dr_baseline_mw = {10, 10}; return o; }()) == Approx(260));
  const Plan p = solve_plan(s, iv, {});
  CHECK(p.dr_baseline_mw == std::vector<double>{10, 10});
  CHECK(class_power_mw(s, p, 0, 1) == Approx(4));
  CHECK(class_power_mw(s, p, 0, 3) == Approx(2));
  CHECK(plan_totals(s, iv, p).margin() == Approx(260));
  const auto j = dr_journal(s, iv, p);
  REQUIRE(j.size() == 2);
  CHECK(j[0].baseline_mw == Approx(10));
  CHECK(j[0].committed_mw == Approx(4));
  CHECK(j[0].delivered_mw == Approx(4));
  CHECK(j[0].shortfall_mw == Approx(0).margin(1e-9));
  CHECK(j[1].committed_mw == Approx(2));
  auto ers = hs::test::by_field("dr_journal", dr_journal_cells(s, iv, j[0]));
  CHECK(ers["program"] == "ERS");
  CHECK(ers["event_start"] == "2025-04-01T01:00:00Z");
  CHECK(ers["event_end"] == "2025-04-01T02:00:00Z");
  CHECK(ers["interval_start"] == "2025-04-01T01:00:00Z");
  CHECK(ers["interval_minutes"] == "60");
  CHECK(ers["baseline_mw"] == "10.0000");
  CHECK(ers["committed_mw"] == "4.0000");
  CHECK(ers["delivered_mw"] == "4.0000");
  CHECK(ers["reduction_mw"] == "6.0000");  // 10 - 4
  CHECK(ers["shortfall_mw"] == "0.0000");
  CHECK(ers["penalty_usd"] == "0.00");

  // A firm 5 MW AI block (100 $/MWh) cannot come down: the ERS baseline is 15 MW, cap 9: mining
  // 4; utility-dr's 2 MW is below the AI alone: mining off, 3 MW short x 1000 = 3000 $.
  // AI 4 x 5 x 60 = 1200, mining 100 + 40 + 100 = 240, less 3000: -1560.
  const Site a = dr_site("[[ai]]\nname = \"h\"\nit_mw = 5\nrevenue_usd_per_mwh = 100\n");
  const Plan q = solve_plan(a, iv, {});
  CHECK(plan_totals(a, iv, q).margin() == Approx(-1560));
  CHECK(plan_totals(a, iv, q).dr_penalty == Approx(3000));
  CHECK(dr_journal(a, iv, q)[1].shortfall_mw == Approx(3));
  auto short_row = hs::test::by_field("dr_journal", dr_journal_cells(a, iv, dr_journal(a, iv, q)[1]));
  CHECK(short_row["program"] == "utility-dr");
  CHECK(short_row["committed_mw"] == "2.0000");
  CHECK(short_row["delivered_mw"] == "5.0000");
  CHECK(short_row["shortfall_mw"] == "3.0000");
  CHECK(short_row["penalty_usd"] == "3000.00");
}

TEST_CASE("demand response in now and replay: baselines from the draws committed before", "[dr]") {
  const Site s = dr_site();
  const auto iv = test::series({40, 40, 40, 40});
  // The myopic rule: 10 MW, then 4 (10 - 6 from the hour before), 10, then 2.
  NowState st;
  const double want[] = {10, 4, 10, 2};
  for (std::size_t t = 0; t < iv.size(); ++t) {
    st = step(s, iv[t], st, {});
    INFO("hour " << t);
    CHECK(st.current[0].power_mw == Approx(want[t]));
    CHECK(state_to_json(step(s, iv[t], state_from_json(state_to_json(st), "s.json"), {})) == state_to_json(st));
  }
  // Replay: the rolling decisions do the same, each strategy settled on its own draws.
  PriceBook b;
  b.actual.intervals = iv;
  const ReplayResult r = replay(s, b, {});
  CHECK(r.rolling_totals.margin() == Approx(260));
  CHECK(r.myopic_totals.margin() == Approx(260));
  CHECK(r.perfect_totals.margin() == Approx(260));
  CHECK(dr_journal(s, iv, r.rolling)[0].baseline_mw == Approx(10));
  // An event row with both or neither of reduce_to_mw and reduce_by_mw is refused (checked in
  // the e2e test with a file of its own).
}
