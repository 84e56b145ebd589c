// allocate now: for cron. Decides the latest interval in the stream from the previous decision
// (--state), writes setpoint records atomically and then the new state atomically.
#include <algorithm>
#include <memory>

#include "common.hpp"
#include "core/io.hpp"
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
};
}  // namespace

hs::Runner add_now(CLI::App& sub) {
  auto a = std::make_shared<NowArgs>();
  add_input_options(sub, a->in);
  hs::add_output_options(sub, a->out);
  sub.add_option("--state", a->state, "State file kept between runs (minimum times, hysteresis)");
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
    const d::Site site = load_site(a->in);
    InputOptions in = a->in;
    in.allow_gaps = true;  // only the latest interval matters here
    if (a->horizon.empty() && (!a->forecast.empty() || !a->write_lp.empty()))
      throw hs::Error(hs::exit_code::usage,
                      std::string(a->forecast.empty() ? "--write-lp" : "--forecast") + " needs --horizon");
    d::NowOptions opt;
    opt.hysteresis_usd_per_mwh = a->hysteresis;
    d::NowState after;
    d::Interval now;
    if (a->horizon.empty()) {
      const d::PriceStream ps = load_prices(in, site);
      now = ps.intervals.back();
      after = d::step(site, now, d::load_state(a->state), opt);
    } else {
      // The latest actual interval is decided, from what was published by its start.
      d::RollingOptions ro;
      ro.horizon = parse_horizon(a->horizon);
      ro.plan.write_lp = a->write_lp;
      std::vector<std::string> files{in.input};
      files.insert(files.end(), a->forecast.begin(), a->forecast.end());
      const d::PriceBook book = load_price_book(in, site, files);
      now = book.actual.intervals.back();
      after = d::rolling_step(site, d::ForecastView(book, now.start), d::load_state(a->state), ro).state;
    }
    hs::write_records(a->out, "setpoint", [&](hs::RecordWriter& w) {
      for (const auto& s : after.current) w.write(d::setpoint_cells(now.start, s));
    });
    if (!a->state.empty()) hs::write_file_atomically(a->state, d::state_to_json(after));
    return 0;
  };
  return run;
}

}  // namespace allocate
