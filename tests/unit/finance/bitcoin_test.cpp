// Subsidy by Bitcoin's consensus rule (GetBlockSubsidy: 50 BTC >> (height / 210000)).
#include <catch2/catch.hpp>

#include "finance/bitcoin.hpp"

using namespace hs::finance;

TEST_CASE("block subsidy halves every 210,000 blocks, in satoshis", "[finance][bitcoin]") {
  CHECK(block_subsidy_sats(0) == 5'000'000'000);
  CHECK(block_subsidy_sats(209'999) == 5'000'000'000);
  CHECK(block_subsidy_sats(210'000) == 2'500'000'000);
  CHECK(block_subsidy_sats(839'999) == 625'000'000);   // 6.25 BTC before the 2024 halving
  CHECK(block_subsidy_sats(840'000) == 312'500'000);   // 3.125 BTC after it
  CHECK(block_subsidy_sats(1'050'000) == 156'250'000); // 1.5625 BTC, the 2028 halving
  // 5e9 >> 32 = 1 sat (5e9 / 2^32 = 1.16); >> 33 = 0: integer shifts, not division of doubles.
  CHECK(block_subsidy_sats(32 * 210'000) == 1);
  CHECK(block_subsidy_sats(33 * 210'000) == 0);
  CHECK(block_subsidy_sats(64 * 210'000) == 0);
}

TEST_CASE("subsidy sums split exactly at a halving", "[finance][bitcoin]") {
  // 10 blocks at 6.25 BTC then 4454 at 3.125: 10*625,000,000 + 4454*312,500,000 = 1,398,125,000,000.
  CHECK(subsidy_sum_sats(839'990, 4464) == 1'398'125'000'000);
  CHECK(subsidy_sum_sats(0, 0) == 0);
}
