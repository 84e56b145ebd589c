#pragma once
// A price row of an ERCOT hub for the market tests: only what a test varies is an argument.
#include <cstdint>
#include <string>

#include "market/price_row.hpp"

namespace test {

inline hs::market::PriceRow hub_row(hs::UtcTime t, double price, int minutes = 15, std::string node = "HB_NORTH",
                                    std::uint32_t src = 0, std::uint64_t line = 0) {
  hs::market::PriceRow r;
  r.start = t;
  r.minutes = minutes;
  r.iso = "ERCOT";
  r.market = "rt";
  r.node = std::move(node);
  r.node_type = "HU";
  r.price = price;
  r.source = src;
  r.line = line;
  return r;
}

}  // namespace test
