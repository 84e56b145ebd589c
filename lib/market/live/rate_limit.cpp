#include "market/live/rate_limit.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

namespace hs::market::live {

RateLimiter::RateLimiter(int per_minute, Clock clock, Sleep sleep, double min_spacing_s)
    : per_minute_(per_minute), clock_(std::move(clock)), sleep_(std::move(sleep)), spacing_(min_spacing_s) {
  if (!clock_)
    clock_ = [] {
      return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    };
  if (!sleep_) sleep_ = [](double s) { std::this_thread::sleep_for(std::chrono::duration<double>(s)); };
}

double RateLimiter::acquire() {
  if (per_minute_ <= 0) return 0;
  constexpr double window = 60.0;
  double waited = 0;
  double now = clock_();
  while (!sent_.empty() && sent_.front() <= now - window) sent_.pop_front();
  if (static_cast<int>(sent_.size()) >= per_minute_) {
    // The oldest request in the window must age out before the next may go.
    double wait = sent_.front() + window - now;
    if (wait > 0) {
      sleep_(wait);
      waited = wait;
    }
    now = clock_();
    while (!sent_.empty() && sent_.front() <= now - window) sent_.pop_front();
    // A clock that did not move as far as asked (tests) still lets one go: drop the oldest.
    if (static_cast<int>(sent_.size()) >= per_minute_) sent_.pop_front();
  }
  if (spacing_ > 0 && !sent_.empty() && now < sent_.back() + spacing_) {
    double wait = sent_.back() + spacing_ - now;
    sleep_(wait);
    waited += wait;
    now = std::max(clock_(), sent_.back() + spacing_);
  }
  sent_.push_back(now);
  return waited;
}

}  // namespace hs::market::live
