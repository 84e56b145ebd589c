// put_decimal must write exactly what std::to_chars writes, and nothing past it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/decimal.hpp"

namespace {

// put_decimal's text; "!" appended if it wrote past its end (the buffer there is untouched).
std::string written(std::int64_t v) {
  char buf[24];
  std::fill(std::begin(buf), std::end(buf), 'x');
  char* e = hs::put_decimal(buf, v);
  const bool clean = std::all_of(e, std::end(buf), [](char c) { return c == 'x'; });
  return std::string(buf, e) + (clean ? "" : "!");
}

std::string reference(std::int64_t v) {
  char buf[24];
  auto r = std::to_chars(std::begin(buf), std::end(buf), v);
  return std::string(buf, r.ptr);
}

}  // namespace

TEST_CASE("put_decimal writes what std::to_chars writes", "[core][decimal]") {
  std::vector<std::int64_t> values;
  for (std::int64_t v = -1000; v <= 100000; ++v) values.push_back(v);
  // Every digit count, at its edges (10^k - 1, 10^k, 10^k + 1), of both signs.
  for (std::int64_t p = 1;; p *= 10) {  // 10^0 to 10^18
    for (std::int64_t v : {p - 1, p, p + 1}) {
      values.push_back(v);
      values.push_back(-v);
    }
    if (p > std::numeric_limits<std::int64_t>::max() / 10) break;
  }
  values.push_back(std::numeric_limits<std::int64_t>::max());
  values.push_back(std::numeric_limits<std::int64_t>::max() - 1);
  values.push_back(std::numeric_limits<std::int64_t>::min());
  values.push_back(std::numeric_limits<std::int64_t>::min() + 1);
  // Random values of every bit length.
  std::mt19937_64 rng(7);
  for (int k = 0; k < 200000; ++k) {
    const auto bits = static_cast<int>(rng() % 64);
    values.push_back(static_cast<std::int64_t>(rng() >> (63 - bits)) * (k % 2 ? -1 : 1));
  }
  std::size_t differ = 0;
  for (std::int64_t v : values) {
    const std::string got = written(v), want = reference(v);
    if (got != want && differ++ < 5) CHECK(got == want);
  }
  CHECK(differ == 0);
  CHECK(written(0) == "0");
  CHECK(written(-9223372036854775807 - 1) == "-9223372036854775808");
  CHECK(written(1000000000000000000) == "1000000000000000000");
}
