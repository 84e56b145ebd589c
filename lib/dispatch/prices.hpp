#pragma once
// The price stream allocate plans over: powerfeed's `price` records, one node, in time order,
// each interval starting where the previous one ended (gaps refused unless allowed).
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace hs::dispatch {

struct Interval {
  UtcTime start;
  int minutes = 0;
  double price_per_mwh = 0;  // in the site's currency
  double hours() const { return minutes / 60.0; }
};

struct PriceOptions {
  std::string site_currency = "USD";
  std::optional<double> fx;   // site currency per unit of the price currency
  std::string node;           // required when the stream carries several nodes
  bool allow_gaps = false;
  bool allow_empty = false;   // an input with no records at all is an empty stream, not an error
                              // (allocate now); records, none of them for the node, still are
};

struct PriceStream {
  std::vector<Interval> intervals;
  std::string node;
  std::vector<std::string> gaps;  // "start..end" of each gap found (with allow_gaps)
  std::size_t rows_read = 0;      // records read, of every node and kind
};

// Reads price records from path ("-" = stdin). Errors: empty stream, overlaps, gaps (unless
// allowed), several nodes without a choice, a foreign currency without an exchange rate: 65.
// Forecast rows (with published_at) are not prices that happened and are left out.
PriceStream read_prices(const std::string& path, const PriceOptions& opt);

// One forecast vintage: the intervals one publication covers, in time order.
struct Vintage {
  UtcTime published_at;
  std::vector<Interval> intervals;
};

// Actual prices and forecast vintages together, as allocate now --horizon and replay read them.
struct PriceBook {
  PriceStream actual;            // rows without published_at, checked like read_prices
  std::vector<Vintage> vintages;  // by publication time, ascending
};

// Reads price records from each path (the first may be "-"); rows with published_at are
// forecasts, grouped into vintages by publication time. A vintage repeating an interval is
// refused (65). No actual price at all is an error as in read_prices.
PriceBook read_price_book(const std::vector<std::string>& paths, const PriceOptions& opt);

// Checks order and continuity of intervals already read (used by read_prices and tests).
void check_continuity(PriceStream& ps, bool allow_gaps, const std::string& source);

}  // namespace hs::dispatch
