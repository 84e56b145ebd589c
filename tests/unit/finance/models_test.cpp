// Each model on a small scenario whose figures were worked by hand (and rechecked in
// Python 3, see the comments); tolerance one cent unless said.
#include <catch2/catch.hpp>
#include <cmath>

#include "finance/models.hpp"
#include "finance/montecarlo.hpp"

using namespace hs::finance;
using Catch::Matchers::WithinAbs;

namespace {
Scenario with(std::initializer_list<const char*> sets) {
  Scenario s;
  for (const char* a : sets) s.set(a);
  s.validate();
  return s;
}
}  // namespace

TEST_CASE("lease: rent, escalator, construction, residual, payback", "[finance][models]") {
  // 1 MW at $100/kW-month, +10% after the first rent year, 2-year term after 1 month of
  // construction, one tranche; capex $1.2M in month 0; opex $12,000/MW-year = $1,000/month;
  // tenant pays power; residual 50% of capex at the end of the term; 36 months from 2026-01-01.
  Scenario s = with({"start=2026-01-01", "horizon_years=3", "discount_rate=0.10", "lease.mw=1",
                     "lease.rate_per_kw_month=100", "lease.escalator=0.10", "lease.term_years=2",
                     "lease.construction_months=1", "lease.tranches=1", "lease.capex_per_mw=1200000",
                     "lease.capex_start_month=0", "lease.capex_end_month=1", "lease.opex_per_mw_year=12000",
                     "lease.residual_fraction=0.5", "lease.power_payer=tenant"});
  CashFlows cf = finish(lease_components(s), s, "l");
  REQUIRE(cf.periods.size() == 36);
  CHECK(cf.periods[0].capex == 1200000);
  CHECK(cf.periods[1].revenue == 100000);       // 1000 kW * $100
  CHECK(cf.periods[12].revenue == 100000);      // 12th rent month
  CHECK_THAT(cf.periods[13].revenue, WithinAbs(110000, 1e-6));  // second rent year: +10%
  CHECK(cf.periods[1].opex == 1000);
  CHECK(cf.periods[1].power == 0);              // tenant pass-through
  // Month 24 is the last of the term: rent 110,000 + residual 600,000.
  CHECK_THAT(cf.periods[24].revenue, WithinAbs(710000, 1e-6));
  CHECK(cf.periods[25].revenue == 0);
  // Sum: -1.2M + 12*99,000 + 12*109,000 + 600,000 = 1,896,000.
  CHECK_THAT(cf.periods.back().cumulative, WithinAbs(1896000, 0.005));
  Summary sm = summarize(cf, 0.10);
  // python: sum(net_m / 1.1**(days to end of month m / 365)) = 1542485.251296807
  CHECK_THAT(sm.npv, WithinAbs(1542485.251296807, 0.005));
  CHECK(sm.peak_funding == 1200000);
  // After month 12 (ends 2027-02-01, 396/365 y) the sum is -12,000; month 13 (28 days)
  // earns 109,000: 396/365 + 28/365 * 12000/109000 = 1.0933769008420258.
  CHECK_THAT(*sm.payback_years, WithinAbs(1.0933769008420258, 1e-9));
  CHECK_THAT(*sm.moic, WithinAbs(3096000.0 / 1200000.0, 1e-12));
  CHECK(sm.irr.status == IrrStatus::unique);
  // MIRR at 10%: the capex discounted from the end of January 2026 (31/365 y) to the start,
  // every inflow compounded to 2029-01-01 (1096/365 y); (FV / -PV)^(365/1096) - 1 =
  // 0.4507665121404243 (python, from the monthly flows above).
  CHECK_THAT(*sm.mirr, WithinAbs(0.4507665121404243, 1e-12));

  // The landlord pays power: delivered MW * IT load * PUE * hours * price.
  // February 2026: 1 * 0.5 * 1.5 * 672 h * $40 = $20,160.
  Scenario l = s;
  for (const char* a : {"lease.power_payer=landlord", "lease.pue=1.5", "lease.it_load=0.5",
                        "lease.power_price_per_mwh=40"})
    l.set(a);
  CHECK_THAT(finish(lease_components(l), l, "l").periods[1].power, WithinAbs(20160, 1e-6));
}

TEST_CASE("lease: tranches deliver in steps", "[finance][models]") {
  // 10 MW in 2 tranches 6 months apart from month 3: 5 MW pays months 3-8, 10 MW from 9.
  Scenario s = with({"lease.mw=10", "lease.tranches=2", "lease.tranche_interval_months=6",
                     "lease.construction_months=3", "lease.rate_per_kw_month=100", "lease.escalator=0"});
  CashFlows cf = finish(lease_components(s), s, "l");
  CHECK(cf.periods[2].revenue == 0);
  CHECK(cf.periods[3].revenue == 500000);
  CHECK(cf.periods[8].revenue == 500000);
  CHECK(cf.periods[9].revenue == 1000000);
}

TEST_CASE("gpu: GPU-hours, power at full draw, replacement and tax", "[finance][models]") {
  // 100 GPUs, $2/GPU-hour at 50% sold, 1 kW each at PUE 1.5 = 0.15 MW, $50/MWh,
  // $1,200/GPU-year opex, $10,000 per GPU, life 1 year, 2-year horizon.
  Scenario s = with({"horizon_years=2", "gpu.count=100", "gpu.price_per_gpu_hour=2", "gpu.utilization=0.5",
                     "gpu.capex_per_gpu=10000", "gpu.useful_life_years=1", "gpu.watts_per_gpu=1000",
                     "gpu.pue=1.5", "gpu.power_price_per_mwh=50", "gpu.opex_per_gpu_year=1200"});
  CashFlows cf = finish(gpu_components(s), s, "g");
  // January: 744 h. Revenue 100*744*0.5*2 = 74,400; power 0.15*744*50 = 5,580; opex 10,000.
  CHECK_THAT(cf.periods[0].revenue, WithinAbs(74400, 1e-6));
  CHECK_THAT(cf.periods[0].power, WithinAbs(5580, 1e-6));
  CHECK_THAT(cf.periods[0].opex, WithinAbs(10000, 1e-6));
  CHECK(cf.periods[0].capex == 1000000);
  CHECK(cf.periods[11].capex == 0);
  CHECK(cf.periods[12].capex == 1000000);  // bought again after its life
  CHECK_THAT(cf.periods[0].net, WithinAbs(74400 - 5580 - 10000 - 1000000, 1e-6));
  // Tax 25% at $4/GPU-hour: taxable = 148,800 - 5,580 - 10,000 - 1,000,000/12 = 49,886.67;
  // tax = 12,471.67 (python: 12471.666666666668).
  s.set("gpu.price_per_gpu_hour=4");
  s.set("tax_rate=0.25");
  CHECK_THAT(finish(gpu_components(s), s, "g").periods[0].tax, WithinAbs(12471.666666666668, 1e-6));
}

TEST_CASE("tax: losses carried forward, offsetting at most tax_loss_offset of a month", "[finance][models]") {
  // 10 MW at $150/kW-month from month 3 (rent $1.5M a month), no opex, tenant pays power; capex
  // $12M in month 0 depreciated over 12 months ($1M a month); tax 25%.
  // Taxable: months 0-2 -$1M each (a $3M loss), months 3-11 +$0.5M, from month 12 +$1.5M.
  Scenario s = with({"horizon_years=2", "lease.mw=10", "lease.tranches=1", "lease.construction_months=3",
                     "lease.rate_per_kw_month=150", "lease.escalator=0", "lease.capex_per_mw=1200000",
                     "lease.capex_start_month=0", "lease.capex_end_month=1", "lease.opex_per_mw_year=0",
                     "lease.depreciation_years=1", "tax_rate=0.25", "lease.power_payer=tenant"});
  auto taxes = [&](const char* offset) {
    Scenario t = s;
    t.set(std::string("tax_loss_offset=") + offset);
    std::vector<double> out;
    for (const auto& p : finish(lease_components(t), t, "l").periods) out.push_back(p.tax);
    return out;
  };
  // In full (the default): months 3-8 offset $0.5M each and use up the $3M; month 9 pays
  // 25% of $0.5M = $125,000; month 12 pays 25% of $1.5M = $375,000.
  auto full = taxes("1");
  for (int m = 0; m <= 8; ++m) CHECK(full[m] == 0);
  CHECK_THAT(full[9], WithinAbs(125000, 1e-6));
  CHECK_THAT(full[12], WithinAbs(375000, 1e-6));
  std::vector<double> by_default;
  for (const auto& p : finish(lease_components(s), s, "l").periods) by_default.push_back(p.tax);
  CHECK(by_default == full);
  // At most 80% of a month: months 3-9 offset $0.4M each ($2.8M) and pay 25% of $0.1M =
  // $25,000; month 10 offsets the last $0.2M and pays 25% of $0.3M = $75,000; month 11, $125,000.
  auto us = taxes("0.8");
  for (int m = 3; m <= 9; ++m) CHECK_THAT(us[m], WithinAbs(25000, 1e-6));
  CHECK_THAT(us[10], WithinAbs(75000, 1e-6));
  CHECK_THAT(us[11], WithinAbs(125000, 1e-6));
  // Not carried: every month from 3 pays on its own income.
  auto none = taxes("0");
  CHECK(none[2] == 0);
  CHECK_THAT(none[3], WithinAbs(125000, 1e-6));
  CHECK_THAT(none[12], WithinAbs(375000, 1e-6));
}

TEST_CASE("mining: share of issuance across a halving, difficulty growth, power", "[finance][models]") {
  // 1 EH/s of 100 EH/s (share 1%), 20 J/TH -> 20 MW IT, PUE 1.1 -> 22 MW; uptime 1; pool fee 2%;
  // 0.5 BTC fees/block; BTC $50,000 flat; network +10% per month; height 839,990.
  Scenario s = with({"horizon_years=0.16666667", "mining.fleet_ths=1000000", "mining.network_hashrate_ehs=100",
                     "mining.efficiency_j_per_th=20", "mining.pue=1.1", "mining.uptime=1", "mining.pool_fee=0.02",
                     "mining.fees_per_block_btc=0.5", "mining.btc_price_usd=50000", "mining.btc_growth_per_year=0",
                     "mining.difficulty_growth_per_month=0.10", "mining.block_height=839990",
                     "mining.power_price_per_mwh=30", "mining.opex_per_mw_year=12000", "mining.capex_per_th=10"});
  CashFlows cf = finish(mining_components(s), s, "m");
  REQUIRE(cf.periods.size() == 2);
  // January: 31*144 = 4464 blocks: 10 at 6.25 BTC + 4454 at 3.125 = 13,981.25 BTC, fees 2,232:
  // 16,213.25 BTC * 1% * 0.98 = 158.88985 BTC * $50,000 = $7,944,492.50.
  CHECK_THAT(cf.periods[0].revenue, WithinAbs(7944492.50, 0.005));
  // Power 22 MW * 744 h * $30 = $491,040; opex 22 * 12,000 / 12 = $22,000; capex 1e6 TH * $10.
  CHECK_THAT(cf.periods[0].power, WithinAbs(491040, 1e-6));
  CHECK_THAT(cf.periods[0].opex, WithinAbs(22000, 1e-6));
  CHECK(cf.periods[0].capex == 10000000);
  // February: 4032 blocks * (3.125 + 0.5) * 1% * 0.98 / 1.1 * 50,000 = 6,510,763.64
  CHECK_THAT(cf.periods[1].revenue, WithinAbs(6510763.636363636, 0.005));
  CHECK_THAT(cf.periods[1].power, WithinAbs(443520, 1e-6));  // 22 * 672 * 30

  // Height from the hashrate path: with +10%/month the hashrate runs ahead of difficulty by
  // 1.1^((2016/144 days) / (365.25/12 days)) = 1.0448139, so January has
  // floor(4464 * 1.0448139) = 4664 blocks: 10 at 6.25 + 4654 at 3.125 = 14,606.25 BTC plus
  // 2,332 BTC fees; * 1% * 0.98 * $50,000 = $8,299,742.50 (python).
  Scenario fast = s;
  fast.set("mining.height_from_hashrate=1");
  CHECK_THAT(finish(mining_components(fast), fast, "m").periods[0].revenue, WithinAbs(8299742.50, 0.005));

  // The Monte Carlo model gives the same NPV when the path is the deterministic one.
  MiningPaths paths(s);
  CHECK_THAT(paths.npv({50000, 50000}, 0.10), WithinAbs(summarize(cf, s.num("discount_rate")).npv, 1e-6));
  // Also with tax and a loss carried: at $3,000 January loses money and February, at three
  // times the price (growth 12 ln 3 a year), pays tax on its income less January's loss.
  Scenario taxed = s;
  for (const char* kv : {"tax_rate=0.25", "mining.btc_price_usd=3000", "mining.btc_growth_per_year=13.183347464017316"})
    taxed.set(kv);
  CashFlows tcf = finish(mining_components(taxed), taxed, "m");
  CHECK(tcf.periods[0].tax == 0);
  CHECK(tcf.periods[1].tax > 0);
  const double taxed_npv = summarize(tcf, taxed.num("discount_rate")).npv;
  CHECK_THAT(MiningPaths(taxed).npv({3000, 9000}, 0.10), WithinAbs(taxed_npv, 1e-6));
  taxed.set("tax_loss_offset=0");  // January's loss no longer lowers February's tax
  CHECK(summarize(finish(mining_components(taxed), taxed, "m"), taxed.num("discount_rate")).npv < taxed_npv - 1000);
}

TEST_CASE("bridge: mining stops as AI tranches arrive", "[finance][models]") {
  Scenario s = with({"lease.tranches=2", "lease.tranche_interval_months=6", "lease.construction_months=12",
                     "mining.replacement_years=0"});
  auto mine = mining_components(s), lease = lease_components(s), bridge = bridge_components(s);
  // Before delivery: all mining; after the first of two tranches: half; after both: none.
  CHECK_THAT(bridge.revenue[11], WithinAbs(mine.revenue[11] + lease.revenue[11], 1e-6));
  CHECK_THAT(bridge.revenue[12], WithinAbs(0.5 * mine.revenue[12] + lease.revenue[12], 1e-6));
  CHECK_THAT(bridge.revenue[18], WithinAbs(lease.revenue[18], 1e-6));
  CHECK(bridge.capex[0] == mine.capex[0] + lease.capex[0]);
}

TEST_CASE("months from the 29th to 31st end on the month's last day (EDATE)", "[finance][models]") {
  using namespace std::chrono;
  const sys_days jan31{2027y / January / 31};
  CHECK(edate(jan31, 0) == jan31);
  CHECK(edate(jan31, 1) == sys_days{2027y / February / 28});
  CHECK(edate(jan31, 2) == sys_days{2027y / March / 31});
  CHECK(edate(jan31, 3) == sys_days{2027y / April / 30});
  CHECK(edate(jan31, 13) == sys_days{2028y / February / 29});  // a leap year
  CHECK(edate(sys_days{2027y / March / 15}, 11) == sys_days{2028y / February / 15});
  // A scenario starting on the 31st: periods end 2027-02-28 and 2027-03-31, not 03-03.
  Scenario s = with({"start=2027-01-31", "horizon_years=1"});
  const auto c = empty_components(s);
  REQUIRE(c.months() == 12);
  CHECK(c.ends[0] == hs::UtcTime{sys_days{2027y / February / 28}});
  CHECK(c.starts[1] == c.ends[0]);
  CHECK(c.ends[1] == hs::UtcTime{sys_days{2027y / March / 31}});
  CHECK(c.ends[11] == hs::UtcTime{sys_days{2028y / January / 31}});
}

TEST_CASE("Monte Carlo: reproducible by seed, collapses to the model without randomness", "[finance][mc]") {
  Scenario s;
  auto a = monte_carlo(s, 500, 42), b = monte_carlo(s, 500, 42), c = monte_carlo(s, 500, 43);
  CHECK(a.p50 == b.p50);
  CHECK(a.p_mining_beats_lease == b.p_mining_beats_lease);
  CHECK(a.p50 != c.p50);
  CHECK(a.p10 <= a.p50);
  CHECK(a.p50 <= a.p90);
  // Zero volatility and zero spread of growth: every path is the deterministic model.
  s.set("mining.btc_volatility=0");
  s.set("mining.difficulty_growth_sd=0");
  s.set("mining.btc_growth_per_year=0.2");
  double det = summarize(finish(mining_components(s), s, "m"), s.num("discount_rate")).npv;
  auto d = monte_carlo(s, 50, 7);
  CHECK_THAT(d.p10, WithinAbs(det, 1e-3));
  CHECK_THAT(d.p90, WithinAbs(det, 1e-3));
  CHECK(d.p_mining_beats_lease == (det > d.lease_npv ? 1.0 : 0.0));
}
