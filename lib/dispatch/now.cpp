#include "dispatch/now.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <numeric>

#include "dispatch/plan.hpp"

#include "core/error.hpp"
#include "core/io.hpp"

namespace hs::dispatch {

std::vector<Cell> setpoint_cells(UtcTime interval_start, const Setpoint& s) {
  return {interval_start, s.name, s.kind, Fixed{s.power_mw, 4}, s.kind == "mining" ? Cell{s.units} : Cell{}, s.mode,
          s.reason, s.data_age_s ? Cell{*s.data_age_s} : Cell{}, s.hashprice_age_s ? Cell{*s.hashprice_age_s} : Cell{},
          s.cap_pct ? Cell{Fixed{*s.cap_pct, 2}} : Cell{}};
}

NowPrice price_now(const Site& site, const std::vector<Interval>& rows, UtcTime at) {
  using std::chrono::minutes;
  NowPrice np;
  const Interval* newest = nullptr;  // the newest row starting at or before `at`
  for (const auto& r : rows) {
    if (r.start > at) break;
    newest = &r;
  }
  const UtcTime newest_end = newest ? newest->start + minutes(newest->minutes) : UtcTime{};
  if (newest && at < newest_end) {
    np.interval = *newest;  // a row covers the clock
    np.basis = "price";
    np.age_s = 0;
  } else {
    int len = newest ? newest->minutes : site.operations.interval_minutes;
    if (24 * 60 % len != 0) len = site.operations.interval_minutes;
    const auto since_midnight = at - std::chrono::floor<std::chrono::days>(at);
    np.interval.start = at - (since_midnight % minutes(len));
    np.interval.minutes = len;
    if (!newest) {
      np.basis = "missing";
    } else {
      np.age_s = std::chrono::duration_cast<std::chrono::seconds>(at - newest_end).count();
      np.basis = *np.age_s <= site.operations.max_price_age_minutes * 60 ? "price" : "stale";
      if (np.basis == "price") np.interval.price_per_mwh = newest->price_per_mwh;
    }
  }
  if (newest) np.newest_end = newest_end;
  const UtcTime end = np.interval.start + minutes(np.interval.minutes);
  for (const auto& r : rows) np.future_rows += r.start >= end ? 1 : 0;
  return np;
}

using nlohmann::json;

namespace {

// A whole number of type Int at j[key]. nlohmann's get<int>() converts a float by a cast,
// which is undefined behaviour out of range (a fuzzed "month": 2.4e88); the state file holds
// only what allocate wrote, whole numbers, so anything else is a corrupt file.
template <class Int>
Int whole(const json& j, const char* key, const std::string& path) {
  const json& v = j.at(key);
  if (v.is_number_unsigned() && v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<Int>::max()))
    return static_cast<Int>(v.get<std::uint64_t>());
  if (v.is_number_integer() && !v.is_number_unsigned()) {
    const auto x = v.get<std::int64_t>();
    if (x >= std::numeric_limits<Int>::min() && x <= std::numeric_limits<Int>::max()) return static_cast<Int>(x);
  }
  throw Error(exit_code::data, path + ": " + key + ": expected a whole number in range, got " + v.dump());
}

json to_json(const std::vector<Setpoint>& v) {
  json a = json::array();
  for (const auto& s : v)
    a.push_back({{"name", s.name}, {"kind", s.kind}, {"on", s.on}, {"units", s.units}, {"mode", s.mode},
                 {"power_mw", s.power_mw}, {"since", format_iso8601_utc(s.since)}});
  return a;
}

std::vector<Setpoint> from_json(const json& a, const std::string& path) {
  std::vector<Setpoint> v;
  for (const auto& e : a) {
    Setpoint s;
    s.name = e.at("name").get<std::string>();
    s.kind = e.at("kind").get<std::string>();
    s.on = e.at("on").get<bool>();
    s.units = whole<std::int64_t>(e, "units", path);
    s.mode = e.at("mode").get<std::string>();
    s.power_mw = e.at("power_mw").get<double>();
    s.since = parse_iso8601(e.at("since").get<std::string>(), Location{path, 0}, "since");
    v.push_back(std::move(s));
  }
  return v;
}

json memory_json(const Memory& m) {
  json j = json::object();
  if (!m.strikes.empty()) {
    json a = json::object();
    for (const auto& [name, c] : m.strikes) a[name] = {{"above", c.above}, {"below", c.below}, {"curtailed", c.curtailed}};
    j["strikes"] = a;
  }
  if (m.month) j["month"] = *m.month, j["month_peak_mw"] = m.month_peak_mw;
  if (!m.window_peak_mw.empty()) j["window_peak_mw"] = m.window_peak_mw;
  if (!m.soc_mwh.empty()) j["soc_mwh"] = m.soc_mwh;
  if (!m.flex.empty()) {
    json a = json::object();
    for (const auto& [name, f] : m.flex) {
      a[name] = {{"day", f.day}, {"hours", f.hours}, {"month", f.month}, {"events", f.events}, {"capped", f.capped}};
      if (f.announced) a[name]["announced"] = format_iso8601_utc(*f.announced);
    }
    j["flex"] = a;
  }
  if (!m.recent_draw_mw.empty()) {
    json a = json::array();
    for (const auto& [t, mw] : m.recent_draw_mw) a.push_back({format_iso8601_utc(t), mw});
    j["recent_draw_mw"] = a;
  }
  return j;
}

Memory memory_from(const json& j, const std::string& path) {
  Memory m;
  if (j.contains("strikes"))
    for (const auto& [name, c] : j.at("strikes").items())
      m.strikes[name] = {whole<int>(c, "above", path), whole<int>(c, "below", path), c.at("curtailed").get<bool>()};
  if (j.contains("month")) m.month = whole<int>(j, "month", path), m.month_peak_mw = j.at("month_peak_mw").get<double>();
  if (j.contains("window_peak_mw")) m.window_peak_mw = j.at("window_peak_mw").get<std::map<std::string, double>>();
  if (j.contains("soc_mwh")) m.soc_mwh = j.at("soc_mwh").get<std::map<std::string, double>>();
  if (j.contains("flex"))
    for (const auto& [name, f] : j.at("flex").items())
      m.flex[name] = {whole<int>(f, "day", path), f.at("hours").get<double>(), whole<int>(f, "month", path),
                      whole<int>(f, "events", path), f.at("capped").get<bool>(),
                      f.contains("announced") ? std::optional<UtcTime>(parse_iso8601(f.at("announced").get<std::string>(),
                                                                                     Location{path, 0}, "announced"))
                                              : std::nullopt};
  if (j.contains("recent_draw_mw"))
    for (const auto& e : j.at("recent_draw_mw"))
      m.recent_draw_mw.emplace_back(parse_iso8601(e.at(0).get<std::string>(), Location{path, 0}, "recent_draw_mw"),
                                    e.at(1).get<double>());
  return m;
}

const Setpoint* find(const std::vector<Setpoint>& v, const std::string& name) {
  for (const auto& s : v)
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace

NowState load_state(const std::string& path) {
  if (path.empty() || !std::filesystem::exists(path)) return {};
  return state_from_json(read_whole_file(path), path);
}

NowState state_from_json(const std::string& text, const std::string& path) {
  NowState st;
  try {
    const json j = json::parse(text);
    if (j.contains("interval_start"))
      st.interval_start = parse_iso8601(j.at("interval_start").get<std::string>(), Location{path, 0}, "interval_start");
    if (j.contains("failsafe_since"))
      st.failsafe_since = parse_iso8601(j.at("failsafe_since").get<std::string>(), Location{path, 0}, "failsafe_since");
    if (j.contains("failsafe_since_before"))
      st.failsafe_since_before =
          parse_iso8601(j.at("failsafe_since_before").get<std::string>(), Location{path, 0}, "failsafe_since_before");
    st.current = from_json(j.value("current", json::array()), path);
    st.previous = from_json(j.value("previous", json::array()), path);
    st.memory = memory_from(j.value("memory", json::object()), path);
    st.memory_before = memory_from(j.value("memory_before", json::object()), path);
  } catch (const json::exception& e) {
    throw Error(exit_code::data, path + ": not a state file allocate wrote (" + e.what() + ")");
  }
  return st;
}

std::string state_to_json(const NowState& st) {
  json j;
  if (st.interval_start) j["interval_start"] = format_iso8601_utc(*st.interval_start);
  if (st.failsafe_since) j["failsafe_since"] = format_iso8601_utc(*st.failsafe_since);
  if (st.failsafe_since_before) j["failsafe_since_before"] = format_iso8601_utc(*st.failsafe_since_before);
  j["current"] = to_json(st.current);
  j["previous"] = to_json(st.previous);
  // Written only when there is memory, so state files of sites without it stay as they were.
  if (!st.memory.empty()) j["memory"] = memory_json(st.memory);
  if (!st.memory_before.empty()) j["memory_before"] = memory_json(st.memory_before);
  return j.dump(2) + "\n";
}

std::vector<Setpoint> decide(const Site& site, const Interval& now, const std::vector<Setpoint>& before,
                             const NowOptions& opt, const std::map<std::string, StrikeCount>& strikes) {
  const double cost = now.price_per_mwh + site.grid.adder_usd_per_mwh;
  std::vector<Setpoint> out;
  double room = site.usable_mw();
  // AI first: firm blocks always; interruptible ones while they earn more than power costs.
  for (const auto& b : site.ai) {
    Setpoint s;
    s.name = b.name, s.kind = "ai";
    const Setpoint* prev = find(before, b.name);
    const bool was_on = prev ? prev->on : true;
    const double value = (b.revenue_usd_per_mwh + b.penalty_usd_per_mwh) / b.pue;  // per facility MWh
    s.on = b.firm || b.uptime > 0 || (was_on ? cost <= value + opt.hysteresis_usd_per_mwh
                                            : cost < value - opt.hysteresis_usd_per_mwh);
    if (b.firm || b.uptime > 0) s.reason = "firm";
    // What the hall draws (measured, else contracted), and the margin kept free above it; the
    // myopic rule never caps (a cap needs the rolling plan's look ahead: allocate now --horizon).
    s.power_mw = s.on ? std::min(b.draw_it_mw(now.start) * b.pue, std::max(0.0, room)) : 0.0;
    s.mode = s.on ? "on" : "off";
    s.since = (prev && prev->on == s.on) ? prev->since : now.start;
    if (b.flex.any()) s.cap_pct = 0.0;
    room -= s.power_mw + (s.on ? b.held_mw(now.start) : 0.0);
    out.push_back(s);
  }
  // Mining classes in order of break-even, best first, so the cheapest hashes get the room.
  std::vector<std::size_t> order(site.mining.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return site.break_even_per_mwh(a) > site.break_even_per_mwh(b); });
  std::vector<Setpoint> mining(site.mining.size());
  for (std::size_t k : order) {
    const auto& c = site.mining[k];
    Setpoint s;
    s.name = c.name, s.kind = "mining";
    const Setpoint* prev = find(before, c.name);
    const bool was_on = prev ? prev->on : true;
    // Best mode at this price: most profit per unit.
    std::size_t best = 0;
    double best_profit = -INFINITY;
    for (std::size_t m = 0; m < c.modes.size(); ++m) {
      const double profit = site.usd_per_unit_hour(k, m) - cost * c.mw_per_unit(m);
      if (profit > best_profit) best_profit = profit, best = m;
    }
    const double be = site.break_even_per_mwh(k, best);
    // Break-even is a node price (adders deducted), so compare it with the node price.
    const double price = now.price_per_mwh;
    bool on = was_on ? price <= be + opt.hysteresis_usd_per_mwh : price < be - opt.hysteresis_usd_per_mwh;
    const auto sc = strikes.find(c.name);
    const bool struck = c.strike && sc != strikes.end() && sc->second.curtailed;
    if (c.strike) on = !struck, s.reason = "strike";  // the fleet manager's rule replaces the break-even test
    // Minimum times override the price (not a strike's curtailment).
    if (prev) {
      const auto held = std::chrono::duration_cast<std::chrono::minutes>(now.start - prev->since).count();
      if (prev->on && !on && !struck && held < c.min_on_minutes) on = true, s.reason = "min-time";
      if (!prev->on && on && held < c.min_off_minutes) on = false, s.reason = "min-time";
    }
    std::int64_t units = 0;
    if (on) {
      const double per = c.mw_per_unit(best);
      units = std::min<std::int64_t>(c.units, static_cast<std::int64_t>(std::floor(std::max(0.0, room) / per + 1e-9)));
      // Ramp limit from the power in force before.
      if (c.ramp_mw_per_minute > 0 && prev) {
        const double lim = c.ramp_mw_per_minute * now.minutes;
        const double hi = prev->power_mw + lim, lo = std::max(0.0, prev->power_mw - lim);
        const std::int64_t wanted = units;
        units = std::min<std::int64_t>(units, static_cast<std::int64_t>(std::floor(hi / per + 1e-9)));
        units = std::max<std::int64_t>(units, std::min<std::int64_t>(c.units, static_cast<std::int64_t>(std::ceil(lo / per - 1e-9))));
        if (units != wanted) s.reason = "ramp";
      }
      if (units <= 0) on = false, units = 0;
    }
    s.on = on;
    s.units = units;
    s.mode = on ? c.modes[best].name : "off";
    s.power_mw = static_cast<double>(units) * c.mw_per_unit(best);
    // With no history the class is taken as on since ever (was_on above); a stop decided now
    // starts the minimum-off clock now, as it does in the plan perfect foresight is held to.
    s.since = prev ? (prev->on == s.on ? prev->since : now.start) : (s.on ? UtcTime{} : now.start);
    room -= s.power_mw;
    mining[k] = s;
  }
  for (auto& s : mining) out.push_back(std::move(s));
  return out;
}

std::pair<std::vector<Setpoint>, Memory> state_before(const NowState& st, UtcTime now) {
  if (st.interval_start && *st.interval_start == now) return {st.previous, st.memory_before};  // the same interval again
  // A state newer than `now` (a future interval decided, or the clock stepped back) does not
  // block the loop: its setpoints are what is in force.
  return {st.current, st.memory};
}

std::optional<UtcTime> failsafe_since_before(const NowState& st, UtcTime now) {
  if (st.interval_start && *st.interval_start == now) return st.failsafe_since_before;
  return st.failsafe_since;
}

namespace {

std::string future_state_warning(const NowState& st, UtcTime now) {
  if (!st.interval_start || *st.interval_start <= now) return "";
  return "the state file's last decision is for " + format_iso8601_utc(*st.interval_start) +
         ", after the interval decided now (" + format_iso8601_utc(now) +
         "): a future interval was decided once, or the clock stepped back; deciding from its setpoints "
         "(remove the state file to start afresh: minimum times and strike counts start again)";
}

}  // namespace

NowState failsafe_step(const Site& site, const Interval& now, const NowState& st, const std::string& reason) {
  NowState next;
  next.interval_start = now.start;
  next.warning = future_state_warning(st, now.start);
  auto [prev, mem] = state_before(st, now.start);
  next.previous = prev;
  next.memory_before = mem;
  next.memory = mem;  // strike counters wait for a price
  next.failsafe_since_before = failsafe_since_before(st, now.start);
  next.failsafe_since = next.failsafe_since_before.value_or(now.start);
  const bool hold_over =
      now.start - *next.failsafe_since >= std::chrono::minutes(site.operations.hold_max_minutes);
  double room = site.usable_mw();
  auto finish = [&](Setpoint& s, const Setpoint* p) {
    s.reason = reason;
    s.since = p && p->on == s.on ? p->since : now.start;
    room -= s.power_mw;
    next.current.push_back(s);
  };
  for (const auto& b : site.ai) {
    Setpoint s;
    s.name = b.name, s.kind = "ai";
    const Setpoint* p = find(prev, b.name);
    const bool on = b.failsafe == "on" || (b.failsafe == "hold" && !hold_over && p && p->on);
    s.on = on && room > 1e-9;
    s.power_mw = s.on ? std::min(b.facility_mw(), room) : 0.0;  // without a price: the contract, no measured headroom
    s.mode = s.on ? "on" : "off";
    if (b.flex.any()) s.cap_pct = 0.0;  // and no cap: a cap needs a reason
    finish(s, p);
  }
  for (std::size_t k = 0; k < site.mining.size(); ++k) {
    const auto& c = site.mining[k];
    Setpoint s;
    s.name = c.name, s.kind = "mining", s.mode = "off";
    const Setpoint* p = find(prev, c.name);
    std::optional<std::size_t> mode;
    std::int64_t units = c.units;
    if (c.failsafe == "on") mode = 0;
    for (std::size_t m = 0; m < c.modes.size(); ++m)
      if (c.modes[m].name == c.failsafe) mode = m;
    if (c.failsafe == "hold" && !hold_over && p && p->on) {
      for (std::size_t m = 0; m < c.modes.size(); ++m)
        if (c.modes[m].name == p->mode) mode = m;
      units = p->units;
    }
    if (mode) {
      const double per = c.mw_per_unit(*mode);
      units = std::min<std::int64_t>(units, static_cast<std::int64_t>(std::floor(std::max(0.0, room) / per + 1e-9)));
      if (units > 0) {
        s.on = true, s.units = units, s.mode = c.modes[*mode].name;
        s.power_mw = static_cast<double>(units) * per;
      }
    }
    finish(s, p);
  }
  for (const auto& b : site.storage) {
    Setpoint s;  // a battery idles without a price to act on
    s.name = b.name, s.kind = "storage", s.mode = "idle";
    finish(s, find(prev, b.name));
  }
  return next;
}

std::map<std::string, StrikeCount> step_strikes(const Site& site, const Interval& now,
                                                const std::map<std::string, StrikeCount>& before) {
  std::map<std::string, StrikeCount> out;
  for (const auto& c : site.mining) {
    if (!c.strike) continue;
    const auto it = before.find(c.name);
    out[c.name] = strike_step(*c.strike, it == before.end() ? StrikeCount{} : it->second, now.price_per_mwh);
  }
  return out;
}

void remember_draw(const Site& site, Memory& m, const Interval& now, double mw) {
  if (site.dr_events.empty()) return;
  m.recent_draw_mw.emplace_back(now.start, mw);
  const UtcTime keep = now.start + std::chrono::minutes(now.minutes) - std::chrono::minutes(site.dr_baseline_minutes);
  std::erase_if(m.recent_draw_mw, [&](const auto& d) { return d.first < keep; });
}

std::optional<double> dr_cap_now(const Site& site, const Interval& now, const Memory& m) {
  std::optional<double> cap;
  const auto window = std::chrono::minutes(site.dr_baseline_minutes);
  for (const auto& e : site.dr_events) {
    if (now.start < e.start || now.start >= e.end) continue;
    double sum = 0, n = 0;
    for (const auto& [t, mw] : m.recent_draw_mw)
      if (t >= e.start - window && t < e.start) sum += mw, n += 1;
    const double c = dr_cap(e, n > 0 ? sum / n : std::nan(""));
    if (!std::isnan(c) && (!cap || c < *cap)) cap = c;
  }
  return cap;
}

NowState step(const Site& site, const Interval& now, const NowState& st, const NowOptions& opt) {
  NowState next;
  next.interval_start = now.start;
  next.warning = future_state_warning(st, now.start);
  next.failsafe_since_before = failsafe_since_before(st, now.start);  // a price ends the fail-safe
  auto [prev, mem] = state_before(st, now.start);
  next.previous = std::move(prev);
  next.memory_before = mem;
  next.memory = mem;
  next.memory.strikes = step_strikes(site, now, mem.strikes);
  next.current = decide(site_at(site, now.start), now, next.previous, opt, next.memory.strikes);  // series at this interval
  if (!site.dr_events.empty()) {
    double total = site.aux_mw;
    for (const auto& s : next.current) total += s.power_mw;
    if (const auto cap = dr_cap_now(site, now, mem)) {
      // A DR event overrides the price: mining comes down, the worst break-even first, until
      // the site is under the cap (firm AI is not curtailed; a shortfall pays the penalty).
      std::vector<std::size_t> order;
      for (std::size_t i = 0; i < next.current.size(); ++i)
        if (next.current[i].kind == "mining" && next.current[i].on) order.push_back(i);
      auto be = [&](std::size_t i) {
        for (std::size_t k = 0; k < site.mining.size(); ++k)
          if (site.mining[k].name == next.current[i].name) return site.break_even_per_mwh(k);
        return 0.0;
      };
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return be(a) < be(b); });
      for (std::size_t i : order) {
        if (total <= *cap + 1e-9) break;
        Setpoint& s = next.current[i];
        const double per = s.power_mw / static_cast<double>(s.units);
        const auto drop = std::min<std::int64_t>(s.units, static_cast<std::int64_t>(std::ceil((total - *cap) / per - 1e-9)));
        s.units -= drop, s.power_mw = static_cast<double>(s.units) * per, total -= static_cast<double>(drop) * per;
        s.reason = "dr";
        if (s.units == 0) {
          s.on = false, s.mode = "off", s.power_mw = 0;
          const Setpoint* pr = nullptr;
          for (const auto& q : next.previous)
            if (q.name == s.name) pr = &q;
          s.since = pr && !pr->on ? pr->since : now.start;
        }
      }
    }
    remember_draw(site, next.memory, now, total);
  }
  return next;
}

}  // namespace hs::dispatch
