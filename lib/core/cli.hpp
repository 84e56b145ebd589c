#pragma once
// What every tool's command line shares: --help, --version, -o/--output, --format, --quiet,
// error reporting as "tool: message" with a sysexits code, and progress only on a terminal.
#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/record.hpp"

namespace hs {

struct OutputOptions {
  std::string output = "-";
  std::string format = "csv";
  Format fmt() const;
};

// Name used as the prefix of every message ("powerfeed: ...").
void set_tool_name(std::string_view name);
const std::string& tool_name();

// Quiet mode: warnings and notes are not printed (errors always are).
void set_quiet(bool quiet);
bool is_quiet();

// --version, the help footer and the common --quiet flag on the top-level app.
void setup_app(CLI::App& app, std::string_view tool, std::string_view description);
// -o/--output FILE and --format csv|jsonl|table on app (a tool or one of its subcommands).
void add_output_options(CLI::App& app, OutputOptions& opts);

// Parses argv and runs body(), turning every failure into its message and exit code:
// CLI errors 64, hs::Error its own code, std::bad_alloc 71-like software error (70).
int run_tool(CLI::App& app, int argc, char** argv, const std::function<int()>& body);

void warn(std::string_view message);  // "tool: warning: message", unless quiet
void note(std::string_view message);  // "tool: message", unless quiet

// True when stderr is a terminal and not quiet: the only time progress is drawn.
bool show_progress();
// Draws "tool: message" over the previous progress line; a no-op unless show_progress().
void progress(std::string_view message);
void progress_done();  // clears the progress line

// SIGINT/SIGTERM set a flag instead of killing the process, so long runs can stop cleanly
// and report what they have, marked partial.
void install_interrupt_handler();
bool interrupted();

// The subcommand idiom every tool follows: each subcommand's cmd_<name>.cpp defines
// `Runner add_<name>(CLI::App& sub)`, which registers its options and returns the code that
// runs it; main adds them here and, once parsed, runs the chosen one.
using Runner = std::function<int()>;
class Subcommands {
 public:
  explicit Subcommands(CLI::App& app) : app_(app) {}
  // Adds subcommand `name`; returns it, for a tool that needs to look at it.
  CLI::App* add(const char* name, const char* description, Runner (*add_fn)(CLI::App&));
  // Runs the parsed subcommand. None parsed: the top-level command `fallback`, or without
  // one Error(64) "a subcommand is required".
  int run(const Runner& fallback = nullptr) const;

 private:
  CLI::App& app_;
  std::vector<std::pair<CLI::App*, Runner>> runners_;
};

// Parses "start:stop:step" as used by --sweep and --ai-mw; steps must be positive.
struct Range {
  double start = 0, stop = 0, step = 0;
  std::vector<double> values() const;
};
Range parse_range(std::string_view text, std::string_view option);

}  // namespace hs
