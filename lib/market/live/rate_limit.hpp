#pragma once
// A per-source request limit: at most N requests in any 60 s (a sliding window, so a short run
// goes at full speed and a long backfill settles at the documented rate). The clock and the
// sleep are injectable so the unit tests run without waiting.
#include <deque>
#include <functional>

namespace hs::market::live {

class RateLimiter {
 public:
  using Clock = std::function<double()>;       // seconds, monotonic
  using Sleep = std::function<void(double)>;   // seconds
  // min_spacing_s: also keep this long between two requests (CAISO OASIS: 5 s).
  explicit RateLimiter(int per_minute, Clock clock = {}, Sleep sleep = {}, double min_spacing_s = 0);
  // Blocks until one more request keeps the last 60 s within the limit; returns the wait (s).
  // A limit of 0 or less never waits.
  double acquire();
  int per_minute() const { return per_minute_; }

 private:
  int per_minute_;
  Clock clock_;
  Sleep sleep_;
  double spacing_;
  std::deque<double> sent_;
};

}  // namespace hs::market::live
