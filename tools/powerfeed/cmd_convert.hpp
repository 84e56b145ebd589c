#pragma once
#include "core/cli.hpp"
#include "options.hpp"

namespace powerfeed {

struct Convert {
  Common common;
  hs::OutputOptions out;
  std::string every;
  std::string incomplete = "flag";
  bool latest = false;
};
void add_convert_options(CLI::App& app, Convert& c);
int run_convert(const Convert& c);

struct Check {
  Common common;
  hs::OutputOptions out;
};
void add_check_options(CLI::App& app, Check& c);
int run_check(const Check& c);

struct StatsCmd {
  Common common;
  hs::OutputOptions out;
  std::optional<double> above;
};
void add_stats_options(CLI::App& app, StatsCmd& c);
int run_stats(const StatsCmd& c);

}  // namespace powerfeed
