#include "dispatch/forecast.hpp"

#include <algorithm>
#include <map>

#include "core/error.hpp"

namespace hs::dispatch {

namespace {
const Interval* containing(std::span<const Interval> v, UtcTime t) {
  auto it = std::upper_bound(v.begin(), v.end(), t, [](UtcTime x, const Interval& i) { return x < i.start; });
  if (it == v.begin()) return nullptr;
  --it;
  return t < it->start + std::chrono::minutes(it->minutes) ? &*it : nullptr;
}
}  // namespace

ForecastView::ForecastView(const PriceBook& book, UtcTime as_of) : as_of_(as_of) {
  const auto& a = book.actual.intervals;
  const auto ae = std::upper_bound(a.begin(), a.end(), as_of, [](UtcTime x, const Interval& i) { return x < i.start; });
  actual_ = std::span<const Interval>(a.data(), static_cast<std::size_t>(ae - a.begin()));
  const auto& v = book.vintages;
  const auto ve = std::upper_bound(v.begin(), v.end(), as_of, [](UtcTime x, const Vintage& i) { return x < i.published_at; });
  vintages_ = std::span<const Vintage>(v.data(), static_cast<std::size_t>(ve - v.begin()));
}

std::optional<Interval> ForecastView::current() const {
  if (actual_.empty() || actual_.back().start != as_of_) return std::nullopt;
  return actual_.back();
}

std::vector<Interval> ForecastView::horizon(std::chrono::minutes horizon, std::optional<UtcTime>* newest) const {
  std::vector<Interval> out;
  const auto cur = current();
  if (!cur) throw Error(exit_code::data, "no actual price for the interval at " + format_iso8601_utc(as_of_));
  out.push_back(*cur);
  if (newest) newest->reset();
  const auto step = std::chrono::minutes(cur->minutes);
  // The newest vintage covering an interval wins: search from the newest back.
  for (UtcTime s = cur->start + step; s < cur->start + horizon; s += step) {
    const Interval* hit = nullptr;
    for (std::size_t i = vintages_.size(); i-- > 0;) {
      if ((hit = containing(vintages_[i].intervals, s))) {
        if (newest && (!*newest || vintages_[i].published_at > **newest)) *newest = vintages_[i].published_at;
        break;
      }
    }
    if (!hit) break;
    out.push_back({s, cur->minutes, hit->price_per_mwh});
  }
  return out;
}

std::vector<Vintage> naive_forecast(const std::vector<Interval>& actual, const std::string& zone, int publish_minute) {
  using namespace std::chrono;
  auto local_day = [&](UtcTime t) {
    const auto lt = zone.empty() ? local_seconds(t.time_since_epoch()) : utc_to_local(t, zone);
    return floor<days>(lt);
  };
  std::map<local_days, Vintage> by_day;
  for (const auto& iv : actual) {
    const local_days d = local_day(iv.start);
    auto [it, fresh] = by_day.try_emplace(d);
    if (fresh) {
      const LocalTime pub_local = LocalTime(d - days(1)) + minutes(publish_minute);
      it->second.published_at = zone.empty() ? UtcTime(pub_local.time_since_epoch())
                                             : local_to_utc(pub_local, zone, false, Location{"naive forecast", 0}, "published_at");
    }
    const UtcTime pub = it->second.published_at;
    for (int k = 1; k <= 7; ++k) {
      const UtcTime src = iv.start - days(k);
      if (src + minutes(iv.minutes) > pub) continue;  // not known yet at publication
      if (const Interval* hit = containing(actual, src)) {
        it->second.intervals.push_back({iv.start, iv.minutes, hit->price_per_mwh});
        break;
      }
      break;  // the same time k days earlier is not in the stream: no value
    }
  }
  std::vector<Vintage> out;
  for (auto& [d, v] : by_day)
    if (!v.intervals.empty()) out.push_back(std::move(v));
  return out;
}

}  // namespace hs::dispatch
