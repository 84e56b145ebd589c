#pragma once
// Options every powerfeed command shares (inputs, source, filters, bad-row handling, URLs)
// and streaming all inputs, merged, into one time-ordered series.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "market/price_row.hpp"
#include "market/stream.hpp"

namespace powerfeed {

struct Common {
  std::vector<std::string> inputs;
  hs::market::ReadOptions read;
  std::vector<std::string> nodes;
  std::string node_type, market, from, to;
  std::string on_conflict = "error";
};

void add_common_options(CLI::App& app, Common& c);

// Reads every input (filters applied while reading) and hands the rows to out merged
// time-major (interval start, then series, then input), not deduplicated. PriceRow::source
// indexes c.inputs. Returns the number of bad rows reported (--keep-going).
std::uint64_t stream_inputs(const Common& c, const hs::market::RowSink& out);
hs::market::OnConflict conflict_rule(const Common& c);
// --from and --to as times (nullopt when not given); Error(64) for text that is not one.
std::optional<hs::UtcTime> window_from(const Common& c);
std::optional<hs::UtcTime> window_to(const Common& c);

}  // namespace powerfeed
