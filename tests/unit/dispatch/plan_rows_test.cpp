// allocate plan's per-class records from a solved plan, on sites small enough to work by hand
// (helpers.hpp: a 100 TH/s, 1 kW unit earns 0.05 $/h, that is 50 $ per MWh).
#include <catch2/catch.hpp>

#include "../record_fields.hpp"
#include "dispatch/plan_rows.hpp"
#include "helpers.hpp"

using namespace hs::dispatch;

namespace {
const char* ai_block =
    "\n[[ai]]\nname = \"hall\"\nit_mw = 0.5\npue = 1.2\nlease_usd_per_kw_month = 73\n"
    "revenue_usd_per_mwh = 10\n";
}  // namespace

TEST_CASE("class_dispatch rows: mining revenue per interval, curtailed when the price is above 50", "[dispatch][rows]") {
  // 1,000 units = 1 MW; prices 40 then 60: on, then off.
  const Site s = parse_site(test::one_class_site(1000, 2), "t.toml");
  const auto iv = test::series({40, 60});
  const Plan p = solve_plan(s, iv, {});
  auto r0 = class_dispatch_rows(s, iv, p, 0), r1 = class_dispatch_rows(s, iv, p, 1);
  REQUIRE(r0.size() == 1);
  CHECK(r0[0].name == "a");
  CHECK(r0[0].kind == "mining");
  CHECK(*r0[0].units_on == Approx(1000));
  CHECK(r0[0].power_mw == Approx(1.0));
  CHECK(r0[0].revenue_usd == Approx(50.0));  // 1,000 units x 0.05 $/h x 1 h
  CHECK(r1[0].mode == "off");
  CHECK(r1[0].power_mw == Approx(0).margin(1e-9));
  CHECK(r1[0].revenue_usd == Approx(0).margin(1e-9));
  // Cells in the record's order: start, class, kind, mode, units_on, power_mw, revenue_usd.
  auto c = r0[0].cells();
  REQUIRE(c.size() == hs::record_spec("class_dispatch").fields.size());
  CHECK(std::get<hs::Fixed>(c[6]).value == Approx(50.0));
  CHECK(std::get<hs::Fixed>(c[5]).value == Approx(1.0));
}

TEST_CASE("dispatch cells: the site in each interval, by field", "[dispatch][rows]") {
  // 1,000 units = 1 MW on a 2 MW interconnect; at 40 $/MWh it runs: 50 $ revenue, 40 $ energy;
  // at 60 it is off and the whole interconnect is idle.
  const Site s = parse_site(test::one_class_site(1000, 2), "t.toml");
  const auto iv = test::series({40, 60});
  const Plan p = solve_plan(s, iv, {});
  auto on = hs::test::by_field("dispatch", dispatch_cells(iv[0], interval_figures(s, iv, p, 0)));
  CHECK(on["interval_start"] == "2025-04-01T00:00:00Z");
  CHECK(on["interval_minutes"] == "60");
  CHECK(on["price_per_mwh"] == "40");
  CHECK(on["mining_mw"] == "1.0000");
  CHECK(on["ai_mw"] == "0.0000");
  CHECK(on["reserve_mw"] == "0.0000");
  CHECK(on["idle_mw"] == "1.0000");
  CHECK(on["mining_revenue_usd"] == "50.00");
  CHECK(on["ai_revenue_usd"] == "0.00");
  CHECK(on["reserve_revenue_usd"] == "0.00");
  CHECK(on["energy_cost_usd"] == "40.00");
  CHECK(on["margin_usd"] == "10.00");
  auto off = hs::test::by_field("dispatch", dispatch_cells(iv[1], interval_figures(s, iv, p, 1)));
  CHECK(off["interval_start"] == "2025-04-01T01:00:00Z");
  CHECK(off["price_per_mwh"] == "60");
  CHECK(off["mining_mw"] == "0.0000");
  CHECK(off["idle_mw"] == "2.0000");
  CHECK(off["margin_usd"] == "0.00");
}

TEST_CASE("class_dispatch rows: an AI block earns rent plus its revenue per MWh", "[dispatch][rows]") {
  // 0.5 MW IT at 73 $/kW-month: 500 x 73 x 12 / 8760 = 50 $/h of rent; 10 $/MWh on 0.5 MW = 5.
  const Site s = parse_site(test::one_class_site(1000, 2, "", "") + ai_block, "t.toml");
  const auto iv = test::series({40});
  const Plan p = solve_plan(s, iv, {});
  auto rows = class_dispatch_rows(s, iv, p, 0);
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].name == "hall");
  CHECK(rows[1].kind == "ai");
  CHECK(rows[1].mode == "on");
  CHECK_FALSE(rows[1].units_on);
  CHECK(rows[1].power_mw == Approx(0.6));  // 0.5 MW IT x PUE 1.2
  CHECK(rows[1].revenue_usd == Approx(55.0));
}

TEST_CASE("plan_summary rows: site and class figures of a two-hour plan", "[dispatch][rows]") {
  const Site s = parse_site(test::one_class_site(1000, 2), "t.toml");
  const auto iv = test::series({40, 60});
  const Plan p = solve_plan(s, iv, {});
  const auto tot = plan_totals(s, iv, p), base = plan_totals(s, iv, always_on_plan(s, iv));
  auto rows = plan_summary_rows(s, p, tot, base);
  REQUIRE(rows.size() == 2);
  const auto& site = rows[0];
  CHECK(site.scope == "site");
  CHECK(site.hours == Approx(2));
  CHECK(site.energy_mwh == Approx(1));
  CHECK(site.revenue_usd == Approx(50));
  CHECK(site.energy_cost_usd == Approx(40));
  CHECK(site.margin_usd == Approx(10));
  // Always on: 50 - 40 in the first hour, 50 - 60 in the second: 0, so the plan gains 10.
  CHECK(*site.always_on_margin_usd == Approx(0).margin(1e-9));
  CHECK(*site.uplift_usd == Approx(10));
  CHECK(site.uptime_fraction == Approx(0.5));
  CHECK(site.hours_curtailed == Approx(1));
  CHECK_FALSE(site.break_even_price_per_mwh);
  const auto& a = rows[1];
  CHECK(a.scope == "a");
  CHECK(a.kind == "mining");
  CHECK(a.revenue_usd == Approx(50));
  CHECK(a.margin_usd == Approx(10));
  CHECK(a.uptime_fraction == Approx(0.5));  // 1 MWh of 1 MW x 2 h
  CHECK(*a.break_even_price_per_mwh == Approx(50));
  CHECK_FALSE(a.demand_charge_usd);
  // The record's columns, by name.
  const auto& spec = hs::record_spec("plan_summary");
  auto c = a.cells();
  REQUIRE(c.size() == spec.fields.size());
  CHECK(std::get<hs::Fixed>(c[spec.at("margin_usd")]).value == Approx(10));
  CHECK(std::get<hs::Fixed>(c[spec.at("revenue_usd")]).value == Approx(50));
  CHECK(std::get<hs::Fixed>(c[spec.at("break_even_price_per_mwh")]).value == Approx(50));
  CHECK(std::holds_alternative<std::monostate>(c[spec.at("solver")]));
  CHECK(std::get<std::string>(site.cells()[spec.at("solver")]) == p.solver);
}
