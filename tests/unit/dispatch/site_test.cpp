#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "dispatch/site.hpp"

using namespace hs::dispatch;

namespace {
std::string error_of(const std::string& toml) {
  try {
    parse_site(toml, "site.toml");
  } catch (const hs::Error& e) {
    CHECK(e.code() == 65);
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST_CASE("the example site reads and its economics come out as worked", "[site]") {
  const Site s = load_site(std::string(HS_SOURCE_DIR) + "/examples/site.toml");
  CHECK(s.interconnect_mw == 100);
  REQUIRE(s.mining.size() == 3);
  REQUIRE(s.ai.size() == 2);
  CHECK(s.mining[0].modes.size() == 2);
  // s19xp: j_per_th 21.5 x 140 TH/s = 3010 W per unit.
  CHECK(s.mining[1].modes[0].watts_per_unit == Approx(3010));
  // hall-b: 2.1 $/GPU-hour x 700 GPUs per MW = 1470 $/MWh.
  CHECK(s.ai[1].revenue_usd_per_mwh == Approx(1470));
  // Reward 312,500,000 + 2,500,000 sat at difficulty 113,757,508,810,854:
  // 8.64e19 x 3.15e8 / (1.13757508810854e14 x 2^32) = 55,703.74 sat -> 55,703 sat x 84,000 $/BTC = 46.79 $/PH/day.
  CHECK(s.economics.hashprice_usd_per_ph_day == Approx(55'703.0 * 84'000.0 / 1e8));
}

TEST_CASE("hostile TOML that toml++ 3.3 met with an assertion or undefined behaviour is a parse error", "[site]") {
  // core/toml.hpp: a table header starting with no key, and a non-ASCII letter where the
  // parser checks for whitespace (the Debian package reached __builtin_unreachable there).
  for (const char* text : {"[ =\n", "[[[1]]]\n", "n\xc3\xa9v = 1\n", "s = \"\"\"\\\n\xc2\xa7\"\"\"\n"})
    CHECK_THAT(error_of(text), Catch::StartsWith("site.toml"));
}

TEST_CASE("an unknown key is an error naming the nearest key", "[site]") {
  const std::string msg = error_of("[site]\ninterconect_mw = 10\n[[ai]]\nit_mw = 1\n");
  CHECK(msg == "site.toml:2: field 'interconect_mw': unknown key 'interconect_mw' in [site] (did you mean 'interconnect_mw'?)");
  CHECK_THAT(error_of("[site]\ninterconnect_mw = 10\n[[ai]]\nit_mw = 1\nfirn = true\n"),
             Catch::Contains("did you mean 'firm'?"));
  // Nothing close: no suggestion.
  CHECK_THAT(error_of("[site]\ninterconnect_mw = 10\nzzzzzzzz = 1\n"), !Catch::Contains("did you mean"));
}

TEST_CASE("negative capacities and missing keys are refused", "[site]") {
  CHECK(error_of("[site]\ninterconnect_mw = -5\n[[ai]]\nit_mw = 1\n") ==
        "site.toml:2: field 'interconnect_mw': must not be negative in [site], got -5.000000");
  CHECK_THAT(error_of("[site]\ninterconnect_mw = 5\n[[ai]]\nit_mw = -1\n"), Catch::Contains("field 'it_mw': must not be negative"));
  CHECK_THAT(error_of("[site]\n"), Catch::Contains("missing key 'interconnect_mw'"));
  CHECK_THAT(error_of("[site]\ninterconnect_mw = 5\n"), Catch::Contains("no [[mining]] class and no [[ai]] block"));
  CHECK_THAT(error_of("[site]\ninterconnect_mw = 5\n[economics]\nhashprice_usd_per_ph_day = 1\n[[mining]]\nunits = 1\nths_per_unit = 1\n"),
             Catch::Contains("missing key 'watts_per_unit'"));
}

TEST_CASE("edit distance", "[site]") {
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(nearest_key("pue_", {"pue", "it_mw"}) == "pue");
}
