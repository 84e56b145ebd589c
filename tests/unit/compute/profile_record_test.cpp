// profile records: measured rows' derived efficiency, and hand-written spec sheets validated
// and normalized (units, agreement of the derived figures, verified forced false).
#include <catch2/catch.hpp>

#include "../core/test_files.hpp"
#include "records/profile_record.hpp"
#include "core/error.hpp"
#include "core/record.hpp"

using hs::profile::Row;

namespace {

// Normalizes every record of a CSV text written to a temporary file (one per call, named by
// process: ctest runs the test cases as parallel processes), removed even when a record is
// refused.
std::vector<Row> normalize(const std::string& csv) {
  hs::test::TempFile file(csv);
  hs::RecordReader in(file.path(), hs::record_spec("profile"));
  std::vector<Row> rows;
  hs::Record rec;
  while (in.next(rec)) rows.push_back(hs::profile::normalize_spec(rec));
  return rows;
}

int exit_code_of(const std::string& csv) {
  try {
    normalize(csv);
  } catch (const hs::Error& e) {
    return e.code();
  }
  return 0;
}

const std::string kHeader = "device,workload,rate,rate_unit,watts,watts_source,joules_per_th,gflops_per_watt,verified\n";

}  // namespace

TEST_CASE("profile row: J/TH and GFLOP/s per W from rate and watts", "[profile]") {
  Row sha{"asic", "sha256d", 200e12, "H/s", 3500.0, "spec", false, std::nullopt, ""};
  // 3500 W / 200 TH/s = 17.5 J/TH
  CHECK(*sha.joules_per_th() == Approx(17.5));
  CHECK_FALSE(sha.gflops_per_watt());
  Row mm{"gpu", "sgemm_fp32", 60000, "GFLOP/s", 700.0, "user", true, std::nullopt, ""};
  CHECK(*mm.gflops_per_watt() == Approx(60000.0 / 700));
  CHECK_FALSE(mm.joules_per_th());
  mm.watts.reset();
  CHECK_FALSE(mm.gflops_per_watt());
  CHECK(mm.cells().size() == hs::record_spec("profile").fields.size());
}

TEST_CASE("profile spec: an ASIC sheet in TH/s is normalized to H/s", "[profile]") {
  // Antminer S19 XP-like sheet: 140 TH/s at 3010 W -> 3010 / 140 = 21.5 J/TH.
  auto rows = normalize(kHeader + "Antminer S19 XP,sha256d,140,TH/s,3010,,21.5,,false\n" +
                        "H100 sheet,sgemm_fp32,67,TFLOP/s,700,,,,\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].rate == Approx(140e12));
  CHECK(rows[0].rate_unit == "H/s");
  CHECK(rows[0].watts_source == "spec");
  CHECK(*rows[0].joules_per_th() == Approx(21.5));
  CHECK_FALSE(rows[0].verified);
  CHECK(rows[1].rate == Approx(67000));
  CHECK(rows[1].rate_unit == "GFLOP/s");
  CHECK(*rows[1].gflops_per_watt() == Approx(67000.0 / 700));
}

TEST_CASE("profile spec: malformed records are data errors (65) naming the field", "[profile]") {
  CHECK(exit_code_of(kHeader + "x,scrypt,1,H/s,,,,,false\n") == 65);
  CHECK(exit_code_of(kHeader + "x,sha256d,1,GFLOP/s,,,,,false\n") == 65);
  CHECK(exit_code_of(kHeader + "x,sha256d,-5,TH/s,,,,,false\n") == 65);
  CHECK(exit_code_of(kHeader + "x,sha256d,100,TH/s,0,,,,false\n") == 65);
  CHECK(exit_code_of(kHeader + ",sha256d,100,TH/s,,,,,false\n") == 65);
  // 3000 W at 100 TH/s is 30 J/TH, not 20.
  CHECK_THROWS_WITH(normalize(kHeader + "x,sha256d,100,TH/s,3000,,20,,false\n"),
                    Catch::Contains("field 'joules_per_th': is 20 but rate and watts give 30"));
  CHECK_THROWS_WITH(normalize(kHeader + "x,sha256d,100,TH/s,3000,,,5,false\n"),
                    Catch::Contains("gflops_per_watt"));
  CHECK_THROWS_WITH(normalize(kHeader + "x,sha256d,abc,TH/s,,,,,false\n"), Catch::Contains("field 'rate'"));
}

TEST_CASE("profile: unknown workloads are usage errors", "[profile]") {
  CHECK(hs::profile::rate_unit_for("sha256d") == "H/s");
  CHECK(hs::profile::rate_unit_for("sgemm_fp32") == "GFLOP/s");
  CHECK_THROWS_WITH(hs::profile::rate_unit_for("scrypt"), Catch::Contains("unknown workload \"scrypt\""));
}
