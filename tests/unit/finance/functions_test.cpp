// Finance functions against the worked examples in the spreadsheet vendors' documentation
// (Microsoft Excel help pages for NPV, XNPV, IRR, XIRR, MIRR and PMT; LibreOffice gives the
// same figures). Every figure below was recomputed independently in Python 3 (plain
// bisection on the defining sum) before being written here. Tolerances: money 0.005
// (a cent), rates 1e-9 unless said.
#include <catch2/catch.hpp>
#include <cmath>

#include "finance/functions.hpp"

using namespace hs::finance;
using Catch::Matchers::WithinAbs;

TEST_CASE("NPV discounts the first flow (Excel NPV example)", "[finance]") {
  // NPV(10%, -10000, 3000, 4200, 6800) = 1188.44 in Excel's help;
  // python: sum(c/1.1**(i+1)) = 1188.4434123352216
  CHECK_THAT(npv(0.10, {-10000, 3000, 4200, 6800}), WithinAbs(1188.4434123352216, 1e-8));
  CHECK(npv(0.10, {}) == 0);
}

TEST_CASE("XNPV does not discount the first flow, actual/365 (Excel XNPV example)", "[finance]") {
  using hs::make_utc;
  std::vector<hs::UtcTime> d{make_utc(2008, 1, 1), make_utc(2008, 3, 1), make_utc(2008, 10, 30),
                             make_utc(2009, 2, 15), make_utc(2009, 4, 1)};
  std::vector<double> c{-10000, 2750, 4250, 3250, 2750};
  // Excel: XNPV(9%, ...) = 2086.65; python: 2086.647602031535
  CHECK_THAT(xnpv(0.09, c, d), WithinAbs(2086.647602031535, 1e-8));
  // XIRR of the same flows: Excel 0.373362535; python bisection 0.3733625335188314
  auto r = xirr(c, d);
  REQUIRE(r.status == IrrStatus::unique);
  CHECK_THAT(*r.rate, WithinAbs(0.373362535, 1e-8));  // Excel shows 9 decimals
  CHECK_THAT(*r.rate, WithinAbs(0.3733625335188314, 1e-10));
  CHECK_THAT(xnpv(*r.rate, c, d), WithinAbs(0, 1e-6));
}

TEST_CASE("IRR matches Excel's example", "[finance]") {
  // Excel IRR help: -70000, 12000, 15000, 18000, 21000 -> -2.1%; with 26000 more -> 8.7%.
  // python bisection: -0.021244848273410943 and 0.0866309480365316
  auto four = irr({-70000, 12000, 15000, 18000, 21000});
  REQUIRE(four.rate);
  CHECK_THAT(*four.rate, WithinAbs(-0.021244848273410943, 1e-9));
  auto five = irr({-70000, 12000, 15000, 18000, 21000, 26000});
  REQUIRE(five.status == IrrStatus::unique);
  CHECK_THAT(*five.rate, WithinAbs(0.0866309480365316, 1e-9));
}

TEST_CASE("IRR: several roots are all found and the choice is named", "[finance]") {
  // -1600 + 10000 x - 10000 x^2 = 0 with x = 1/(1+r): x = 0.8 or 0.2, i.e. r = 25% or 400%.
  auto r = irr({-1600, 10000, -10000});
  REQUIRE(r.status == IrrStatus::multiple);
  REQUIRE(r.roots.size() == 2);
  CHECK_THAT(r.roots[0], WithinAbs(0.25, 1e-9));
  CHECK_THAT(r.roots[1], WithinAbs(4.00, 1e-9));
  CHECK_THAT(*r.rate, WithinAbs(0.25, 1e-9));  // closest to the 10% guess
  CHECK(r.message.find("25.0000%") != std::string::npos);
  CHECK(r.message.find("400.0000%") != std::string::npos);
  // A guess near 400% reports that root instead.
  CHECK_THAT(*irr({-1600, 10000, -10000}, 3.0).rate, WithinAbs(4.0, 1e-9));
}

TEST_CASE("IRR: none exists", "[finance]") {
  // 100 - 300 x + 250 x^2 has discriminant 300^2 - 4*100*250 = -10000 < 0: no real root.
  auto r = irr({100, -300, 250});
  CHECK(r.status == IrrStatus::no_root);
  CHECK_FALSE(r.rate);
  CHECK(r.message.find("no IRR") != std::string::npos);
  auto s = irr({100, 200, 300});
  CHECK(s.status == IrrStatus::no_sign_change);
  CHECK_FALSE(s.rate);
}

TEST_CASE("IRR: one sign change has a root even far outside the usual range", "[finance]") {
  // -1 + 20000 x = 0 with x = 1/(1+r): r = 19999 (1,999,900%), beyond the grid's 999,900%.
  auto high = irr({-1, 20000});
  REQUIRE(high.status == IrrStatus::unique);
  CHECK_THAT(*high.rate, WithinAbs(19999, 1e-6));
  // -1 + 1e-6 x = 0: x = 1e6, r = -0.999999, closer to -100% than the grid's -99%.
  auto low = irr({-1, 1e-6});
  REQUIRE(low.status == IrrStatus::unique);
  CHECK_THAT(*low.rate, WithinAbs(-0.999999, 1e-12));
}

TEST_CASE("MIRR matches Excel's example", "[finance]") {
  // Excel MIRR help: -120000, 39000, 30000, 21000, 37000, 46000; finance 10%, reinvest 12%
  // -> 12.6%; first four years -> -4.8%; reinvest 14% -> 13.48%.
  // python: (FV(positives @ rr) / -PV(negatives @ fr))^(1/(n-1)) - 1
  //   = 0.1260941303659051, -0.048044655249980806, 0.13475911082831482
  std::vector<double> v{-120000, 39000, 30000, 21000, 37000, 46000};
  CHECK_THAT(*mirr(v, 0.10, 0.12), WithinAbs(0.1260941303659051, 1e-12));
  CHECK_THAT(*mirr({-120000, 39000, 30000, 21000}, 0.10, 0.12), WithinAbs(-0.048044655249980806, 1e-12));
  CHECK_THAT(*mirr(v, 0.10, 0.14), WithinAbs(0.13475911082831482, 1e-12));
  CHECK_FALSE(mirr({1, 2, 3}, 0.1, 0.1));
}

TEST_CASE("dated MIRR: Excel's MIRR at whole years, actual times otherwise", "[finance]") {
  // At times 0, 1, ..., n-1 years it is Excel's MIRR, on the example above.
  std::vector<double> v{-120000, 39000, 30000, 21000, 37000, 46000};
  CHECK_THAT(*xmirr_years(v, {0, 1, 2, 3, 4, 5}, 0.10, 0.12), WithinAbs(0.1260941303659051, 1e-12));
  // -100 at half a year, +60 at 1 and 2 years; finance 10%, reinvest 12%:
  // PV = -100 / 1.1^0.5 = -95.34625892455922, FV = 60 * 1.12 + 60 = 127.2 at T = 2,
  // (127.2 / 95.346...)^(1/2) - 1 = 0.15502591090954887 (python).
  CHECK_THAT(*xmirr_years({-100, 60, 60}, {0.5, 1, 2}, 0.10, 0.12), WithinAbs(0.15502591090954887, 1e-12));
  CHECK_FALSE(xmirr_years({-1, -2}, {1, 2}, 0.1, 0.1));  // no inflow
  CHECK_FALSE(xmirr_years({1, 2}, {1, 2}, 0.1, 0.1));    // no outflow
  CHECK_FALSE(xmirr_years({-1, 2}, {0, 0}, 0.1, 0.1));   // no time passes
}

TEST_CASE("PMT matches Excel's example", "[finance]") {
  // Excel PMT help: PMT(8%/12, 10, 10000) = -1037.03; PMT(6%/12, 18*12, 0, 50000) = -129.08.
  // python: -(pv*(1+r)^n + fv) * r / ((1+r)^n - 1) = -1037.0320893591636, -129.0811608679954
  CHECK_THAT(pmt(0.08 / 12, 10, 10000), WithinAbs(-1037.0320893591636, 1e-9));
  CHECK_THAT(pmt(0.06 / 12, 18 * 12, 0, 50000), WithinAbs(-129.0811608679954, 1e-9));
  // Rate 0: the principal in equal parts. Due at the start: divided by (1+r).
  CHECK(pmt(0, 4, 1000) == -250);
  CHECK_THAT(pmt(0.08 / 12, 10, 10000, 0, true), WithinAbs(-1037.0320893591636 / (1 + 0.08 / 12), 1e-9));
}

TEST_CASE("Payback, MOIC and peak funding", "[finance]") {
  // -100, 30, 30, 60 at times 1,2,3,4: cumulative -100, -70, -40, +20; paid back 40/60 into
  // the fourth period: 3 + 2/3.
  std::vector<double> f{-100, 30, 30, 60}, t{1, 2, 3, 4};
  CHECK_THAT(*payback(f, t), WithinAbs(3 + 2.0 / 3, 1e-12));
  CHECK(peak_funding(f) == 100);
  CHECK_THAT(*moic(f), WithinAbs(1.2, 1e-12));  // 120 back on 100 in
  // Under water again later: the last crossing counts. -10, 20, -30, 40: cum -10, 10, -20, 20,
  // crossing in period 4 at 20/40: 3.5.
  CHECK_THAT(*payback({-10, 20, -30, 40}, t), WithinAbs(3.5, 1e-12));
  CHECK_FALSE(payback({-100, 30, 30}, {1, 2, 3}));
  CHECK_FALSE(moic({1, 2}));
}
