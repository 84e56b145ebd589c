#pragma once
// One normalized price as powerfeed carries it between reading and writing, and the context
// every format parser shares: where rows go, what the filters accept, how bad rows are handled.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"

namespace hs::market {

struct PriceRow {
  UtcTime start{};
  int minutes = 0;
  std::string iso;        // ERCOT, CAISO, PJM, ISONE, ENTSOE, GENERIC
  std::string market;     // rt or da
  std::string node;
  std::string node_type;  // part of the key (ERCOT LZ vs LZEW)
  double price = 0;
  std::string currency;
  std::uint32_t source = 0;  // index into the source names (file or URL)
  std::string origin;        // the source a price record names itself; empty: the input above
  std::uint64_t line = 0;    // where it was read, for conflict messages
  int version = 0;           // PJM version_nbr: the highest wins over lower ones
  bool complete = true;      // set by --every
};

// What the user asked to keep; applied while reading so large inputs stay small.
struct Filter {
  std::vector<std::string> nodes;  // shell patterns (fnmatch); empty = all
  std::string node_type;
  std::string market;
  bool has_from = false, has_to = false;
  UtcTime from{}, to{};
  bool accepts_node(std::string_view node, std::string_view node_type, std::string_view market) const;
  // Which patterns have no wildcards (compared as plain text); filled on first use.
  mutable std::vector<char> literal;
  // Fills `literal` now, before several reader threads share the filter.
  void prepare() const;
  bool accepts_time(UtcTime start) const;
};

// Options for the generic CSV reader and for formats that carry no node name.
struct GenericOptions {
  std::string time_column;
  std::string price_column;
  std::string node_column;
  std::string tz;        // zone for times without an offset
  std::string interval;  // "5m", "15m", "1h"
  std::string currency = "USD";
  std::string market = "rt";
};

struct ReadOptions {
  std::string source;  // forced format name; empty = detect
  GenericOptions generic;
  std::string node_name;  // node for formats without one (older ENTSO-E layout)
  bool keep_going = false;
  bool unsorted = false;  // --unsorted: hold each input whole and sort it, not a reorder window
  long timeout_s = 60;
  int retries = 4;
  std::string cache_dir;
};

// Handed to every parser: accepted rows go to sink; bad rows go through bad_row().
struct ParseContext {
  const ReadOptions& opts;
  const Filter& filter;
  std::function<void(PriceRow&&)> sink;
  std::string display;   // name in messages
  std::uint32_t source = 0;
  std::uint64_t bad_rows = 0;
  std::uint64_t emitted = 0;
  // Set for inputs that are not in time order (CAISO OASIS, --unsorted): the reader keeps the
  // whole input and sorts it at the end instead of streaming it through the reorder window.
  bool hold_all = false;

  void emit(PriceRow&& row);
  // With --keep-going: reports the data error on stderr and counts it; else rethrows.
  void bad_row(const hs::Error& e);
};

// Runs body for one row; a data error (exit 65) is handed to ctx.bad_row.
template <class F>
void guarded(ParseContext& ctx, F&& body) {
  try {
    body();
  } catch (const hs::Error& e) {
    if (e.code() != 65) throw;
    ctx.bad_row(e);
  }
}

}  // namespace hs::market
