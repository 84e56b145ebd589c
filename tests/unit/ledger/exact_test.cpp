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

TEST_CASE("products past 128 bits are refused, not wrapped", "[ledger][exact]") {
  u128 huge = ~static_cast<u128>(0) / 2;
  CHECK_THROWS_AS(mul(huge, 3), hs::Error);
  CHECK_THROWS_AS(split_largest_remainder(1000, {{"a", huge}, {"b", huge}}), hs::Error);
}
