#pragma once
// The market targets: one input file through powerfeed's reader (read_input), as
// `powerfeed FILE [--source S]` reads it, with every row accepted by the filter.
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "market/input.hpp"
#include "market/price_row.hpp"

namespace hs::fuzz {

// source: a --source name, or "" to detect the format (zips and workbooks included).
inline void read_market_input(const std::uint8_t* data, std::size_t size, const std::string& source,
                              const market::GenericOptions& generic = {}) {
  static ScratchFile file(".csv");
  const std::string& path = file.write(as_text(data, size));
  market::ReadOptions opts;
  opts.source = source;
  opts.generic = generic;
  market::Filter filter;
  std::uint64_t rows = 0;
  market::ParseContext ctx{opts, filter, [&](market::PriceRow&& r) { rows += r.minutes > 0; }, {}, 0};
  refuse_only_with_data_errors([&] { market::read_input(path, ctx); });
}

}  // namespace hs::fuzz
