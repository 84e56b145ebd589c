// powerfeed's entsoe reader (--source entsoe) on one input file.
// fuzz-link: hs_market
#include "market_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  hs::fuzz::read_market_input(data, size, "entsoe");
  return 0;
}
