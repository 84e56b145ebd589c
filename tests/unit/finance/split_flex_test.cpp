// compare --split with capped AI blocks: allocate split's capped_mwh and cap_cost_usd read and
// checked against the lease's flexibility clause. Figures worked by hand in the comments.
#include <catch2/catch.hpp>

#include <deque>
#include <string>

#include "../core/test_files.hpp"
#include "finance/flex.hpp"
#include "finance/split.hpp"

using namespace hs::finance;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;

namespace {

const std::string header =
    "ai_mw,mining_mw,hours,part,kind,power_payer,capacity_mw,ths,energy_mwh,energy_cost_usd,revenue_usd,charges_usd,"
    "margin_usd,uptime,hours_curtailed,annual_revenue_usd,annual_energy_cost_usd,annual_charges_usd,annual_margin_usd,"
    "capped_mwh,cap_cost_usd\n";

// Half a year (4,380 hours) of a 20 MW AI block whose tenant pays its power: 100 IT MWh capped at
// 100 USD = 10,000 USD, the row's charges; annualized x 2 like its revenue (22,776,000 /
// 11,388,000), so 200 capped MWh a year.
const std::string mining_row =
    "20,20,4380,s21,mining,,20,1000000,80000,2000000.00,5000000.00,0.00,3000000.00,0.9,400,10000000.00,4000000.00,"
    "0.00,6000000.00,,\n";
const std::string site_row =
    "20,20,4380,site,site,,1,,4380,100000.00,0.00,0.00,-100000.00,,,0.00,200000.00,0.00,-200000.00,,\n";
std::string ai_row(const std::string& caps) {
  return "20,20,4380,hall-a,ai,tenant,20,,87500,0.00,11388000.00,10000.00,11378000.00,0.998,50,22776000.00,0.00,"
         "20000.00,22756000.00," + caps + "\n";
}
std::string total_row(const std::string& caps) {
  return "20,20,4380,total,total,,41,1000000,171880,2100000.00,16388000.00,10000.00,14278000.00,,,32776000.00,"
         "4200000.00,20000.00,28556000.00," + caps + "\n";
}
std::string records(const std::string& ai_caps = "100,10000.00", const std::string& total_caps = "100,10000.00") {
  return header + mining_row + ai_row(ai_caps) + site_row + total_row(total_caps);
}

std::string write_tmp(const std::string& text) {
  static std::deque<hs::test::TempFile> files;
  return files.emplace_back(text, ".csv").path();
}

// The lease's clause: caps of up to 25% for 50 hours a year, 100 USD per capped MWh; for 20 MW
// at most 0.25 x 20 x 50 = 250 MWh a year.
Scenario with_clause() {
  Scenario s;
  for (const char* a : {"name=site", "lease.flex_max_cap_pct=25", "lease.flex_hours_per_year=50",
                        "lease.flex_usd_per_capped_mwh=100"})
    s.set(a);
  s.validate();
  return s;
}

// The message of the error the call throws, checking it is bad data (65).
std::string data_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const hs::Error& e) {
    CHECK(e.code() == 65);
    return e.what();
  }
  FAIL("no error");
  return "";
}

}  // namespace

TEST_CASE("split caps: the clause's capped MWh a year come from the split", "[finance][split][flex]") {
  const auto cs = read_split_candidates(write_tmp(records()));
  REQUIRE(cs.size() == 1);
  REQUIRE(cs[0].caps.size() == 1);
  CHECK(cs[0].caps[0].where.line == 3);
  CHECK_THAT(cs[0].annual_capped_mwh, WithinAbs(200, 1e-9));
  const Scenario c = split_scenario(with_clause(), cs[0]);
  CHECK_THAT(c.num("lease.flex_expected_capped_mwh_per_year"), WithinAbs(200, 1e-9));
  CHECK(c.value("lease.flex_expected_capped_mwh_per_year").where.line == 3);
  // The caps' cost stays in the AI block's charges, as allocate counted it: the year's margin
  // is the total row's.
  CHECK_THAT(cs[0].annual_margin, WithinAbs(28556000, 1e-6));
}

TEST_CASE("split caps: the lease's payment per capped MWh must be the split's", "[finance][split][flex]") {
  const auto cs = read_split_candidates(write_tmp(records()));
  Scenario s = with_clause();
  s.set("lease.flex_usd_per_capped_mwh=90");
  const std::string msg = data_error([&] { split_scenario(s, cs[0]); });
  CHECK_THAT(msg, Contains(":3: field 'cap_cost_usd': 10000.00 for 100.0000 capped MWh (100.0000 USD per capped MWh), "
                           "but the lease pays 90 USD per capped MWh (lease.flex_usd_per_capped_mwh, --set), 9000.00"));
  // Within the rounding of the written figures it agrees: 100.00004 MWh x 100 = 10,000.004.
  const auto near = read_split_candidates(write_tmp(records("100.00004,10000.00", "100.00004,10000.00")));
  CHECK_NOTHROW(split_scenario(with_clause(), near[0]));
}

TEST_CASE("split caps: a scenario without a clause refuses a capped split", "[finance][split][flex]") {
  const auto cs = read_split_candidates(write_tmp(records()));
  Scenario plain;
  const std::string msg = data_error([&] { split_scenario(plain, cs[0]); });
  CHECK_THAT(msg, Contains(":3: field 'capped_mwh': the split capped the AI block's power by 100.0000 MWh, but the "
                           "scenario's lease has no flexibility clause"));
  // Nothing capped: nothing to refuse, clause or not.
  const auto zero = read_split_candidates(write_tmp(records("0,0.00", "0,0.00")));
  CHECK_NOTHROW(split_scenario(plain, zero[0]));
  CHECK(split_scenario(with_clause(), zero[0]).num("lease.flex_expected_capped_mwh_per_year") == 0);
}

TEST_CASE("split caps: no more than the clause allows the candidate", "[finance][split][flex]") {
  const auto cs = read_split_candidates(write_tmp(records()));
  Scenario s = with_clause();
  s.set("lease.flex_hours_per_year=30");  // 0.25 x 20 x 30 = 150 < 200
  const std::string msg = data_error([&] { split_scenario(s, cs[0]); });
  CHECK_THAT(msg, Contains(":3: field 'capped_mwh': annualized to 200.0000 MWh a year, more than the lease's clause "
                           "allows the candidate: 25% of 20 MW for 30 hours a year is 150 MWh"));
}

TEST_CASE("split caps: capped MWh and their cost come together and add up", "[finance][split][flex]") {
  CHECK_THAT(data_error([&] { read_split_candidates(write_tmp(records("100,", "100,10000.00"))); }),
             Contains(":3: field 'cap_cost_usd': missing beside capped_mwh 100"));
  CHECK_THAT(data_error([&] { read_split_candidates(write_tmp(records(",10000.00", "100,10000.00"))); }),
             Contains(":3: field 'capped_mwh': missing beside cap_cost_usd 10000.00"));
  CHECK_THAT(data_error([&] { read_split_candidates(write_tmp(records("100,10000.00", "90,10000.00"))); }),
             Contains(":5: field 'capped_mwh': the candidate's AI parts add up to 100.0000, its total row says 90.0000"));
  CHECK_THAT(data_error([&] { read_split_candidates(write_tmp(records("100,10000.00", "100,9000.00"))); }),
             Contains(":5: field 'cap_cost_usd': the candidate's AI parts add up to 10000.00"));
  CHECK_THAT(data_error([&] { read_split_candidates(write_tmp(records("100,10000.00", ","))); }),
             Contains(":5: field 'capped_mwh': the candidate's AI parts carry capped MWh, but its total row does not"));
  // The caps' cost is part of the row's charges (10,000.00): 12,000 cannot be.
  CHECK_THAT(data_error([&] { read_split_candidates(write_tmp(records("100,12000.00", "100,12000.00"))); }),
             Contains(":3: field 'cap_cost_usd': 12000.00 is more than the row's charges_usd 10000.00"));
  // Only AI parts carry caps.
  std::string bad = records();
  const std::string uncapped = "6000000.00,,\n", capped = "6000000.00,5,0\n";
  bad.replace(bad.find(uncapped), uncapped.size(), capped);
  CHECK_THAT(data_error([&] { read_split_candidates(write_tmp(bad)); }),
             Contains(":2: field 'capped_mwh': only AI parts and the total row carry power caps"));
}

TEST_CASE("split caps: records without the fields read as before", "[finance][split][flex]") {
  const auto cs = read_split_candidates(write_tmp(records(",", ",")));
  REQUIRE(cs.size() == 1);
  CHECK(cs[0].caps.empty());
  CHECK_NOTHROW(split_scenario(Scenario{}, cs[0]));
  // A lease with a clause cannot be valued from a dispatch that had none: refused, not dropped.
  CHECK_THAT(data_error([&] { split_scenario(with_clause(), cs[0]); }),
             Contains(":5: field 'capped_mwh': the scenario's lease has a flexibility clause (lease.flex_max_cap_pct, "
                      "--set), but the candidate's AI blocks carry no capped MWh"));
}
