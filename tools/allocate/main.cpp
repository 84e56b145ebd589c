// allocate: thin driver over lib/dispatch: plan, now, split and replay subcommands.

#include "common.hpp"
#include "dispatch/plan.hpp"
#include "dispatch/plan_rows.hpp"
#include "core/defaults.hpp"
#include "core/record_output.hpp"

namespace allocate {

void add_input_options(CLI::App& app, InputOptions& in, bool ai_draw) {
  if (ai_draw)
    app.add_option("--ai-draw", in.ai_draw,
                   "AI blocks' measured draw: ai_draw records (fleet status --ai); the headroom goes to mining")
        ->type_name("FILE");
  app.add_option("--site", in.site,
                 "Site description (TOML, see allocate(1)); default $HYBRIDSITE_SITE or site in the config file")
      ->type_name("FILE");
  app.add_option("-i,--input", in.input, "Price records (powerfeed output); - is stdin")->capture_default_str();
  app.add_option("--node", in.node, "Settlement point to use when the stream has several");
  app.add_option("--hashprice", in.hashprice,
                 "Hashprice records (powerfeed fetch bitcoind|mempool) in place of the site's [economics] hashprice")
      ->type_name("FILE");
  app.add_option("--fx", in.fx, "Exchange rate: site currency per unit of the prices' currency")
      ->check(CLI::PositiveNumber);
  app.add_flag("--allow-gaps", in.allow_gaps, "Plan around gaps in the price stream (reported) instead of refusing");
  app.add_option("--peak-threshold", in.peak_threshold,
                 "Flag intervals whose forecast load (the site's peak_forecast_file) reaches MW as 4CP candidates");
}

hs::dispatch::Site load_site(const InputOptions& in, bool warn_oversubscribed) {
  const std::string site_file = hs::require_file_option(in.site, "site");
  hs::dispatch::Site site = hs::dispatch::load_site(site_file, in.hashprice, in.allow_empty);
  if (!in.ai_draw.empty()) hs::dispatch::read_ai_draw(site, in.ai_draw);
  if (warn_oversubscribed)
    if (const auto why = hs::dispatch::oversubscription(site); !why.empty()) hs::warn(site_file + ": " + why);
  auto& g = site.grid;
  if (in.peak_threshold) {
    if (g.load_forecast.empty())
      throw hs::Error(hs::exit_code::usage, "--peak-threshold needs peak_forecast_file in the site's [grid]");
    g.peak_threshold_mw = *in.peak_threshold;
    hs::dispatch::flag_peaks(g, site.timezone);
  }
  if (!g.load_forecast.empty() && !g.peak_threshold_mw)
    throw hs::Error(hs::exit_code::usage, site_file + ": peak_forecast_file needs peak_threshold_mw in [grid] or --peak-threshold");
  return site;
}

hs::dispatch::PriceStream load_prices(const InputOptions& in, const hs::dispatch::Site& site, bool warn_gaps) {
  hs::dispatch::PriceOptions po;
  po.site_currency = site.currency;
  po.fx = in.fx;
  po.node = in.node;
  po.allow_gaps = in.allow_gaps;
  po.allow_empty = in.allow_empty;
  auto ps = hs::dispatch::read_prices(in.input, po);
  if (warn_gaps && !ps.gaps.empty()) {
    std::string list;
    for (std::size_t i = 0; i < ps.gaps.size() && i < 5; ++i) list += (i ? ", " : "") + ps.gaps[i];
    if (ps.gaps.size() > 5) list += ", ...";
    hs::warn(std::to_string(ps.gaps.size()) + " gap(s) in the price stream: " + list);
  }
  return ps;
}

hs::dispatch::PriceBook load_price_book(const InputOptions& in, const hs::dispatch::Site& site,
                                        const std::vector<std::string>& files) {
  hs::dispatch::PriceOptions po;
  po.site_currency = site.currency;
  po.fx = in.fx;
  po.node = in.node;
  po.allow_gaps = in.allow_gaps;
  po.allow_empty = in.allow_empty;
  return hs::dispatch::read_price_book(files, po);
}

void write_dr_journal(const std::string& path, hs::Format fmt, const hs::dispatch::Site& site,
                      const std::vector<hs::dispatch::Interval>& iv, const hs::dispatch::Plan& p) {
  hs::write_records(path, fmt, "dr_journal", [&](hs::RecordWriter& w) {
    for (const auto& r : hs::dispatch::dr_journal(site, iv, p)) w.write(hs::dispatch::dr_journal_cells(site, iv, r));
  });
}

std::chrono::minutes parse_horizon(const std::string& text) {
  const auto d = hs::try_parse_duration(text);
  if (!d || d->count() % 60 != 0 || *d > std::chrono::hours(24 * 31))
    throw hs::Error(hs::exit_code::usage, "--horizon: expected a duration in whole minutes up to 31d (24h, 90m), got '" + text + "'");
  return std::chrono::duration_cast<std::chrono::minutes>(*d);
}

}  // namespace allocate

int main(int argc, char** argv) {
  CLI::App app;
  hs::setup_app(app, "allocate",
                "Plan and dispatch a hybrid site's power between mining, AI/HPC and the grid (COIN-OR CLP/CBC).");
  app.require_subcommand(1);
  hs::Subcommands subs(app);
  subs.add("plan", "Optimise the whole horizon read from the price stream", allocate::add_plan);
  subs.add("now", "Decide the current interval and write setpoints (for cron)", allocate::add_now);
  subs.add("split", "Annual margin of candidate AI capacities, the rest mining", allocate::add_split);
  subs.add("replay", "Backtest rolling decisions over forecast vintages against the myopic rule and perfect foresight",
           allocate::add_replay);
  return hs::run_tool(app, argc, argv, [&] { return subs.run(); });
}
