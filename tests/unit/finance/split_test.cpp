// compare's split candidates: allocate's year of dispatch as the first year, later years by
// leasecalc's rules; the split records read and checked. Figures worked by hand.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "finance/split.hpp"

using namespace hs::finance;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

// Two years from 2026-01-01, no tax. The lease runs from month 0 in one tranche, +3% a year;
// the halving at 1,050,000 comes after exactly one year of 144 blocks a day (52,560 blocks);
// no fees, no BTC drift, no difficulty growth: mining revenue follows blocks and the subsidy.
Scenario site() {
  Scenario s;
  for (const char* a : {"name=site", "start=2026-01-01", "horizon_years=2", "lease.construction_months=0",
                        "lease.tranches=1", "lease.escalator=0.03", "lease.capex_per_mw=0", "lease.opex_per_mw_year=0",
                        "lease.residual_fraction=0", "mining.block_height=997440", "mining.fees_per_block_btc=0",
                        "mining.btc_growth_per_year=0", "mining.difficulty_growth_per_month=0",
                        "mining.capex_per_th=10", "mining.replacement_years=0", "mining.opex_per_mw_year=60000"})
    s.set(a);
  s.validate();
  return s;
}

// 10 MW of AI (tenant pays its power) beside 3 MW of mining at 100,000 TH/s; the year's figures:
// mining 1,200,000 revenue, 600,000 energy; AI 2,000,000 revenue; site 10,000 revenue, 50,000
// energy and charges: margin 2,560,000.
SplitCandidate candidate() {
  SplitCandidate c;
  c.ai_mw = 10, c.mining_mw = 3, c.hours = 8760, c.capacity_mw = 16;
  c.mining_ths = 100000, c.mining_revenue = 1200000, c.mining_cost = 600000;
  c.ai_revenue = 2000000, c.ai_cost = 0, c.power_payer = "tenant";
  c.site_revenue = 10000, c.site_cost = 50000;
  c.annual_margin = 2560000;
  c.where = c.payer_where = hs::Location{"split.csv", 7};
  return c;
}

std::string write_temp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("hs_split_test_" + name);
  std::ofstream(path) << text;
  return path.string();
}

const char* header =
    "ai_mw,mining_mw,hours,part,kind,power_payer,capacity_mw,ths,energy_mwh,energy_cost_usd,revenue_usd,charges_usd,"
    "margin_usd,uptime,hours_curtailed,annual_revenue_usd,annual_energy_cost_usd,annual_charges_usd,annual_margin_usd\n";

}  // namespace

TEST_CASE("split candidate: the first year is allocate's, later years by leasecalc's rules", "[finance][split]") {
  const Scenario c = split_scenario(site(), candidate());
  CHECK(c.num("lease.mw") == 10);
  CHECK(c.num("mining.fleet_ths") == 100000);
  CHECK(c.text("lease.power_payer") == "tenant");
  CHECK(split_name(site(), 2.5) == "site/split_ai_2.5mw");
  const Components v = split_components(c, candidate());
  REQUIRE(v.months() == 24);
  // Revenue less power over the first twelve months is the split's year.
  CHECK_THAT(first_year_margin(v), WithinAbs(2560000, 1e-6));
  // January 2026: 744 of 8,760 hours of each figure; mining by blocks (4,464 of 52,560).
  CHECK_THAT(v.power[0], WithinRel((600000.0 + 50000) * 744 / 8760, 1e-12));
  CHECK_THAT(v.revenue[0], WithinRel(1200000.0 * 4464 / 52560 + (2000000.0 + 10000) * 744 / 8760, 1e-12));
  // January 2027: the subsidy halved (3.125 to 1.5625 BTC), the rent up 3%, power as it was.
  CHECK_THAT(v.revenue[12], WithinRel(1200000.0 * 4464 / 52560 / 2 + 2000000.0 * 744 / 8760 * 1.03 + 10000.0 * 744 / 8760, 1e-12));
  CHECK_THAT(v.power[12], WithinRel(v.power[0], 1e-12));
  // The mining side's opex from its MW (3 x 60,000 / 12) and its fleet bought at month 0.
  CHECK_THAT(v.opex[0], WithinRel(15000, 1e-12));
  CHECK_THAT(v.capex[0], WithinRel(100000.0 * 10, 1e-12));
  CHECK(v.mw == 16);
}

TEST_CASE("split candidate: AI still being built earns nothing; the rent starts by tranches", "[finance][split]") {
  Scenario s = site();
  s.set("lease.construction_months=3");
  s.set("lease.tranches=2");
  s.set("lease.tranche_interval_months=6");
  s.validate();
  SplitCandidate cand = candidate();
  cand.power_payer = "landlord", cand.ai_cost = 400000;
  const Components v = split_components(split_scenario(s, cand), cand);
  // Months 0-2: none of the AI; 3-8: half; from 9: all of it.
  CHECK_THAT(v.power[0], WithinRel((600000.0 + 50000) * 744 / 8760, 1e-12));
  CHECK_THAT(v.power[3], WithinRel((600000.0 + 50000 + 400000.0 / 2) * 720 / 8760, 1e-12));  // April
  CHECK_THAT(v.power[9], WithinRel((600000.0 + 50000 + 400000.0) * 744 / 8760, 1e-12));    // October
}

TEST_CASE("split candidate: one setting says who pays for the AI hall's power", "[finance][split]") {
  Scenario s = site();
  s.set("lease.power_payer=landlord");
  try {
    split_scenario(s, candidate());
    FAIL("no error");
  } catch (const hs::Error& e) {
    CHECK(e.code() == 65);
    CHECK_THAT(e.what(), Catch::Contains("split.csv:7") && Catch::Contains("have the tenant pay their power") &&
                             Catch::Contains("--set sets lease.power_payer = landlord"));
  }
  // Left at its default, the split's payer is taken.
  CHECK(split_scenario(site(), candidate()).text("lease.power_payer") == "tenant");
  // A horizon under a year has no first year to hold allocate's.
  Scenario shorter = site();
  shorter.set("horizon_years=0.5");
  CHECK_THROWS_AS(split_components(split_scenario(shorter, candidate()), candidate()), hs::Error);
}

TEST_CASE("split records: parts summed by kind, each candidate closed by its total", "[finance][split]") {
  const std::string good = std::string(header) +
      "0,3,24,s21,mining,,3,100000,72,3600,6000,0,2400,1,0,1314000.00,657000.00,0.00,657000.00\n"
      "0,3,24,hall,ai,landlord,0,,0,0,0,0,0,,0,0.00,0.00,0.00,0.00\n"
      "0,3,24,site,site,,1,,24,1200,100,50,-1150,,,36500.00,438000.00,18250.00,-419750.00\n"
      "0,3,24,total,total,,4,100000,96,4800,6100,50,1250,,,1350500.00,1095000.00,18250.00,237250.00\n"
      "8,0,24,hall,ai,tenant,10,,240,0,9000,0,9000,1,0,3285000.01,0.00,0.00,3285000.01\n"
      "8,0,24,site,site,,1,,24,1200,0,0,-1200,,,0.00,438000.00,0.00,-438000.00\n"
      "8,0,24,total,total,,11,0,264,1200,9000,0,7800,,,3285000.00,438000.00,0.00,2847000.00\n";
  const auto v = read_split_candidates(write_temp("good.csv", good));
  REQUIRE(v.size() == 2);
  CHECK(v[0].mining_ths == 100000);
  CHECK(v[0].mining_revenue == 1314000);
  CHECK(v[0].site_cost == 438000 + 18250);
  CHECK(v[0].annual_margin == 237250);
  CHECK(v[1].power_payer == "tenant");
  CHECK(v[1].ai_revenue == 3285000.01);
  // The parts' cent of rounding is reconciled to the total row.
  CHECK_THAT(v[1].ai_revenue - v[1].ai_cost + v[1].site_revenue - v[1].site_cost, WithinAbs(2847000, 1e-6));
  CHECK(v[1].where.line == 8);

  auto refused = [](const std::string& name, const std::string& text, const std::string& says) {
    try {
      read_split_candidates(write_temp(name, text));
      FAIL("no error for " + name);
    } catch (const hs::Error& e) {
      CHECK(e.code() == 65);
      CHECK_THAT(e.what(), Catch::Contains(says));
    }
  };
  const std::string first_four = good.substr(0, good.find("8,0,24"));
  refused("cut.csv", first_four.substr(0, first_four.find("0,3,24,total")), "has no total row");
  std::string wrong_total = first_four;
  wrong_total.replace(wrong_total.rfind("237250.00"), 9, "237260.00");
  wrong_total.replace(wrong_total.rfind("1350500.00"), 10, "1350510.00");
  refused("total.csv", wrong_total, "parts add up to 237250.00, its total row says 237260.00");
  std::string mixed = std::string(header) +
      "8,0,24,a,ai,tenant,10,,240,0,9000,0,9000,1,0,100.00,0.00,0.00,100.00\n"
      "8,0,24,b,ai,landlord,10,,240,10,9000,0,8990,1,0,100.00,10.00,0.00,90.00\n";
  refused("mixed.csv", mixed, "different power payers");
  std::string interleaved = std::string(header) +
      "0,3,24,s21,mining,,3,100000,72,3600,6000,0,2400,1,0,100.00,50.00,0.00,50.00\n"
      "8,0,24,hall,ai,tenant,10,,240,0,9000,0,9000,1,0,100.00,0.00,0.00,100.00\n";
  refused("interleaved.csv", interleaved, "before the total row");
  std::string no_ths = std::string(header) + "0,3,24,s21,mining,,3,,72,3600,6000,0,2400,1,0,100.00,50.00,0.00,50.00\n";
  refused("no_ths.csv", no_ths, "needs its TH/s");
}

TEST_CASE("compare: mining, ai and bridge in that order", "[finance][split]") {
  auto v = compare_components(site());
  REQUIRE(v.size() == 3);
  CHECK(v[0].name == "site/mining");
  CHECK(v[1].name == "site/ai");
  CHECK(v[2].name == "site/bridge");
}
