// Exact arithmetic: decimal parsing into 10^-8 units and the largest remainder split.
#include <catch2/catch.hpp>

#include <random>

#include "core/error.hpp"
#include "ledger/exact.hpp"

using namespace hs::ledger;

TEST_CASE("decimals are read exactly in 10^-8 units", "[ledger][exact]") {
  CHECK(parse_scaled("65536") == u128{6553600000000});
  CHECK(parse_scaled("0.5") == u128{50000000});
  CHECK(parse_scaled(" 1.5E+3 ") == u128{150000000000});
  CHECK(parse_scaled("1e-8") == u128{1});
  CHECK(parse_scaled("0.000000019") == u128{1});  // ninth decimal truncated
  CHECK(parse_scaled("1e-9") == u128{0});         // truncates to zero: callers refuse it
  // A realistic network difficulty (about 1.2e14) fits with room to spare.
  CHECK(parse_scaled("121658450774825.5") == static_cast<u128>(12165845077482550ull) * 1000000u);
  CHECK_FALSE(parse_scaled("-1"));
  CHECK_FALSE(parse_scaled("abc"));
  CHECK_FALSE(parse_scaled("nan"));
  CHECK_FALSE(parse_scaled("1e"));
  CHECK_FALSE(parse_scaled("1e200"));
  CHECK(format_scaled(*parse_scaled("0.25")) == "0.25");
  CHECK(format_scaled(*parse_scaled("12")) == "12");
}

TEST_CASE("100 sats over three equal parties: 34/33/33, the extra satoshi to the first name", "[ledger][exact]") {
  // Exact share 33.33..., floors 33+33+33 = 99, one satoshi left; remainders tie (1 each of 3),
  // so the tie-break (ascending name) gives it to "alice" wherever she stands in the input.
  auto parts = split_largest_remainder(100, {{"carol", 1}, {"alice", 1}, {"bob", 1}});
  CHECK(parts == std::vector<std::int64_t>{33, 34, 33});
}

TEST_CASE("the largest remainder wins before the tie-break", "[ledger][exact]") {
  // 10 sats over weights 1, 2, 4 (W = 7): exact 1.43, 2.86, 5.71 -> floors 1, 2, 5 = 8;
  // remainders 3/7, 6/7, 5/7: the two left go to "z" (6/7) and "y" (5/7), not to "a".
  auto parts = split_largest_remainder(10, {{"a", 1}, {"z", 2}, {"y", 4}});
  CHECK(parts == std::vector<std::int64_t>{1, 3, 6});
}

TEST_CASE("every part is the floor or the ceiling of its exact value and the parts sum to the total",
          "[ledger][exact]") {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 300; ++round) {
    std::int64_t total = static_cast<std::int64_t>(rng() % 5'000'000'000ull);
    std::vector<Party> parties;
    u128 w = 0;
    auto n = 1 + rng() % 40;
    for (std::size_t i = 0; i < n; ++i) {
      u128 weight = (static_cast<u128>(rng() % 1'000'000) * 100'000'000u) + rng() % 7;
      parties.push_back({"p" + std::to_string(i), weight});
      w += weight;
    }
    if (w == 0) continue;
    auto parts = split_largest_remainder(total, parties);
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
      u128 exact_floor = static_cast<u128>(total) * parties[i].weight / w;
      CHECK((static_cast<u128>(parts[i]) == exact_floor || static_cast<u128>(parts[i]) == exact_floor + 1));
      sum += parts[i];
    }
    CHECK(sum == total);
  }
}

TEST_CASE("products past 128 bits are refused, not wrapped; a split holds them in 256 bits", "[ledger][exact]") {
  u128 huge = ~static_cast<u128>(0) / 2;
  CHECK_THROWS_AS(mul(huge, 3), hs::Error);
  // total * weight passes 2^128 here: 256-bit intermediates give the exact halves.
  CHECK(split_largest_remainder(1000, {{"a", huge}, {"b", huge}}) == std::vector<std::int64_t>{500, 500});
  CHECK(split_largest_remainder(1001, {{"b", huge}, {"a", huge}}) == std::vector<std::int64_t>{500, 501});
}

TEST_CASE("mul_div: floor(a * b / c) and the remainder over a 256-bit product", "[ledger][exact]") {
  const u128 max = ~static_cast<u128>(0);
  auto big = [](const char* digits) {
    u128 v = 0;
    for (const char* p = digits; *p; ++p) v = v * 10 + static_cast<unsigned>(*p - '0');
    return v;
  };
  auto check = [](u128 a, u128 b, u128 c, u128 q, u128 r) {
    const auto got = mul_div(a, b, c);
    REQUIRE(got);
    CHECK(to_string(got->quot) == to_string(q));
    CHECK(to_string(got->rem) == to_string(r));
  };
  check(max, max, max, max, 0);
  check(static_cast<u128>(1) << 127, 6, 4, static_cast<u128>(3) << 126, 0);
  // Checked with Python's integers: a = 2^127 + 12345678901234567890, b = 21e14 sats,
  // c = 2^126 + 99 -> 4200000000000000 rem 25925925692592592153200000000000000.
  check((static_cast<u128>(1) << 127) + 12345678901234567890u, 2100000000000000, (static_cast<u128>(1) << 126) + 99,
        4200000000000000, big("25925925692592592153200000000000000"));
  // a = 2^128 - 1, b = 1999999999999999, c = 2^100 + 7 (c above 2^64, the quotient too).
  check(max, 1999999999999999, (static_cast<u128>(1) << 100) + 7, big("536870911999999731564543"),
        big("1267646842131843401498582253576"));
  // Quotients past 128 bits are refused: (2^127 * 6) / 3 = 2^128.
  CHECK_FALSE(mul_div(static_cast<u128>(1) << 127, 6, 3));
}
