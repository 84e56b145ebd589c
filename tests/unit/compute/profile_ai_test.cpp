// profile records for the AI workloads (vendor GEMM per precision, memory bandwidth): units,
// peak and fraction of peak, rate per watt, and the hand-written sheet rows leasecalc prices.
#include <catch2/catch.hpp>

#include "../core/test_files.hpp"
#include "../record_fields.hpp"
#include "records/profile_record.hpp"
#include "core/error.hpp"
#include "core/record.hpp"

using hs::profile::Row;

namespace {

const std::string kHeader =
    "device,workload,rate,rate_unit,watts,watts_source,joules_per_th,gflops_per_watt,verified,peak_rate,peak_source,"
    "fraction_of_peak,rate_per_watt\n";

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

}  // namespace

TEST_CASE("profile: the AI workloads and their units", "[profile]") {
  CHECK(hs::profile::rate_unit_for("gemm_bf16") == "TFLOP/s");
  CHECK(hs::profile::rate_unit_for("gemm_fp8_e4m3") == "TFLOP/s");
  CHECK(hs::profile::rate_unit_for("bandwidth_triad") == "GB/s");
  CHECK(hs::profile::rate_unit_for("bandwidth_memcpy") == "GB/s");
  CHECK_THROWS_WITH(hs::profile::rate_unit_for("gemm_int4"), Catch::Contains("gemm_fp8_e4m3"));
}

TEST_CASE("profile row: peak, fraction of peak and rate per watt in the record", "[profile]") {
  Row g{"NVIDIA H200", "gemm_bf16", 700, "TFLOP/s", 680.0, "nvml", true, 1070.5, "cuda: 132 SMs x 1980 MHz"};
  CHECK(*g.fraction_of_peak() == Approx(700 / 1070.5));
  CHECK(*g.rate_per_watt() == Approx(700.0 / 680));
  CHECK(*g.gflops_per_watt() == Approx(700e3 / 680));  // every FLOP workload, TFLOP/s in GFLOP/s
  const auto cells = g.cells();
  REQUIRE(cells.size() == hs::record_spec("profile").fields.size());
  CHECK(hs::cell_text(cells[2]) == "700.0000");
  CHECK(hs::cell_text(cells[7]) == "1029.412");  // 700,000 GFLOP/s / 680 W, metered: 0.001
  CHECK(hs::cell_text(cells[9]) == "1070.5000");
  CHECK(hs::cell_text(cells[11]) == "0.6539");
  CHECK(hs::cell_text(cells[12]) == "1.0294");  // metered: four decimals
  g.peak_rate.reset();
  CHECK_FALSE(g.fraction_of_peak());
}

TEST_CASE("profile spec sheet: verified may be left out; derived figures keep five significant digits", "[profile]") {
  // An H100 sheet row (989.4 TFLOP/s dense FP16 at 700 W) and an ASIC's, without a verified
  // column: 989,400 / 700 = 1413.4285... GFLOP/s per W -> 1413.4; 3010 W / 140 TH/s = 21.5 J/TH.
  hs::test::TempFile f("device,workload,rate,rate_unit,watts\nH100 SXM,gemm_fp16,989.4,TFLOP/s,700\n"
                       "S19 XP,sha256d,140,TH/s,3010\n");
  hs::RecordReader in(f.path(), hs::profile::spec_sheet_fields());
  hs::Record rec;
  std::vector<Row> rows;
  while (in.next(rec)) rows.push_back(hs::profile::normalize_spec(rec));
  REQUIRE(rows.size() == 2);
  auto h100 = rows[0].cells(), s19 = rows[1].cells();
  CHECK(hs::cell_text(h100[7]) == "1413.4");   // gflops_per_watt
  CHECK(hs::cell_text(h100[12]) == "1.4134");  // TFLOP/s per W
  CHECK(hs::cell_text(s19[6]) == "21.5");      // joules_per_th
  CHECK(hs::cell_text(s19[12]) == "46511627907");  // H/s per W: 46,511,627,906.98, no decimals past 5 digits
  CHECK_FALSE(rows[0].verified);
}

TEST_CASE("profile row: a rate below 1 keeps four significant digits, never 0", "[profile]") {
  // A CPU stand-in for a GPU under AddressSanitizer: 30.123 MFLOP/s. At the unit's four
  // decimals it would read 0.0000 TFLOP/s, which leasecalc --profile refuses.
  Row slow{"Fake GPU", "gemm_bf16", 3.0123e-5, "TFLOP/s", 700.0, "user", true, 1070.5306, "cuda: table"};
  CHECK(slow.rate_decimals() == 8);
  auto c = hs::test::by_field("profile", slow.cells());
  CHECK(c["rate"] == "0.00003012");
  CHECK(c["peak_rate"] == "1070.5306");  // the peak keeps the unit's decimals
  Row half{"cpu", "sgemm_fp32", 0.5, "GFLOP/s", std::nullopt, "", true, std::nullopt, ""};
  CHECK(half.rate_decimals() == 4);  // 0.5000
  Row gpu{"NVIDIA H200", "gemm_bf16", 700, "TFLOP/s", 680.0, "nvml", true, 1070.5, ""};
  CHECK(gpu.rate_decimals() == 4);  // unchanged at 1 and above
  Row asic{"S21", "sha256d", 2e14, "H/s", 3500.0, "spec", false, std::nullopt, ""};
  CHECK(asic.rate_decimals() == 0);
}

TEST_CASE("profile spec: a GPU data sheet in TFLOP/s and TB/s", "[profile]") {
  // H200 SXM sheet: 989 TFLOP/s dense BF16 at 700 W; 4.8 TB/s HBM3e.
  auto rows = normalize(kHeader + "H200 sheet,gemm_bf16,989,TFLOP/s,700,,,,,989,,1,\n" +
                        "H200 sheet,bandwidth_memcpy,4.8,TB/s,700,,,,,,,,\n" +
                        "H200 sheet,gemm_fp8_e4m3,1.979,PFLOP/s,700,,,,,,,,0.002827\n");
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].rate == Approx(989));
  CHECK(rows[0].rate_unit == "TFLOP/s");
  CHECK(*rows[0].peak_rate == Approx(989));
  CHECK(rows[0].peak_source == "spec");
  CHECK(*rows[0].rate_per_watt() == Approx(989.0 / 700));
  CHECK(rows[1].rate == Approx(4800));
  CHECK(rows[1].rate_unit == "GB/s");
  CHECK(rows[2].rate == Approx(1979));  // PFLOP/s -> TFLOP/s; rate_per_watt was checked in the sheet's own unit (PFLOP/s per W)
}

TEST_CASE("profile spec: AI rows that do not add up are data errors (65)", "[profile]") {
  CHECK(exit_code_of(kHeader + "x,gemm_bf16,989,H/s,,,,,,,,,\n") == 65);     // not a FLOP unit
  CHECK(exit_code_of(kHeader + "x,bandwidth_copy,3,TFLOP/s,,,,,,,,,\n") == 65);  // not a byte unit
  CHECK(exit_code_of(kHeader + "x,gemm_bf16,989,TFLOP/s,,,,,,0,,,\n") == 65);    // peak not positive
  CHECK(exit_code_of(kHeader + "x,gemm_bf16,989,TFLOP/s,,,,,,,cuda,,\n") == 65);  // source without a peak
  CHECK_THROWS_WITH(normalize(kHeader + "x,gemm_bf16,500,TFLOP/s,,,,,,1000,,0.7,\n"),
                    Catch::Contains("field 'fraction_of_peak': is 0.7 but rate and peak_rate give 0.5"));
  CHECK_THROWS_WITH(normalize(kHeader + "x,gemm_bf16,700,TFLOP/s,700,,,,,,,,2\n"), Catch::Contains("rate_per_watt"));
}
