// powerfeed's generic CSV reader: --source generic --time-column time --price-column price
// --node-column node --tz America/Chicago --interval 15m (local times and offsets both).
// fuzz-link: hs_market
#include "market_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const hs::market::GenericOptions generic = [] {
    hs::market::GenericOptions g;
    g.time_column = "time";
    g.price_column = "price";
    g.node_column = "node";
    g.tz = "America/Chicago";
    g.interval = "15m";
    return g;
  }();
  hs::fuzz::read_market_input(data, size, "generic", generic);
  return 0;
}
