// leasecalc's records read back by field name (tests/unit/record_fields.hpp), so a swapped
// pair of columns fails: each figure below is distinct, and each is rounded as the record
// says (money to the cent, IRR 6 decimals, payback 3, MOIC 4).
#include <catch2/catch.hpp>

#include "../record_fields.hpp"
#include "core/time.hpp"
#include "finance/record_cells.hpp"

using namespace hs::finance;

namespace {
Summary summary() {
  Summary s;
  s.scenario = "hall-a/lease";
  s.npv = 1234567.891;
  s.irr.rate = 0.1234567;
  s.payback_years = 3.25;
  s.discounted_payback_years = std::nullopt;  // never paid back, discounted
  s.peak_funding = 9876543.216;
  s.moic = 1.87654;
  s.revenue_per_mw = 432100.004;
  s.mirr = 0.0987654;
  return s;
}
}  // namespace

TEST_CASE("scenario_summary cells by field", "[finance][rows]") {
  auto row = hs::test::by_field("scenario_summary", summary_cells(summary()));
  CHECK(row["scenario"] == "hall-a/lease");
  CHECK(row["npv_usd"] == "1234567.89");
  CHECK(row["irr"] == "0.123457");
  CHECK(row["payback_years"] == "3.250");
  CHECK(row["discounted_payback_years"].empty());
  CHECK(row["peak_funding_usd"] == "9876543.22");
  CHECK(row["moic"] == "1.8765");
  CHECK(row["revenue_per_mw_usd"] == "432100.00");
  CHECK(row["mirr"] == "0.098765");
}

TEST_CASE("cash_flow cells by field", "[finance][rows]") {
  Period p;
  p.start = *hs::try_parse_iso8601("2026-01-01T00:00:00Z");
  p.end = *hs::try_parse_iso8601("2026-02-01T00:00:00Z");
  p.revenue = 100, p.power = 40, p.opex = 10, p.capex = 1000, p.tax = 5;
  p.net = 100 - 40 - 10 - 1000 - 5, p.cumulative = -2000, p.discounted = -940.123;
  auto row = hs::test::by_field("cash_flow", cash_flow_cells("hall-a/mining", p));
  CHECK(row["scenario"] == "hall-a/mining");
  CHECK(row["period_start"] == "2026-01-01T00:00:00Z");
  CHECK(row["period_end"] == "2026-02-01T00:00:00Z");
  CHECK(row["revenue_usd"] == "100.00");
  CHECK(row["power_cost_usd"] == "40.00");
  CHECK(row["opex_usd"] == "10.00");
  CHECK(row["capex_usd"] == "1000.00");
  CHECK(row["tax_usd"] == "5.00");
  CHECK(row["net_cash_flow_usd"] == "-955.00");
  CHECK(row["cumulative_usd"] == "-2000.00");
  CHECK(row["discounted_usd"] == "-940.12");
}

TEST_CASE("sweep_result cells: one key, then two", "[finance][rows]") {
  auto one = hs::test::by_field("sweep_result", sweep_cells(summary(), {"hashprice_usd_per_th_day", 0.05, {}, {}}));
  CHECK(one["key1"] == "hashprice_usd_per_th_day");
  CHECK(one["value1"] == "0.05");
  CHECK(one["key2"].empty());
  CHECK(one["value2"].empty());
  CHECK(one["npv_usd"] == "1234567.89");
  CHECK(one["irr"] == "0.123457");
  CHECK(one["payback_years"] == "3.250");
  CHECK(one["peak_funding_usd"] == "9876543.22");
  auto two = hs::test::by_field("sweep_result", sweep_cells(summary(), {"power_usd_per_mwh", 35, "mw", 20}));
  CHECK(two["key1"] == "power_usd_per_mwh");
  CHECK(two["value1"] == "35");
  CHECK(two["key2"] == "mw");
  CHECK(two["value2"] == "20");
}

TEST_CASE("monte_carlo_summary cells by field", "[finance][rows]") {
  MonteCarloResult r;
  r.paths = 1000, r.seed = 42;
  r.p10 = -1.004, r.p50 = 2.5, r.p90 = 7.126, r.mean = 3.0, r.lease_npv = 4.4;
  r.p_mining_beats_lease = 0.31249;
  auto row = hs::test::by_field("monte_carlo_summary", monte_carlo_cells("hall-a", r));
  CHECK(row["scenario"] == "hall-a/mining");
  CHECK(row["paths"] == "1000");
  CHECK(row["seed"] == "42");
  CHECK(row["npv_p10_usd"] == "-1.00");
  CHECK(row["npv_p50_usd"] == "2.50");
  CHECK(row["npv_p90_usd"] == "7.13");
  CHECK(row["npv_mean_usd"] == "3.00");
  CHECK(row["lease_npv_usd"] == "4.40");
  CHECK(row["p_mining_beats_lease"] == "0.3125");
}
