// A lease's flexibility clause: its terms checked, its monthly flows, and what it is worth to the
// site (NPV with less without, break-even discount and value). Figures worked by hand in the
// comments, or by an independent sum of discount factors from the calendar.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <deque>
#include <functional>

#include "../core/test_files.hpp"
#include "finance/flex.hpp"
#include "finance/flex_value.hpp"
#include "finance/models.hpp"

using namespace hs::finance;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

// 20 MW of IT at 130 USD/kW-month, from month 0 in one tranche, no escalator, ten years, not
// discounted. The clause: caps of up to 25% for 50 hours a year, 2 USD/kW-month off the rent,
// 100 USD paid per capped MWh, 200 MWh a year expected, each worth 1,500 USD to the site.
const char* clause_toml =
    "name = \"flex\"\nstart = 2026-01-01\nhorizon_years = 10\ndiscount_rate = 0\n"
    "[lease]\nmw = 20\nrate_per_kw_month = 130\nescalator = 0\nconstruction_months = 0\ntranches = 1\n"
    "flex_max_cap_pct = 25\nflex_hours_per_year = 50\nflex_discount_usd_per_kw_month = 2\n"
    "flex_usd_per_capped_mwh = 100\nflex_expected_capped_mwh_per_year = 200\n"
    "flex_value_usd_per_capped_mwh = 1500\n";

Scenario clause() {
  Scenario s = Scenario::parse(clause_toml, "flex.toml");
  s.validate();
  return s;
}

std::string load_error(const std::string& toml, int* code) {
  static std::deque<hs::test::TempFile> files;
  try {
    Scenario::load(files.emplace_back(toml, ".toml").path()).validate();
  } catch (const hs::Error& e) {
    *code = e.code();
    return e.what();
  }
  *code = 0;
  return "";
}

// (1 + r)^-(days from 2026-01-01 to the end of month m / 365): leasecalc's XNPV dating, from the
// calendar here rather than from the library's periods.
double discount_factor(double r, int m) {
  using namespace std::chrono;
  const sys_days start{year{2026} / January / 1};
  const sys_days end{year_month_day{start} + months{m + 1}};
  return std::pow(1 + r, -static_cast<double>((end - start).count()) / 365.0);
}

}  // namespace

TEST_CASE("flex clause: the most it caps and its monthly flows", "[finance][flex]") {
  const Scenario s = clause();
  // 25% of 20 MW for 50 hours: 0.25 x 20 x 50 = 250 MWh a year.
  CHECK_THAT(flex_max_capped_mwh_per_year(s), WithinAbs(250, 1e-9));
  const FlexMonth f = flex_month(s, lease_month(s, 0));
  // A month: 200 / 12 = 16.6667 MWh capped; 20,000 kW x 2 = 40,000 off the rent (480,000 a
  // year); 16.6667 x 100 = 1,666.67 paid; 16.6667 x 1,500 = 25,000 of value.
  CHECK_THAT(f.capped_mwh, WithinAbs(200.0 / 12, 1e-9));
  CHECK_THAT(f.discount, WithinAbs(40000, 1e-6));
  CHECK_THAT(f.payments, WithinAbs(200.0 / 12 * 100, 1e-6));
  CHECK_THAT(f.value, WithinAbs(25000, 1e-6));
  // Rent 20,000 kW x 130 = 2,600,000, less 40,000 and 1,666.67, plus 25,000: 2,583,333.33.
  const Components c = lease_components(s);
  CHECK_THAT(c.revenue[0], WithinAbs(2600000 - 40000 - 200.0 / 12 * 100 + 25000, 1e-6));
  // Without the clause the rent is whole, and the power line is the same either way.
  const Components w = lease_components(without_flex(s));
  CHECK_THAT(w.revenue[0], WithinAbs(2600000, 1e-6));
  CHECK(w.power == c.power);
}

TEST_CASE("flex clause: its flows follow the tranches and the rent's escalation", "[finance][flex]") {
  Scenario s = clause();
  for (const char* a : {"lease.construction_months=12", "lease.tranches=2", "lease.tranche_interval_months=6",
                        "lease.escalator=0.03"})
    s.set(a);
  s.validate();
  CHECK(flex_month(s, lease_month(s, 11)).discount == 0);  // still being built: no clause yet
  // Month 12: half delivered: 8.3333 MWh capped, 10,000 kW x 2 = 20,000 off.
  const FlexMonth half = flex_month(s, lease_month(s, 12));
  CHECK_THAT(half.capped_mwh, WithinAbs(100.0 / 12, 1e-9));
  CHECK_THAT(half.discount, WithinAbs(20000, 1e-6));
  // Month 24, a year after the first rent, all delivered: the discount escalated with the rent,
  // 20,000 x 2 x 1.03 = 41,200; the capped MWh and their prices are not escalated.
  const FlexMonth later = flex_month(s, lease_month(s, 24));
  CHECK_THAT(later.discount, WithinAbs(41200, 1e-6));
  CHECK_THAT(later.value, WithinAbs(25000, 1e-6));
}

TEST_CASE("flex clause: its NPV and break-evens, undiscounted", "[finance][flex]") {
  const FlexFigures f = flex_figures(clause(), "flex");
  CHECK(f.scenario == "flex");
  CHECK_THAT(f.max_capped_mwh_per_year, WithinAbs(250, 1e-9));
  CHECK_THAT(f.capped_mwh_per_year, WithinAbs(200, 1e-9));
  // Ten years of 120 months: 2,000 MWh; 480,000 x 10 = 4,800,000 of discount; 200,000 paid;
  // 3,000,000 of value. Net and NPV at 0%: 3,000,000 - 4,800,000 - 200,000 = -2,000,000.
  CHECK_THAT(f.capped_mwh, WithinAbs(2000, 1e-6));
  CHECK_THAT(f.discount, WithinAbs(4800000, 1e-4));
  CHECK_THAT(f.payments, WithinAbs(200000, 1e-4));
  CHECK_THAT(f.value, WithinAbs(3000000, 1e-4));
  CHECK_THAT(f.npv, WithinAbs(-2000000, 1e-3));
  // The clause pays while the discount is at most what the caps net a kW-month:
  // (1,500 - 100) x 200 / 12 / 20,000 kW = 1.16667 USD/kW-month.
  REQUIRE(f.break_even_discount);
  CHECK_THAT(*f.break_even_discount, WithinAbs(7.0 / 6, 1e-9));
  // Or while a capped MWh is worth at least (480,000 + 20,000) / 200 = 2,500 USD.
  REQUIRE(f.break_even_value);
  CHECK_THAT(*f.break_even_value, WithinAbs(2500, 1e-6));
}

TEST_CASE("flex clause: discounted and escalated, against the calendar's discount factors", "[finance][flex]") {
  Scenario s = clause();
  s.set("discount_rate=0.10");
  s.set("lease.escalator=0.03");
  s.validate();
  const FlexFigures f = flex_figures(s, "flex");
  // Each month the clause nets 23,333.33 of value less payments, against 40,000 x 1.03^(year)
  // of discount: NPV = sum DF_m (23,333.33 - 40,000 x 1.03^floor(m / 12)), and the break-even
  // discount d makes sum DF_m (23,333.33 - 20,000 d 1.03^floor(m / 12)) zero.
  double npv = 0, df_sum = 0, df_esc_sum = 0;
  for (int m = 0; m < 120; ++m) {
    const double df = discount_factor(0.10, m), esc = std::pow(1.03, m / 12);
    npv += df * (1400.0 * 200 / 12 - 40000 * esc);
    df_sum += df, df_esc_sum += df * esc;
  }
  CHECK_THAT(f.npv, WithinRel(npv, 1e-9));
  REQUIRE(f.break_even_discount);
  CHECK_THAT(*f.break_even_discount, WithinRel(1400.0 * 200 / 12 * df_sum / (20000 * df_esc_sum), 1e-9));
  CHECK(*f.break_even_discount < 7.0 / 6);  // the discount escalates, the value does not
}

TEST_CASE("flex clause: tax takes its share of the clause", "[finance][flex]") {
  // No capex, opex or residual, the tenant paying power: every month's taxable income is
  // positive, so at 25% tax the clause's NPV is 0.75 x -2,000,000 = -1,500,000, and its
  // break-even discount is the pre-tax one.
  Scenario s = clause();
  for (const char* a : {"tax_rate=0.25", "lease.capex_per_mw=0", "lease.opex_per_mw_year=0",
                        "lease.residual_fraction=0", "lease.power_payer=tenant"})
    s.set(a);
  s.validate();
  const FlexFigures f = flex_figures(s, "flex");
  CHECK_THAT(f.npv, WithinAbs(-1500000, 1e-3));
  REQUIRE(f.break_even_discount);
  CHECK_THAT(*f.break_even_discount, WithinAbs(7.0 / 6, 1e-9));
}

TEST_CASE("flex clause: break-evens that do not exist are empty", "[finance][flex]") {
  // Paying the tenant more per MWh than it is worth loses even with no discount.
  Scenario s = clause();
  s.set("lease.flex_usd_per_capped_mwh=2000");
  CHECK_FALSE(flex_figures(s, "x").break_even_discount);
  // Nothing expected to be capped: no value makes the discount back.
  s.set("lease.flex_expected_capped_mwh_per_year=0");
  const FlexFigures none = flex_figures(s, "x");
  CHECK_FALSE(none.break_even_value);
  CHECK_THAT(none.npv, WithinAbs(-4800000, 1e-3));  // the discount alone, ten years
}

TEST_CASE("flex clause: bad terms name the file, line and key", "[finance][flex]") {
  const std::string base = clause_toml;
  int code = 0;
  // Line 11 is flex_max_cap_pct; 12 the hours; 15 the expected MWh; 13 the discount.
  auto with = [&](const std::string& from, const std::string& to) {
    std::string t = base;
    t.replace(t.find(from), from.size(), to);
    return t;
  };
  std::string msg = load_error(with("flex_max_cap_pct = 25", "flex_max_cap_pct = 120"), &code);
  CHECK(code == 65);
  CHECK_THAT(msg, Contains(":11: key 'lease.flex_max_cap_pct': must be at most 100"));
  // A term without the cap.
  msg = load_error(with("flex_max_cap_pct = 25", "flex_max_cap_pct = 0"), &code);
  CHECK(code == 65);
  CHECK_THAT(msg, Contains(":12: key 'lease.flex_hours_per_year': is a term of a flexibility clause"));
  // A cap without hours.
  msg = load_error(with("flex_hours_per_year = 50", "flex_hours_per_year = 0"), &code);
  CHECK(code == 65);
  CHECK_THAT(msg, Contains(":11: key 'lease.flex_max_cap_pct': a flexibility clause needs lease.flex_hours_per_year"));
  // More capped than the clause allows: 0.25 x 20 x 50 = 250.
  msg = load_error(with("flex_expected_capped_mwh_per_year = 200", "flex_expected_capped_mwh_per_year = 250.5"), &code);
  CHECK(code == 65);
  CHECK_THAT(msg, Contains(":15: key 'lease.flex_expected_capped_mwh_per_year': more than the clause allows: 25% "
                           "of 20 MW for 50 hours a year is 250 MWh"));
  msg = load_error(with("flex_expected_capped_mwh_per_year = 200", "flex_expected_capped_mwh_per_year = 250"), &code);
  CHECK(code == 0);  // the most itself is allowed
  msg = load_error(with("flex_discount_usd_per_kw_month = 2", "flex_discount_usd_per_kw_month = 131"), &code);
  CHECK(code == 65);
  CHECK_THAT(msg, Contains(":13: key 'lease.flex_discount_usd_per_kw_month': more than the rent itself"));
  msg = load_error(with("flex_usd_per_capped_mwh = 100", "flex_usd_per_capped_mwh = -1"), &code);
  CHECK(code == 65);
  CHECK_THAT(msg, Contains(":14: key 'lease.flex_usd_per_capped_mwh': must not be negative"));
  // The same from --set is a usage error.
  Scenario s = clause();
  s.set("lease.flex_hours_per_year=9000");
  try {
    s.validate();
    FAIL("no error");
  } catch (const hs::Error& e) {
    CHECK(e.code() == 64);
    CHECK_THAT(e.what(), Contains("--set lease.flex_hours_per_year=9000: must be at most 8784"));
  }
}
