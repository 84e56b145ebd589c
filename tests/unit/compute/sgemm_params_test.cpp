// SGEMM tuning parameters: validation, the text form the cache and records use, defaults.
#include <catch2/catch.hpp>

#include "compute/sgemm_params.hpp"
#include "core/error.hpp"

using namespace hs::sgemm;

TEST_CASE("sgemm params: text round trip and build options", "[sgemm]") {
  const Params p{96, 64, 128, 12, 32, 16};
  CHECK(p.to_string() == "MWG=96 NWG=64 KWG=128 MWI=12 NWI=32 VW=16");
  CHECK(p.build_options() == "-DMWG=96 -DNWG=64 -DKWG=128 -DMWI=12 -DNWI=32 -DVW=16");
  CHECK(parse_params(p.to_string(), "tuning") == p);
  CHECK(p.local_m() == 8);  // 96 / 12
  CHECK(p.local_n() == 2);  // 64 / 32
}

TEST_CASE("sgemm params: constraints of the kernel are enforced", "[sgemm]") {
  CHECK(invalid_reason(Params{64, 64, 64, 6, 32, 16}) == "MWG must be a multiple of MWI");
  CHECK(invalid_reason(Params{64, 64, 64, 8, 24, 16}) == "NWG must be a multiple of NWI");
  CHECK(invalid_reason(Params{64, 64, 64, 8, 32, 3}) == "VW must be 1, 2, 4, 8 or 16");
  CHECK(invalid_reason(Params{64, 64, 8, 8, 32, 16}) == "KWG must be a multiple of VW");
  CHECK(invalid_reason(Params{64, 64, 64, 8, 0, 16}) == "every parameter must be positive");
  CHECK_THROWS_WITH(parse_params("MWG=64 FOO=3", "tuning"), Catch::Contains("one of MWG NWG KWG MWI NWI VW"));
  CHECK_THROWS_WITH(parse_params("MWG=6x", "tuning"), Catch::Contains("an integer for MWG"));
  CHECK_THROWS_WITH(parse_params("MWG=64 MWI=6", "tuning"), Catch::Contains("MWG must be a multiple of MWI"));
  try {
    parse_params("MWG=64 MWI=6", "tuning");
  } catch (const hs::Error& e) {
    CHECK(e.code() == 65);
  }
}

TEST_CASE("sgemm params: defaults and every tuning candidate are valid", "[sgemm]") {
  for (const char* type : {"cpu", "gpu", "accelerator"}) {
    CHECK(invalid_reason(default_params(type)).empty());
    for (const auto& p : tuning_candidates(type)) {
      CAPTURE(p.to_string());
      CHECK(invalid_reason(p).empty());
    }
  }
}

TEST_CASE("sgemm params: the GPU layout choices TA and STR", "[sgemm]") {
  const Params p{128, 128, 16, 8, 8, 4, 1, 1};
  CHECK(p.to_string() == "MWG=128 NWG=128 KWG=16 MWI=8 NWI=8 VW=4 TA=1 STR=1");
  CHECK(p.build_options() == "-DMWG=128 -DNWG=128 -DKWG=16 -DMWI=8 -DNWI=8 -DVW=4 -DTA=1 -DSTR=1");
  CHECK(parse_params(p.to_string(), "tuning") == p);
  // Off is not written, so records and cache lines from before read back the same.
  const Params old = parse_params("MWG=64 NWG=64 KWG=16 MWI=4 NWI=4 VW=4", "cache");
  CHECK(old.ta == 0);
  CHECK(old.str == 0);
  CHECK(old.to_string() == "MWG=64 NWG=64 KWG=16 MWI=4 NWI=4 VW=4");
  CHECK(invalid_reason(Params{64, 64, 16, 4, 4, 4, 2, 0}) == "TA and STR must be 0 or 1");
  int with_layout = 0;
  for (const auto& c : tuning_candidates("gpu")) with_layout += c.ta || c.str;
  CHECK(with_layout >= 8);
}
