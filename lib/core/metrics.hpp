#pragma once
// Prometheus metrics of one run, for the node_exporter textfile collector: the cron commands
// (powerfeed fetch, allocate now, fleet apply and status, payout credit and pay) take
// --metrics FILE, set gauges as they go, and run_tool writes the file once the run ends,
// failed runs included (with the exit code), atomically, so the collector never reads half.
// Every figure is a gauge of the last run: a textfile holds no counter that survives runs.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/cli.hpp"

namespace hs::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

// Asks for the metrics of this run to be written to path (empty: none); command names the run
// in every sample's labels, with the tool: {tool="fleet",command="apply"}.
void enable(const std::string& path, std::string_view command);
bool enabled();

// Sets the sample of gauge family hybridsite_<name> with these labels (the family is declared
// by its first sample's help text); add() adds to it instead (0 when new).
void gauge(std::string_view name, std::string_view help, double value, const Labels& labels = {});
void add(std::string_view name, std::string_view help, double delta, const Labels& labels = {});

// The exposition text (format 0.0.4) of what was set, with the run's own samples:
// hybridsite_run_exit_code, hybridsite_run_timestamp_seconds and hybridsite_run_duration_seconds.
std::string exposition(int exit_code);

// Writes the file if enable() was called; run_tool calls it once the run has its exit code.
// A file that cannot be written is warned about, never changing the run's exit code.
void flush(int exit_code);

// --metrics FILE on a subcommand.
void add_option(CLI::App& app, std::string& path);

// Label values as the format wants them: \ " and newline escaped.
std::string escape_label(std::string_view v);

}  // namespace hs::metrics
