#pragma once
// What is known at a decision time: actual prices of intervals that have started and forecast
// vintages published at or before it. A ForecastView holds only those (spans over the prefix
// of the book's actual prices and of its vintages in publication order), so code handed a view
// cannot reach a later vintage: no look-ahead by construction.
#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dispatch/prices.hpp"

namespace hs::dispatch {

class ForecastView {
 public:
  // The view of `book` at `as_of`. The book must outlive the view.
  ForecastView(const PriceBook& book, UtcTime as_of);

  UtcTime as_of() const { return as_of_; }
  // The actual interval starting at as_of (the one being decided; its price is taken as
  // known, as allocate now does); nullopt when the stream has none there.
  std::optional<Interval> current() const;
  // The current interval, then for each later interval of the same length up to `horizon`
  // from its start, the price of the newest vintage covering it; it ends at the first interval
  // no vintage covers. `newest` gets the publication time of the newest vintage used.
  std::vector<Interval> horizon(std::chrono::minutes horizon, std::optional<UtcTime>* newest = nullptr) const;
  std::size_t vintages_known() const { return vintages_.size(); }

 private:
  UtcTime as_of_;
  std::span<const Interval> actual_;   // intervals starting at or before as_of
  std::span<const Vintage> vintages_;  // published at or before as_of
};

// A documented naive forecast from the actual prices alone, for replays without forecast
// records: for each local day D (in `zone`, UTC when empty) one vintage published at
// `publish_minute` minutes after local midnight of D-1, giving each interval of D the actual
// price of the same UTC time k days earlier for the smallest k >= 1 whose interval had ended
// by the publication (so k = 1 for local times before the publication hour, else 2).
std::vector<Vintage> naive_forecast(const std::vector<Interval>& actual, const std::string& zone, int publish_minute);

}  // namespace hs::dispatch
