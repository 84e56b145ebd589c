#pragma once
// Options every powerfeed command shares (inputs, source, filters, bad-row handling, URLs)
// and reading all inputs into one sorted series.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "market/price_row.hpp"
#include "market/series.hpp"

namespace powerfeed {

struct Common {
  std::vector<std::string> inputs;
  hs::market::ReadOptions read;
  std::vector<std::string> nodes;
  std::string node_type, market, from, to;
  std::string on_conflict = "error";
};

void add_common_options(CLI::App& app, Common& c);

struct Loaded {
  std::vector<hs::market::PriceRow> rows;
  std::vector<std::string> sources;
  std::uint64_t bad_rows = 0;
};
// Reads every input (filters applied while reading). Rows come back sorted, not deduplicated.
Loaded load(const Common& c);
hs::market::OnConflict conflict_rule(const Common& c);

}  // namespace powerfeed
