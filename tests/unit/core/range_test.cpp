#include <catch2/catch.hpp>

#include "core/cli.hpp"

TEST_CASE("start:stop:step ranges include both ends", "[cli]") {
  CHECK(hs::parse_range("0:100:10", "--ai-mw").values().size() == 11);
  auto v = hs::parse_range("0:1:0.1", "--sweep").values();
  REQUIRE(v.size() == 11);  // binary fractions must not lose the last step
  CHECK(v.back() == Approx(1.0));
  CHECK(hs::parse_range("5:5:1", "--x").values() == std::vector<double>{5});
}

TEST_CASE("bad ranges are usage errors naming the option", "[cli]") {
  CHECK_THROWS_WITH(hs::parse_range("0:10:0", "--sweep"), Catch::StartsWith("--sweep: step must be positive"));
  CHECK_THROWS_WITH(hs::parse_range("10:0:1", "--sweep"), Catch::Contains("stop must not be below start"));
  CHECK_THROWS_WITH(hs::parse_range("0:10", "--ai-mw"), Catch::Contains("expected start:stop:step"));
  try {
    hs::parse_range("a:b:c", "--x");
  } catch (const hs::Error& e) {
    CHECK(e.code() == 64);
  }
}
