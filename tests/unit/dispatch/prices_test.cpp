#include <catch2/catch.hpp>

#include <fstream>

#include "core/error.hpp"
#include "dispatch/prices.hpp"
#include "shared_data.hpp"

using namespace hs::dispatch;

namespace {
std::string data(const std::string& f) { return std::string(HS_TEST_DATA) + "/allocate/" + f; }
std::string error_of(const std::string& f, PriceOptions o = {}) {
  try {
    read_prices(data(f), o);
  } catch (const hs::Error& e) {
    CHECK(e.code() == 65);
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST_CASE("a real ERCOT day reads in order", "[prices]") {
  const auto ps = read_prices(hs::test::cut_data("ercot_dam_hb_houston_2025-04-11.csv"), {});
  REQUIRE(ps.intervals.size() == 24);
  CHECK(ps.node == "HB_HOUSTON");
  CHECK(ps.intervals[19].price_per_mwh == 91.41);  // HE 20 CDT, the evening peak
}

TEST_CASE("gaps, overlaps, currency and empty streams are refused", "[prices]") {
  CHECK_THAT(error_of("gap.csv"), Catch::Contains("gap in the price stream from 2025-04-11T07:00:00Z to 2025-04-11T08:00:00Z"));
  PriceOptions allow;
  allow.allow_gaps = true;
  const auto ps = read_prices(data("gap.csv"), allow);
  CHECK(ps.gaps == std::vector<std::string>{"2025-04-11T07:00:00Z..2025-04-11T08:00:00Z"});
  CHECK_THAT(error_of("overlap.csv", allow), Catch::Contains("intervals overlap"));
  CHECK_THAT(error_of("eur.csv"), Catch::Contains("prices are in EUR but the site is in USD; give the exchange rate with --fx"));
  PriceOptions fx;
  fx.fx = 1.1;
  CHECK(read_prices(data("eur.csv"), fx).intervals[0].price_per_mwh == Approx(50 * 1.1));
  CHECK_THAT(error_of("empty.csv"), Catch::Contains("no price records"));
}
