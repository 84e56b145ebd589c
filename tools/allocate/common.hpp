#pragma once
// Options every allocate subcommand shares: the site file and the price stream.
#include <chrono>
#include <vector>
#include <optional>
#include <string>

#include "core/cli.hpp"
#include "dispatch/plan.hpp"
#include "dispatch/prices.hpp"
#include "dispatch/site.hpp"

namespace allocate {

struct InputOptions {
  std::string site;
  std::string input = "-";
  std::string node;
  std::string hashprice;  // --hashprice FILE: hashprice records in place of the site's
  std::optional<double> fx;
  bool allow_gaps = false;
  bool allow_empty = false;  // now: no records at all (a failed fetch) is missing data, not an error
  std::optional<double> peak_threshold;
  std::string ai_draw;  // --ai-draw FILE: ai_draw records (fleet status --ai), the AI blocks' measured draw
};

// ai_draw: whether the subcommand takes --ai-draw (split sizes a hall not yet built: no draw to measure).
void add_input_options(CLI::App& app, InputOptions& in, bool ai_draw = true);
// Loads the site file, with --peak-threshold applied to its load forecast.
// The site file, with --peak-threshold applied; warns when the site is over-subscribed (not for
// split, which sizes mining to fit each candidate).
hs::dispatch::Site load_site(const InputOptions& in, bool warn_oversubscribed = true);
// Loads the site and the prices; gaps allowed are reported with hs::warn (unless warn_gaps is
// false: now, which decides one interval).
hs::dispatch::PriceStream load_prices(const InputOptions& in, const hs::dispatch::Site& site, bool warn_gaps = true);

// Price records and forecast vintages from the input and further files.
hs::dispatch::PriceBook load_price_book(const InputOptions& in, const hs::dispatch::Site& site,
                                        const std::vector<std::string>& files);
// A horizon like 24h or 90m (whole minutes, at most 31 days); a bad one is a usage error.
std::chrono::minutes parse_horizon(const std::string& text);

// Writes dr_journal records of a plan to path (nothing when the site has no DR events).
void write_dr_journal(const std::string& path, hs::Format fmt, const hs::dispatch::Site& site,
                      const std::vector<hs::dispatch::Interval>& iv, const hs::dispatch::Plan& p);

// The subcommands (hs::Subcommands, core/cli.hpp): each registers its options on the
// subcommand main.cpp adds and returns the code that runs it.
hs::Runner add_plan(CLI::App& sub);
hs::Runner add_now(CLI::App& sub);
hs::Runner add_split(CLI::App& sub);
hs::Runner add_replay(CLI::App& sub);

}  // namespace allocate
