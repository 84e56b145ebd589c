// The sha256d_result row hashbench sha256d and tune write, read back by field name: 1e9
// hashes in 2 s is 5e8 H/s; 250 W at 5e8 H/s (0.0005 TH/s) is 500,000 J/TH.
#include <catch2/catch.hpp>

#include "compute/sha256d_result.hpp"
#include "../record_fields.hpp"

namespace {
hs::Sha256dResult measured() {
  hs::Sha256dResult r;
  r.device = "pthread-skylake-avx512";
  r.kernel = "opencl vw=8 npi=16 ls=auto";
  r.rate.hashes = 1'000'000'000;
  r.rate.seconds = 2.0;
  r.verified = true;
  return r;
}
}  // namespace

TEST_CASE("sha256d_result: an OpenCL run with a metered power draw", "[sha256d][rows]") {
  auto r = measured();
  r.tuning = hs::Sha256dTuning{8, 16, 0};
  r.watts = 250.04;
  r.watts_source = "rapl";
  auto row = hs::test::by_field("sha256d_result", r.cells());
  CHECK(row["device"] == "pthread-skylake-avx512");
  CHECK(row["kernel"] == "opencl vw=8 npi=16 ls=auto");
  CHECK(row["local_size"].empty());  // the driver's choice
  CHECK(row["vector_width"] == "8");
  CHECK(row["nonces_per_item"] == "16");
  CHECK(row["threads"].empty());
  CHECK(row["hashes"] == "1000000000");
  CHECK(row["seconds"] == "2.000");
  CHECK(row["hashes_per_second"] == "500000000");
  CHECK(row["watts"] == "250.0");  // a meter's reading to 0.1 W
  CHECK(row["watts_source"] == "rapl");
  CHECK(row["joules_per_th"] == "500080.0");  // 250.04 / 0.0005
  CHECK(row["verified"] == "true");
  CHECK(row["partial"] == "false");
}

TEST_CASE("sha256d_result: the native path, the user's watts as given, a work-group size", "[sha256d][rows]") {
  auto r = measured();
  r.threads = 4;
  r.watts = 12.345;
  r.watts_from_user = true;
  r.watts_source = "user";
  r.rate.partial = true;
  auto row = hs::test::by_field("sha256d_result", r.cells());
  CHECK(row["threads"] == "4");
  CHECK(row["vector_width"].empty());
  CHECK(row["nonces_per_item"].empty());
  CHECK(row["watts"] == "12.345");
  CHECK(row["joules_per_th"] == "24690.0");  // 12.345 / 0.0005
  CHECK(row["partial"] == "true");

  auto g = measured();
  g.tuning = hs::Sha256dTuning{1, 64, 256};
  g.verified = false;  // a tune trial that disagreed with the CPU reference
  auto trial = hs::test::by_field("sha256d_result", g.cells());
  CHECK(trial["local_size"] == "256");
  CHECK(trial["vector_width"] == "1");
  CHECK(trial["nonces_per_item"] == "64");
  CHECK(trial["watts"].empty());
  CHECK(trial["joules_per_th"].empty());
  CHECK(trial["verified"] == "false");
}
