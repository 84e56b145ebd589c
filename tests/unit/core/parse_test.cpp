#include <catch2/catch.hpp>

#include "core/parse.hpp"

using hs::Location;

TEST_CASE("numbers parse strictly, with market padding allowed", "[parse]") {
  Location loc{"f.csv", 3};
  CHECK(hs::parse_double(" 23.45", loc, "p") == 23.45);  // ERCOT DAM pads prices
  CHECK(hs::parse_double("-1.5e2", loc, "p") == -150.0);
  CHECK(hs::parse_double("+7", loc, "p") == 7.0);
  CHECK(hs::parse_int64("-42", loc, "n") == -42);
  CHECK_FALSE(hs::try_parse_double("12abc"));
  CHECK_FALSE(hs::try_parse_double(""));
  CHECK_FALSE(hs::try_parse_double("nan"));
  CHECK_FALSE(hs::try_parse_int64("1.5"));
}

TEST_CASE("a bad number names file, line and field", "[parse]") {
  try {
    hs::parse_double("abc", {"prices.csv", 7}, "price_per_mwh");
    FAIL("no exception");
  } catch (const hs::Error& e) {
    CHECK(e.code() == 65);
    CHECK(std::string(e.what()) == "prices.csv:7: field 'price_per_mwh': expected a number, got \"abc\"");
  }
}

TEST_CASE("control characters are escaped in messages", "[parse]") {
  CHECK(hs::quote_for_message("a\nb\"c") == "\"a\\x0ab\\\"c\"");
}

TEST_CASE("doubles print shortest round-trip, money fixed", "[parse]") {
  CHECK(hs::format_double(0.1) == "0.1");
  CHECK(hs::format_double(-0.0) == "0");
  CHECK(hs::format_double(1989.05) == "1989.05");
  CHECK(hs::format_fixed(2.005, 2) == "2.00");  // 2.005 is 2.00499999... in binary
  CHECK(hs::format_fixed(-0.001, 2) == "0.00");
  CHECK(hs::format_fixed(1234.5, 2) == "1234.50");
}

TEST_CASE("booleans accept the spellings markets use", "[parse]") {
  Location loc;
  CHECK(hs::parse_bool("True", loc, "row_is_current"));
  CHECK_FALSE(hs::parse_bool("N", loc, "DSTFlag"));
  CHECK_THROWS_AS(hs::parse_bool("maybe", loc, "x"), hs::Error);
}
