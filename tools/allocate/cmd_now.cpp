// allocate now: for cron. Decides the interval that holds the clock (or --at) from the previous
// decision (--state); without a fresh price for it, each class follows the site's fail-safe.
// Writes setpoint records atomically and then the new state atomically.
#include <algorithm>
#include <cmath>
#include <memory>

#include "common.hpp"
#include "core/io.hpp"
#include "core/parse.hpp"
#include "core/metrics.hpp"
#include "dispatch/now.hpp"
#include "dispatch/rolling.hpp"
#include "core/record_output.hpp"

namespace allocate {

namespace {
struct NowArgs {
  InputOptions in;
  hs::OutputOptions out;
  std::string state;
  double hysteresis = 2.0;
  std::string horizon;
  std::vector<std::string> forecast;
  std::string write_lp;
  std::string at;
  std::string metrics;
};

hs::UtcTime clock_or_at(const std::string& at) {
  if (at.empty()) return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const auto t = hs::try_parse_iso8601(at);
  if (!t) hs::throw_usage("--at: expected an ISO 8601 time with an offset (2026-12-07T12:05:00Z), got \"" + at + "\"");
  return *t;
}

std::string age_text(std::int64_t s) {
  return s >= 7200 ? std::to_string(s / 3600) + " h" : s >= 120 ? std::to_string(s / 60) + " min" : std::to_string(s) + " s";
}

// With a hashprice series (live records from powerfeed fetch bitcoind|mempool), the decision is
// taken at the newest row at or before the clock, which then stands for every interval decided.
// Its basis: fresh, hashprice-stale (over max_hashprice_age_minutes old) or hashprice-missing.
struct NowHashprice {
  std::string basis = "fresh";
  std::optional<std::int64_t> age_s;
  std::optional<hs::UtcTime> from;
};
NowHashprice fix_hashprice(hs::dispatch::Site& site, hs::UtcTime at) {
  NowHashprice h;
  auto& e = site.economics;
  if (e.hashprice_missing) h.basis = "hashprice-missing";
  if (e.hashprice_series.empty()) return h;
  const auto& f = e.hashprice_series.from;
  const auto it = std::upper_bound(f.begin(), f.end(), at);
  if (it == f.begin()) {
    h.basis = "hashprice-missing";
    return h;
  }
  const auto i = static_cast<std::size_t>(it - f.begin() - 1);
  h.from = f[i];
  h.age_s = std::chrono::duration_cast<std::chrono::seconds>(at - f[i]).count();
  if (*h.age_s > std::int64_t{site.operations.max_hashprice_age_minutes} * 60) h.basis = "hashprice-stale";
  e.hashprice_usd_per_ph_day = e.hashprice_series.value[i];
  e.hashprice_series = {};
  return h;
}
// Each AI block's newest reading at or before the clock stands for the interval (and a
// horizon); one older than max_ai_draw_age_minutes, or none, leaves the block at its contract,
// with a warning: headroom is given to mining only on a fresh measurement.
void fix_ai_draw(hs::dispatch::Site& site, hs::UtcTime at) {
  for (auto& b : site.ai) {
    auto& s = b.measured_it_mw;
    if (s.empty()) continue;
    const auto it = std::upper_bound(s.from.begin(), s.from.end(), at);
    const std::string src = s.source;
    if (it == s.from.begin()) {
      hs::warn(src + ": no ai_draw reading of block '" + b.name + "' at or before " + hs::format_iso8601_utc(at) +
               ": its contracted " + hs::format_double(b.it_mw) + " MW IT stands");
      s = {};
      continue;
    }
    const auto i = static_cast<std::size_t>(it - s.from.begin() - 1);
    const auto age = std::chrono::duration_cast<std::chrono::seconds>(at - s.from[i]).count();
    if (age > std::int64_t{site.operations.max_ai_draw_age_minutes} * 60) {
      hs::warn(src + ": the newest ai_draw reading of block '" + b.name + "' is " + age_text(age) + " old (the site allows " +
               std::to_string(site.operations.max_ai_draw_age_minutes) + " min): its contracted " +
               hs::format_double(b.it_mw) + " MW IT stands");
      s = {};
      continue;
    }
    s = hs::dispatch::StepSeries{src, {hs::UtcTime{}}, {s.value[i]}};
  }
}
}  // namespace

hs::Runner add_now(CLI::App& sub) {
  auto a = std::make_shared<NowArgs>();
  add_input_options(sub, a->in);
  hs::add_output_options(sub, a->out);
  sub.add_option("--state", a->state, "State file kept between runs (minimum times, hysteresis, fail-safe)");
  hs::metrics::add_option(sub, a->metrics);
  sub.add_option("--at", a->at, "Decide the interval holding TIME (ISO 8601) instead of the clock's")->type_name("TIME");
  sub.add_option("--hysteresis", a->hysteresis, "Price band around break-even, per MWh, before switching")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  sub.add_option("--horizon", a->horizon,
                 "Re-plan over DURATION (e.g. 24h) of the newest forecast known and commit the first interval");
  sub.add_option("--forecast", a->forecast,
                 "Forecast price records (with published_at) in FILE, besides those in the input");
  sub.add_option("--write-lp", a->write_lp,
                 "With --horizon: write the rolling window's model to FILE (.mps: MPS, otherwise LP format)");
  auto run = [a]() -> int {
    namespace d = hs::dispatch;
    hs::metrics::enable(a->metrics, "now");
    InputOptions in = a->in;
    in.allow_gaps = true;   // only the interval holding the clock matters here
    in.allow_empty = true;  // a failed fetch leaves nothing (prices, hashprice): the fail-safe acts
    d::Site site = load_site(in);
    const std::string hashprice_name = a->in.hashprice.empty() ? "the site's hashprice_file" : a->in.hashprice;
    if (a->horizon.empty() && (!a->forecast.empty() || !a->write_lp.empty()))
      throw hs::Error(hs::exit_code::usage,
                      std::string(a->forecast.empty() ? "--write-lp" : "--forecast") + " needs --horizon");
    const hs::UtcTime at = clock_or_at(a->at);
    const NowHashprice hp = fix_hashprice(site, at);
    fix_ai_draw(site, at);
    d::NowOptions opt;
    opt.hysteresis_usd_per_mwh = a->hysteresis;
    const d::NowState before = d::load_state(a->state);
    d::NowState after;
    d::NowPrice np;
    if (a->horizon.empty()) {
      const d::PriceStream ps = load_prices(in, site, false);
      np = d::price_now(site, ps.intervals, at);
      if (np.basis == "price" && hp.basis == "fresh") after = d::step(site, np.interval, before, opt);
    } else {
      // The interval holding the clock is decided, from what was published by its start; rows
      // after it are forecasts, whatever their source.
      d::RollingOptions ro;
      ro.horizon = parse_horizon(a->horizon);
      ro.plan.write_lp = a->write_lp;
      std::vector<std::string> files{in.input};
      files.insert(files.end(), a->forecast.begin(), a->forecast.end());
      d::PriceBook book = load_price_book(in, site, files);
      np = d::price_now(site, book.actual.intervals, at);
      if (np.basis == "price" && hp.basis == "fresh") {
        auto& rows = book.actual.intervals;
        std::erase_if(rows, [&](const d::Interval& r) { return r.start > np.interval.start; });
        if (rows.empty() || rows.back().start != np.interval.start) rows.push_back(np.interval);  // the newest price stands for it
        after = d::rolling_step(site, d::ForecastView(book, np.interval.start), before, ro).state;
        for (auto& s : after.current) s.reason = "forecast";
      }
    }
    if (np.future_rows > 0)
      hs::note(std::to_string(np.future_rows) + " price row(s) after the interval decided (" +
               hs::format_iso8601_utc(np.interval.start) + ") are forecasts for now, not decided");
    if (np.basis == "price" && hp.basis != "fresh") {
      after = d::failsafe_step(site, np.interval, before, hp.basis);
      hs::warn(hp.basis == "hashprice-missing"
                   ? "no hashprice at or before " + hs::format_iso8601_utc(at) + " in " + hashprice_name +
                         ": the fail-safe decides " + hs::format_iso8601_utc(np.interval.start)
                   : "the newest hashprice in " + hashprice_name + " is " + age_text(*hp.age_s) + " old (from " +
                         hs::format_iso8601_utc(*hp.from) + "; the site allows " +
                         std::to_string(site.operations.max_hashprice_age_minutes) + " min): the fail-safe decides " +
                         hs::format_iso8601_utc(np.interval.start));
    }
    if (np.basis != "price") {
      after = d::failsafe_step(site, np.interval, before, np.basis);
      hs::warn(np.basis == "missing"
                   ? "no price at or before " + hs::format_iso8601_utc(at) + " in " +
                         (in.input == "-" ? std::string("standard input") : in.input) +
                         ": the fail-safe decides " + hs::format_iso8601_utc(np.interval.start)
                   : "the newest price ended " + age_text(*np.age_s) + " before " + hs::format_iso8601_utc(at) +
                         " (at " + hs::format_iso8601_utc(*np.newest_end) + "; the site allows " +
                         std::to_string(site.operations.max_price_age_minutes) + " min): the fail-safe decides " +
                         hs::format_iso8601_utc(np.interval.start));
    }
    for (auto& s : after.current) s.data_age_s = np.age_s, s.hashprice_age_s = hp.age_s;
    // A cap the rolling plan announces (a clause's notice) is news for the tenant.
    for (const auto& [block, u] : after.memory.flex) {
      const auto was = before.memory.flex.find(block);
      if (u.announced && (was == before.memory.flex.end() || was->second.announced != u.announced))
        hs::note("AI block '" + block + "': a cap is announced for " + hs::format_iso8601_utc(*u.announced) +
                 " (its flexibility clause's notice); tell the tenant");
    }
    if (!after.warning.empty()) hs::warn(a->state + ": " + after.warning);
    const bool failsafe = !(np.basis == "price" && hp.basis == "fresh");
    {
      namespace m = hs::metrics;
      const m::Labels site_l{{"site", site.name}};
      m::gauge("decision_interval_start_timestamp_seconds", "Start of the interval the last run decided, Unix time.",
               static_cast<double>(np.interval.start.time_since_epoch().count()), site_l);
      m::gauge("decision_price_age_seconds", "Age of the price decided on (since its interval ended); NaN: none.",
               np.age_s ? static_cast<double>(*np.age_s) : std::nan(""), site_l);
      if (hp.age_s)
        m::gauge("decision_hashprice_age_seconds", "Age of the hashprice row decided on.", static_cast<double>(*hp.age_s), site_l);
      m::gauge("failsafe_active", "1 when the last decision came from the fail-safe (no fresh price or hashprice).",
               failsafe ? 1 : 0, site_l);
      for (const auto& s : after.current) {
        const m::Labels l{{"site", site.name}, {"class", s.name}, {"kind", s.kind}, {"reason", s.reason}};
        m::gauge("setpoint_mw", "Facility MW the last decision set per class, with why.", s.power_mw, l);
        if (s.cap_pct)
          m::gauge("setpoint_ai_cap_percent", "Percent of an AI block's draw the last decision caps (0: none).", *s.cap_pct,
                   {{"site", site.name}, {"class", s.name}});
        if (s.kind == "mining")
          m::gauge("setpoint_units_on", "Units the last decision runs per mining class.", static_cast<double>(s.units), l);
      }
    }
    for (const auto& [block, u] : after.memory.flex)
      hs::metrics::gauge("ai_cap_announced_timestamp_seconds",
                         "Start of the cap event announced to an AI block's tenant, Unix time; NaN: none.",
                         u.announced ? static_cast<double>(u.announced->time_since_epoch().count()) : std::nan(""),
                         {{"site", site.name}, {"class", block}});
    hs::write_records(a->out, "setpoint", [&](hs::RecordWriter& w) {
      for (const auto& s : after.current) w.write(d::setpoint_cells(np.interval.start, s));
    });
    if (!a->state.empty()) hs::write_file_atomically(a->state, d::state_to_json(after));
    return failsafe ? hs::exit_code::failsafe : 0;
  };
  return run;
}

}  // namespace allocate
