#pragma once
// Opening one input (file, "-", or http(s) URL), unpacking zips and workbooks, detecting
// the format and running its parser.
#include <string>

#include "market/price_row.hpp"

namespace hs::market {

// Reads every price of one input into ctx.sink. Returns the number of bad rows reported.
std::uint64_t read_input(const std::string& input, ParseContext& ctx);

bool is_url(const std::string& s);

}  // namespace hs::market
