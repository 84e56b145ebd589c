// allocate replay: a backtest of rolling decisions over forecast vintages against the myopic
// rule and perfect foresight; replay_decision records, and a summary (stderr, or
// replay_summary records with --summary FILE).
#include <memory>

#include "common.hpp"
#include "core/parse.hpp"
#include "dispatch/replay_rows.hpp"
#include "dispatch/rolling.hpp"
#include "core/record_output.hpp"

namespace allocate {

namespace {

struct ReplayArgs {
  InputOptions in;
  hs::OutputOptions out;
  std::string horizon = "24h";
  std::vector<std::string> forecast;
  std::string naive;
  std::string summary;
  std::string dr_journal;
  double hysteresis = 2.0;
};

// "10:00" -> minutes after midnight.
int parse_clock(const std::string& s) {
  int h = -1, m = -1;
  char c = 0;
  if (std::sscanf(s.c_str(), "%d%c%d", &h, &c, &m) != 3 || c != ':' || h < 0 || h > 23 || m < 0 || m > 59 || s.size() != 5)
    throw hs::Error(hs::exit_code::usage, "--naive-forecast: expected a local time HH:MM, got '" + s + "'");
  return h * 60 + m;
}

void write_summary(const ReplayArgs& a, const hs::dispatch::Site& site, const std::vector<hs::dispatch::Interval>& iv,
                   const hs::dispatch::ReplayResult& r) {
  const double perfect = r.perfect_totals.margin();
  if (a.summary.empty()) {
    auto share = [&](double m) { return perfect > 0 ? " (" + hs::format_fixed(100 * m / perfect, 1) + "% of perfect)" : std::string(); };
    hs::note("replay: " + hs::format_fixed(r.rolling_totals.hours, 2) + " h, margin " + site.currency + " rolling " +
             hs::format_fixed(r.rolling_totals.margin(), 2) + share(r.rolling_totals.margin()) + ", myopic " +
             hs::format_fixed(r.myopic_totals.margin(), 2) + share(r.myopic_totals.margin()) + ", perfect foresight " +
             hs::format_fixed(perfect, 2));
    return;
  }
  hs::write_records(a.summary, a.out.fmt(), "replay_summary", [&](hs::RecordWriter& w) {
    for (const auto& row : hs::dispatch::replay_summary_rows(site, iv, r)) w.write(row.cells());
  });
}

}  // namespace

hs::Runner add_replay(CLI::App& sub) {
  auto a = std::make_shared<ReplayArgs>();
  add_input_options(sub, a->in);
  hs::add_output_options(sub, a->out);
  sub.add_option("--horizon", a->horizon, "Each decision re-plans over DURATION of forecast")->capture_default_str();
  sub.add_option("--forecast", a->forecast,
                 "Forecast price records (with published_at) in FILE, besides those in the input");
  sub.add_option("--naive-forecast", a->naive,
                 "Add the naive forecast published daily at local HH:MM (same time on the last day known)");
  sub.add_option("--summary", a->summary, "Write replay_summary records to FILE instead of a summary on stderr");
  sub.add_option("--dr-journal", a->dr_journal,
                 "Write dr_journal records of the rolling decisions (settled on their own draws) to FILE");
  sub.add_option("--hysteresis", a->hysteresis, "The myopic rule's price band around break-even, per MWh")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  auto run = [a]() -> int {
    namespace d = hs::dispatch;
    const d::Site site = load_site(a->in);
    d::ReplayOptions opt;
    opt.rolling.horizon = parse_horizon(a->horizon);
    opt.myopic.hysteresis_usd_per_mwh = a->hysteresis;
    std::vector<std::string> files{a->in.input};
    files.insert(files.end(), a->forecast.begin(), a->forecast.end());
    d::PriceBook book = load_price_book(a->in, site, files);
    if (!a->naive.empty()) {
      for (auto& v : d::naive_forecast(book.actual.intervals, site.timezone, parse_clock(a->naive)))
        book.vintages.push_back(std::move(v));
      std::stable_sort(book.vintages.begin(), book.vintages.end(),
                       [](const d::Vintage& x, const d::Vintage& y) { return x.published_at < y.published_at; });
    }
    const d::ReplayResult r = d::replay(site, book, opt);
    const auto& iv = book.actual.intervals;
    hs::write_records(a->out, "replay_decision", [&](hs::RecordWriter& w) {
      for (std::size_t t = 0; t < iv.size(); ++t) w.write(d::replay_decision_row(site, iv, r, t).cells());
      if (!a->dr_journal.empty()) write_dr_journal(a->dr_journal, a->out.fmt(), site, iv, r.rolling);
      write_summary(*a, site, iv, r);
    });
    return 0;
  };
  return run;
}

}  // namespace allocate
