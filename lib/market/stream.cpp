#include "market/stream.hpp"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>

#include <date/date.h>

#include "core/parse.hpp"

namespace hs::market {

namespace {

bool series_less(const PriceRow& a, const PriceRow& b) { return series_tie(a) < series_tie(b); }

std::string place(const PriceRow& r, const std::vector<std::string>& sources) {
  std::string s = r.source < sources.size() ? sources[r.source] : "?";
  return r.line ? s + ":" + std::to_string(r.line) : s;
}

auto series_key(const PriceRow& r) { return std::make_tuple(r.node, r.node_type, r.iso, r.market, r.minutes); }

// The local market day holding t: its start and end as UTC instants and its date text.
struct LocalDay {
  UtcTime start, end;
  std::string date;
};

LocalDay local_day(UtcTime t, const std::string& zone) {
  auto lt = utc_to_local(t, zone);
  auto day = std::chrono::floor<date::days>(lt);
  date::year_month_day ymd{date::sys_days{day.time_since_epoch()}};
  auto next = day + date::days{1};
  Location none{};
  // Midnight exists in every zone powerfeed knows (transitions are at 01:00-03:00 local).
  return {local_to_utc(LocalTime{day.time_since_epoch()}, zone, false, none, "day"),
          local_to_utc(LocalTime{next.time_since_epoch()}, zone, false, none, "day"), date::format("%F", ymd)};
}

// The longest output interval: a 25-hour fall-back day.
constexpr std::chrono::seconds longest_day{25 * 3600};

}  // namespace

bool time_major_less(const PriceRow& a, const PriceRow& b) {
  if (a.start != b.start) return a.start < b.start;
  return series_less(a, b);
}

// ---- HeldRows ----------------------------------------------------------------------------

void HeldRows::add(PriceRow&& r) {
  if (!last_ || r.start != last_start_) {
    last_ = &by_start_[r.start];
    last_start_ = r.start;
  }
  last_->push_back(std::move(r));
  ++count_;
}

void HeldRows::release(std::map<UtcTime, std::vector<PriceRow>>::iterator end, const RowSink& out) {
  if (end == by_start_.begin()) return;
  last_ = nullptr;
  for (auto it = by_start_.begin(); it != end;) {
    auto& v = it->second;
    // Markets publish the nodes of an interval in name order, so this is mostly a check.
    if (!std::is_sorted(v.begin(), v.end(), series_less)) std::stable_sort(v.begin(), v.end(), series_less);
    count_ -= v.size();
    for (auto& r : v) out(std::move(r));
    it = by_start_.erase(it);
  }
}

void HeldRows::release_before(UtcTime t, const RowSink& out) { release(by_start_.lower_bound(t), out); }

void HeldRows::release_all(const RowSink& out) { release(by_start_.end(), out); }

// ---- ReorderWindow -----------------------------------------------------------------------

ReorderWindow::ReorderWindow(const std::string& name, std::chrono::seconds lag, RowSink out)
    : name_(name), lag_(lag), out_(std::move(out)) {}

void ReorderWindow::push(PriceRow&& r, bool hold_all) {
  if (r.start < released_) {
    auto minutes = std::to_string(lag_.count() / 60);
    throw_data_error(Location{name_, r.line}, {},
                     "not in time order: an interval starting " + format_iso8601_utc(r.start) +
                         " comes after one starting " + format_iso8601_utc(newest_) + ", more than " + minutes +
                         " minutes later (read such an input with --unsorted)");
  }
  const UtcTime start = r.start;
  held_.add(std::move(r));
  peak_ = std::max(peak_, held_.size());
  if (hold_all) return;
  if (!any_ || start > newest_) {
    any_ = true;
    newest_ = start;
    if (newest_ - lag_ > released_) {
      released_ = newest_ - lag_;
      held_.release_before(released_, out_);
    }
  }
}

void ReorderWindow::finish() { held_.release_all(out_); }

// ---- merge_inputs ------------------------------------------------------------------------

namespace {

// Rows travel between threads in batches, a few batches per input at most.
constexpr std::size_t batch_rows = 2048;
constexpr std::size_t queue_batches = 4;

struct Cancelled {};

struct Channel {
  std::mutex m;
  std::condition_variable can_put, can_get;
  std::deque<std::vector<PriceRow>> batches;
  bool done = false, cancelled = false;
  std::exception_ptr error;

  void put(std::vector<PriceRow>&& b) {
    std::unique_lock lock(m);
    can_put.wait(lock, [&] { return batches.size() < queue_batches || cancelled; });
    if (cancelled) throw Cancelled{};
    batches.push_back(std::move(b));
    can_get.notify_one();
  }
  // False at the end of the input; rethrows the producer's error.
  bool get(std::vector<PriceRow>& b) {
    std::unique_lock lock(m);
    can_get.wait(lock, [&] { return !batches.empty() || done; });
    if (!batches.empty()) {
      b = std::move(batches.front());
      batches.pop_front();
      can_put.notify_one();
      return true;
    }
    if (error) std::rethrow_exception(error);
    return false;
  }
};

// Joins the producer threads however the merge ends; a merge that stops early cancels them.
struct Threads {
  std::vector<std::unique_ptr<Channel>>& channels;
  std::vector<std::thread> threads;
  ~Threads() {
    for (auto& c : channels) {
      std::lock_guard lock(c->m);
      c->cancelled = true;
      c->can_put.notify_all();
    }
    for (auto& t : threads) t.join();
  }
};

}  // namespace

void merge_inputs(const std::vector<Producer>& producers, const RowSink& out) {
  if (producers.empty()) return;
  if (producers.size() == 1) return producers[0](out);
  std::vector<std::unique_ptr<Channel>> channels;
  for (std::size_t i = 0; i < producers.size(); ++i) channels.push_back(std::make_unique<Channel>());
  Threads threads{channels, {}};
  for (std::size_t i = 0; i < producers.size(); ++i) {
    threads.threads.emplace_back([&producer = producers[i], &ch = *channels[i]] {
      try {
        std::vector<PriceRow> batch;
        batch.reserve(batch_rows);
        producer([&](PriceRow&& r) {
          batch.push_back(std::move(r));
          if (batch.size() == batch_rows) {
            ch.put(std::move(batch));
            batch = {};
            batch.reserve(batch_rows);
          }
        });
        if (!batch.empty()) ch.put(std::move(batch));
      } catch (const Cancelled&) {
      } catch (...) {
        std::lock_guard lock(ch.m);
        ch.error = std::current_exception();
      }
      std::lock_guard lock(ch.m);
      ch.done = true;
      ch.can_get.notify_all();
    });
  }
  struct Head {
    std::vector<PriceRow> batch;
    std::size_t pos = 0;
    bool live = true;
  };
  std::vector<Head> heads(producers.size());
  auto refill = [&](std::size_t i) {
    auto& h = heads[i];
    h.pos = 0;
    h.batch.clear();
    while (h.live && h.batch.empty()) h.live = channels[i]->get(h.batch);
  };
  for (std::size_t i = 0; i < heads.size(); ++i) refill(i);
  for (;;) {
    // A handful of inputs: the smallest head is found by a scan; ties go to the earlier input.
    std::size_t best = heads.size();
    for (std::size_t i = 0; i < heads.size(); ++i) {
      if (!heads[i].live) continue;
      if (best == heads.size() || time_major_less(heads[i].batch[heads[i].pos], heads[best].batch[heads[best].pos]))
        best = i;
    }
    if (best == heads.size()) break;
    auto& h = heads[best];
    out(std::move(h.batch[h.pos]));
    if (++h.pos == h.batch.size()) refill(best);
  }
}

// ---- Dedup -------------------------------------------------------------------------------

Dedup::Dedup(OnConflict rule, const std::vector<std::string>& sources, RowSink out)
    : rule_(rule), sources_(sources), out_(std::move(out)) {}

void Dedup::push(PriceRow&& r) {
  if (!group_.empty() && (r.start != group_.front().start || series_tie(r) != series_tie(group_.front()))) flush();
  group_.push_back(std::move(r));
}

void Dedup::finish() { flush(); }

void Dedup::flush() {
  const std::size_t n = group_.size();
  if (n == 0) return;
  std::size_t pick = 0;
  if (n > 1) {
    // The highest version wins over lower ones (PJM corrections).
    int best_version = group_[0].version;
    for (const auto& r : group_) best_version = std::max(best_version, r.version);
    pick = n;
    for (std::size_t k = 0; k < n; ++k) {
      const auto& r = group_[k];
      if (r.version != best_version) continue;
      if (pick == n) {
        pick = k;
      } else if (r.price != group_[pick].price) {
        if (rule_ == OnConflict::error)
          throw Error(exit_code::data, "conflicting prices for " + r.node +
                                           (r.node_type.empty() ? "" : " (" + r.node_type + ")") + " at " +
                                           format_iso8601_utc(r.start) + ": " + format_double(group_[pick].price) +
                                           " at " + place(group_[pick], sources_) + " and " +
                                           format_double(r.price) + " at " + place(r, sources_) +
                                           " (choose with --on-conflict first|last)");
        if (rule_ == OnConflict::last) pick = k;
      }
    }
    dropped_ += n - 1;
  }
  out_(std::move(group_[pick]));
  group_.clear();
}

// ---- Resampler ---------------------------------------------------------------------------

std::string market_zone(const std::string& iso, const std::string& generic_tz) {
  if (iso == "ERCOT") return "America/Chicago";
  if (iso == "PJM" || iso == "ISONE") return "America/New_York";
  if (iso == "CAISO") return "America/Los_Angeles";
  if (iso == "ENTSOE") return "Europe/Brussels";
  return generic_tz.empty() ? "UTC" : generic_tz;
}

Resampler::Resampler(long every_s, bool drop_incomplete, std::string generic_tz, RowSink out)
    : every_s_(every_s), drop_(drop_incomplete), tz_(std::move(generic_tz)), out_(std::move(out)) {}

void Resampler::close(Open& o) {
  o.open = false;
  long len = static_cast<long>((o.end - o.start).count());
  bool complete = o.covered >= len;
  if (!complete && drop_) {
    ++dropped_;
    return;
  }
  PriceRow r = o.tmpl;
  r.start = o.start;
  r.minutes = static_cast<int>(len / 60);
  r.price = o.weighted / static_cast<double>(o.covered);
  r.complete = complete;
  r.line = 0;
  done_.add(std::move(r));
}

// Rows start at t or later from now on: buckets ending by t are finished, and finished buckets
// starting a longest bucket before t cannot be preceded by any still to come.
void Resampler::advance(UtcTime t) {
  if (t <= now_) return;
  now_ = t;
  if (now_ >= next_end_) {
    next_end_ = UtcTime::max();
    for (auto& [key, o] : series_) {
      if (o.open && o.end <= now_) close(o);
      if (o.open) next_end_ = std::min(next_end_, o.end);
    }
  }
  const std::chrono::seconds longest = every_s_ == 86400 ? longest_day : std::chrono::seconds{every_s_};
  done_.release_before(now_ - longest, out_);
}

void Resampler::push(PriceRow&& r) {
  advance(r.start);
  auto it = series_.find(series_tie(r));
  if (it == series_.end()) it = series_.emplace(series_key(r), Open{}).first;
  Open& o = it->second;
  if (o.zone.empty()) o.zone = market_zone(r.iso, tz_);
  UtcTime s = r.start, e = s + std::chrono::minutes(r.minutes);
  while (s < e) {
    UtcTime bs, be;
    if (every_s_ == 86400) {
      auto d = local_day(s, o.zone);
      bs = d.start, be = d.end;
    } else {
      auto secs = s.time_since_epoch().count();
      bs = UtcTime{std::chrono::seconds{secs - ((secs % every_s_) + every_s_) % every_s_}};
      be = bs + std::chrono::seconds{every_s_};
    }
    if (o.open && o.start != bs) close(o);
    if (!o.open) {
      o.open = true;
      o.tmpl = r;
      o.start = bs, o.end = be;
      o.weighted = 0, o.covered = 0;
      next_end_ = std::min(next_end_, be);
    }
    UtcTime pe = std::min(e, be);
    long part = static_cast<long>((pe - s).count());
    o.weighted += r.price * static_cast<double>(part);
    o.covered += part;
    s = pe;
  }
}

void Resampler::finish() {
  for (auto& [key, o] : series_)
    if (o.open) close(o);
  done_.release_all(out_);
}

// ---- Latest ------------------------------------------------------------------------------

void Latest::push(PriceRow&& r) {
  auto it = last_.find(series_tie(r));
  if (it == last_.end()) last_.emplace(series_key(r), std::move(r));
  else if (r.start >= it->second.start) it->second = std::move(r);
}

void Latest::finish() {
  std::vector<PriceRow> rows;
  for (auto& [key, r] : last_) rows.push_back(std::move(r));
  last_.clear();
  std::stable_sort(rows.begin(), rows.end(), time_major_less);
  for (auto& r : rows) out_(std::move(r));
}

// ---- DayChecker --------------------------------------------------------------------------

DayChecker::DayChecker(std::string generic_tz, std::function<void(DayCheck&&)> out, std::optional<UtcTime> from,
                       std::optional<UtcTime> to)
    : tz_(std::move(generic_tz)), out_(std::move(out)), from_(from), to_(to) {}

void DayChecker::missing_days(Open& o, UtcTime a, UtcTime b) {
  const auto step = std::chrono::minutes(o.key.minutes);
  for (auto day = local_day(a, o.zone); day.start < b; day = local_day(day.end, o.zone)) {
    if (day.start < a || day.end > b) continue;  // a day partly outside [a, b) is not wholly missing
    DayCheck d;
    d.key = o.key;
    d.day_start = day.start, d.day_end = day.end, d.local_date = day.date;
    d.expected = static_cast<long>((day.end - day.start) / step);
    for (UtcTime t = day.start; t < day.end; t += step) d.gaps.push_back(t);
    ++o.missing_by_month[day.date.substr(0, 7)];
    done_[d.day_start].push_back(std::move(d));
  }
}

std::vector<std::string> DayChecker::missing_summary() const {
  std::vector<std::string> out;
  for (const auto& [key, o] : series_) {
    if (o.missing_by_month.empty()) continue;
    int days = 0;
    std::string months;
    for (const auto& [ym, n] : o.missing_by_month) {
      days += n;
      const int y = std::stoi(ym.substr(0, 4));
      const unsigned m = static_cast<unsigned>(std::stoi(ym.substr(5, 2)));
      const auto last = date::year_month_day_last{date::year{y}, date::month_day_last{date::month{m}}};
      if (n == static_cast<int>(static_cast<unsigned>(last.day()))) months += (months.empty() ? "" : ", ") + ym;
    }
    const auto& k = o.key;
    out.push_back(k.node + (k.node_type.empty() ? "" : " " + k.node_type) + " " + k.iso + " " + k.market + ": " +
                  std::to_string(days) + " whole day" + (days == 1 ? "" : "s") + " without data" +
                  (months.empty() ? "" : " (the months " + months + " entirely)"));
  }
  return out;
}

void DayChecker::close(Open& o) {
  o.open = false;
  o.any = true;
  o.last_end = o.day.day_end;
  auto& d = o.day;
  d.found = static_cast<long>(o.seen.size());
  const auto step = std::chrono::minutes(d.key.minutes);
  std::size_t k = 0;
  for (UtcTime t = d.day_start; t < d.day_end; t += step) {
    while (k < o.seen.size() && o.seen[k] < t) ++k;
    if (k == o.seen.size() || o.seen[k] != t) d.gaps.push_back(t);
  }
  done_[d.day_start].push_back(std::move(d));
}

void DayChecker::advance(UtcTime t) {
  if (t <= now_) return;
  now_ = t;
  if (now_ >= next_end_) {
    next_end_ = UtcTime::max();
    for (auto& [key, o] : series_) {
      if (o.open && o.day.day_end <= now_) close(o);
      if (o.open) next_end_ = std::min(next_end_, o.day.day_end);
    }
  }
  // Days still open end after now, so they start after now minus the longest day.
  auto end = done_.lower_bound(now_ - longest_day);
  for (auto it = done_.begin(); it != end; it = done_.erase(it)) {
    std::stable_sort(it->second.begin(), it->second.end(),
                     [](const DayCheck& a, const DayCheck& b) { return series_less(a.key, b.key); });
    for (auto& d : it->second) out_(std::move(d));
  }
}

void DayChecker::push(PriceRow&& r) {
  advance(r.start);
  auto it = series_.find(series_tie(r));
  if (it == series_.end()) it = series_.emplace(series_key(r), Open{}).first;
  Open& o = it->second;
  if (o.open && r.start >= o.day.day_end) close(o);
  if (!o.open) {
    const std::string zone = market_zone(r.iso, tz_);
    auto day = local_day(r.start, zone);
    o.zone = zone;
    o.key = r;
    o.day = DayCheck{};
    // Days without a row before this one: since the series' last day, or from the window's start.
    if (o.any) missing_days(o, o.last_end, day.start);
    else if (from_) missing_days(o, *from_, day.start);
    o.seen.clear();
    o.open = true;
    o.day.key = r;
    o.day.day_start = day.start, o.day.day_end = day.end;
    o.day.local_date = day.date;
    o.day.expected = static_cast<long>((day.end - day.start) / std::chrono::minutes(r.minutes));
    next_end_ = std::min(next_end_, day.end);
  }
  if (!o.seen.empty() && o.seen.back() == r.start) ++o.day.duplicates;
  else o.seen.push_back(r.start);
}

void DayChecker::finish() {
  for (auto& [key, o] : series_) {
    if (o.open) close(o);
    if (to_ && o.any) missing_days(o, o.last_end, *to_);
  }
  now_ = UtcTime::max();
  next_end_ = UtcTime::min();
  for (auto& [start, days] : done_) {
    std::stable_sort(days.begin(), days.end(),
                     [](const DayCheck& a, const DayCheck& b) { return series_less(a.key, b.key); });
    for (auto& d : days) out_(std::move(d));
  }
  done_.clear();
}

// ---- StatsCollector ----------------------------------------------------------------------

void StatsCollector::push(PriceRow&& r) {
  auto key = std::tie(r.node, r.node_type, r.iso, r.market);
  auto it = nodes_.find(key);
  if (it == nodes_.end()) {
    it = nodes_.emplace(std::make_tuple(r.node, r.node_type, r.iso, r.market), Acc{}).first;
    it->second.key = r;
    it->second.first = it->second.last = r.start;
  }
  Acc& a = it->second;
  a.prices.push_back(r.price);
  a.weighted += r.price * r.minutes;
  a.minutes += r.minutes;
  if (r.price < 0) ++a.negative;
  if (above_ && r.price > *above_) a.hours_above += r.minutes / 60.0;
  a.first = std::min(a.first, r.start);
  a.last = std::max(a.last, r.start);
}

std::vector<Stats> StatsCollector::finish() {
  std::vector<Stats> out;
  for (auto& [key, a] : nodes_) {
    auto& prices = a.prices;
    std::sort(prices.begin(), prices.end());
    Stats s;
    s.key = a.key;
    s.first = a.first, s.last = a.last;
    s.count = static_cast<long>(prices.size());
    s.mean = a.weighted / a.minutes;
    s.min = prices.front();
    s.max = prices.back();
    // Nearest rank: the smallest value with at least p% of the values at or below it.
    auto pct = [&](double p) {
      auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(prices.size())));
      return prices[std::clamp<std::size_t>(rank, 1, prices.size()) - 1];
    };
    s.p5 = pct(5), s.p50 = pct(50), s.p95 = pct(95), s.p99 = pct(99);
    s.negative_share = static_cast<double>(a.negative) / static_cast<double>(s.count);
    if (above_) s.hours_above = a.hours_above;
    out.push_back(std::move(s));
  }
  nodes_.clear();
  return out;
}

}  // namespace hs::market
