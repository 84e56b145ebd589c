#pragma once
// Options every allocate subcommand shares: the site file and the price stream.
#include <functional>
#include <optional>
#include <string>

#include "core/cli.hpp"
#include "dispatch/prices.hpp"
#include "dispatch/site.hpp"

namespace allocate {

struct InputOptions {
  std::string site;
  std::string input = "-";
  std::string node;
  std::optional<double> fx;
  bool allow_gaps = false;
};

void add_input_options(CLI::App& app, InputOptions& in);
// Loads the site and the prices; gaps allowed are reported with hs::warn.
hs::dispatch::PriceStream load_prices(const InputOptions& in, const hs::dispatch::Site& site);

// A subcommand and the work it does once the command line is parsed.
struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};
Command add_plan(CLI::App& app);
Command add_now(CLI::App& app);
Command add_split(CLI::App& app);

}  // namespace allocate
