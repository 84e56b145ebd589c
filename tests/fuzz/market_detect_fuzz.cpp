// powerfeed's format detection on one input file: zip downloads, xlsx workbooks and every
// CSV layout, as `powerfeed FILE` reads a file without --source.
// fuzz-link: hs_market
#include "market_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  hs::fuzz::read_market_input(data, size, "");
  return 0;
}
