#include <catch2/catch.hpp>

#include "dispatch/hashprice.hpp"

using namespace hs::dispatch;

TEST_CASE("block subsidy follows Bitcoin's halving rule in satoshis", "[hashprice]") {
  CHECK(block_subsidy_sats(0) == 5'000'000'000);
  CHECK(block_subsidy_sats(209'999) == 5'000'000'000);
  CHECK(block_subsidy_sats(210'000) == 2'500'000'000);
  CHECK(block_subsidy_sats(630'000) == 625'000'000);   // third halving, May 2020: 6.25 BTC
  CHECK(block_subsidy_sats(840'000) == 312'500'000);   // fourth halving, April 2024: 3.125 BTC
  CHECK(block_subsidy_sats(1'050'000) == 156'250'000);
  CHECK(block_subsidy_sats(32 * 210'000) == 1);        // 5e9 >> 32 = 1 satoshi
  CHECK(block_subsidy_sats(33 * 210'000) == 0);        // 5e9 >> 33 = 0
  CHECK(block_subsidy_sats(64 * 210'000) == 0);        // shifts of 64 or more are defined as 0
  CHECK_THROWS(block_subsidy_sats(-1));
}

TEST_CASE("hashprice from difficulty and reward", "[hashprice]") {
  // 1 PH/s for a day is 8.64e19 hashes; a block takes difficulty x 2^32 hashes on average.
  // difficulty 1e14, reward 312,500,000 sat: 8.64e19 x 3.125e8 / (1e14 x 4294967296)
  // = 2.7e28 / 4.294967296e23 = 62,864.27... -> 62,864 sat.
  CHECK(hashprice_sats_per_ph_day(1e14, 312'500'000) == 62'864);
  // At 100,000 USD/BTC: 62,864 sat = 0.00062864 BTC = 62.864 USD.
  CHECK(hashprice_usd_per_ph_day(1e14, 312'500'000, 100'000) == Approx(62.864));
  CHECK_THROWS(hashprice_sats_per_ph_day(0, 1));
}
