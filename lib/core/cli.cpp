#include "core/cli.hpp"
#include "core/metrics.hpp"

#include <unistd.h>

#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "core/error.hpp"
#include "core/parse.hpp"

namespace hs {
namespace {
std::string g_tool = "hybridsite";
bool g_quiet = false;
bool g_progress_drawn = false;
std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int) { g_interrupted.store(true); }
}  // namespace

Format OutputOptions::fmt() const {
  auto f = parse_format(format);
  if (!f) throw_usage("--format: expected csv, jsonl or table, got \"" + format + "\"");
  return *f;
}

void set_tool_name(std::string_view name) { g_tool = name; }
const std::string& tool_name() { return g_tool; }
void set_quiet(bool quiet) { g_quiet = quiet; }
bool is_quiet() { return g_quiet; }

void setup_app(CLI::App& app, std::string_view tool, std::string_view description) {
  set_tool_name(tool);
  app.description(std::string(description));
  app.name(std::string(tool));
  app.set_version_flag("--version", std::string(tool) + " (hybridsite) " HS_VERSION);
  app.add_flag_callback("-q,--quiet", [] { set_quiet(true); }, "Print no warnings or notes, only errors");
  // --quiet (and any other top-level option) is accepted after a subcommand too:
  // "payout credit --quiet" is how cron lines get written.
  app.fallthrough();
  app.footer("See " + std::string(tool) + "(1) for details and hybridsite-records(5) for the record formats.");
  app.option_defaults()->always_capture_default();
}

void add_output_options(CLI::App& app, OutputOptions& opts) {
  app.add_option("-o,--output", opts.output,
                 "Write to FILE (atomically: a temporary file renamed into place); - is stdout")
      ->type_name("FILE");
  app.add_option("--format", opts.format, "Output format")
      ->check(CLI::IsMember({"csv", "jsonl", "table"}))
      ->type_name("FORMAT");
}

namespace {

// Options of a subcommand given before its name (allocate --site s.toml -i p.csv split ...):
// moved after the name, as if written there, so that a subcommand's options, like the tool's
// own (which CLI11 takes after the subcommand too), go before or after it alike. A token the
// tool itself knows stays where it is, with its value.
std::vector<std::string> subcommand_options_after(CLI::App& app, int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const auto subs = app.get_subcommands([](CLI::App*) { return true; });
  std::size_t at = args.size();
  CLI::App* sub = nullptr;
  for (std::size_t i = 0; i < args.size() && !sub; ++i) {
    if (args[i] == "--") break;
    for (auto* s : subs)
      if (args[i] == s->get_name()) sub = s, at = i;
  }
  if (!sub || at == 0) return args;
  auto takes_value = [](const CLI::Option* o, const std::string& token) {
    return o->get_type_size_max() > 0 && token.find('=') == std::string::npos;
  };
  std::vector<std::string> kept, moved;
  for (std::size_t i = 0; i < at; ++i) {
    const std::string& t = args[i];
    const std::string name = t.substr(0, t.find('='));
    if (t.size() < 2 || t[0] != '-') {
      kept.push_back(t);
      continue;
    }
    if (const CLI::Option* own = app.get_option_no_throw(name)) {
      kept.push_back(t);
      if (takes_value(own, t) && i + 1 < at) kept.push_back(args[++i]);
    } else if (const CLI::Option* theirs = sub->get_option_no_throw(name)) {
      moved.push_back(t);
      if (takes_value(theirs, t) && i + 1 < at) moved.push_back(args[++i]);
    } else {
      kept.push_back(t);  // unknown to both: CLI11 reports it
    }
  }
  if (moved.empty()) return args;
  std::vector<std::string> out = kept;
  out.push_back(args[at]);
  out.insert(out.end(), moved.begin(), moved.end());
  out.insert(out.end(), args.begin() + static_cast<std::ptrdiff_t>(at) + 1, args.end());
  return out;
}

}  // namespace

namespace {

// A repeatable option takes one value each time it is given (--node A --node B), never the
// words after it: `powerfeed --node HB_HOUSTON file.csv` reads file.csv, and `leasecalc lease
// --set k=v scenario.toml` reads scenario.toml, as their man pages show.
void one_value_per_option(CLI::App& app) {
  for (CLI::Option* o : app.get_options())
    if (o->nonpositional() && o->get_items_expected_max() > 1) o->allow_extra_args(false);
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) one_value_per_option(*sub);
}

}  // namespace

int run_tool(CLI::App& app, int argc, char** argv, const std::function<int()>& body) {
  one_value_per_option(app);
  try {
    std::vector<std::string> args = subcommand_options_after(app, argc, argv);
    std::vector<char*> ptrs{argv[0]};
    for (auto& a : args) ptrs.push_back(a.data());
    app.parse(static_cast<int>(ptrs.size()), ptrs.data());
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << tool_name() << ": " << e.what() << "\n"
              << "Try '" << tool_name() << " --help' for more information.\n";
    return exit_code::usage;
  }
  int code = exit_code::software;
  try {
    code = body();
  } catch (const Error& e) {
    progress_done();
    std::cerr << tool_name() << ": " << e.what() << "\n";
    code = e.code();
  } catch (const CLI::Error& e) {  // validation done after parsing
    progress_done();
    std::cerr << tool_name() << ": " << e.what() << "\n";
    code = exit_code::usage;
  } catch (const std::bad_alloc&) {
    progress_done();
    std::cerr << tool_name() << ": out of memory\n";
    code = exit_code::software;
  } catch (const std::exception& e) {
    progress_done();
    std::cerr << tool_name() << ": internal error: " << e.what() << "\n";
    code = exit_code::software;
  }
  metrics::flush(code);  // --metrics: the run's figures and exit code, failed runs too
  return code;
}

void warn(std::string_view message) {
  if (g_quiet) return;
  progress_done();
  std::cerr << g_tool << ": warning: " << message << "\n";
}

void note(std::string_view message) {
  if (g_quiet) return;
  progress_done();
  std::cerr << g_tool << ": " << message << "\n";
}

bool show_progress() { return !g_quiet && ::isatty(STDERR_FILENO) == 1; }

void progress(std::string_view message) {
  if (!show_progress()) return;
  std::cerr << "\r\033[K" << g_tool << ": " << message << std::flush;
  g_progress_drawn = true;
}

void progress_done() {
  if (!g_progress_drawn) return;
  std::cerr << "\r\033[K" << std::flush;
  g_progress_drawn = false;
}

void install_interrupt_handler() {
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

bool interrupted() { return g_interrupted.load(std::memory_order_relaxed); }

std::vector<double> Range::values() const {
  std::vector<double> out;
  // Rounded count, so 0:1:0.1 gives 11 values despite binary fractions.
  auto n = static_cast<long>(std::floor((stop - start) / step + 1e-9));
  for (long i = 0; i <= n; ++i) out.push_back(start + static_cast<double>(i) * step);
  return out;
}

Range parse_range(std::string_view text, std::string_view option) {
  auto bad = [&](std::string_view why) -> Range {
    throw_usage(std::string(option) + ": " + std::string(why) + ", got \"" + std::string(text) + "\"");
  };
  auto c1 = text.find(':');
  auto c2 = c1 == std::string_view::npos ? c1 : text.find(':', c1 + 1);
  if (c2 == std::string_view::npos) return bad("expected start:stop:step");
  auto a = try_parse_double(text.substr(0, c1));
  auto b = try_parse_double(text.substr(c1 + 1, c2 - c1 - 1));
  auto s = try_parse_double(text.substr(c2 + 1));
  if (!a || !b || !s) return bad("expected three numbers start:stop:step");
  if (*s <= 0) return bad("step must be positive");
  if (*b < *a) return bad("stop must not be below start");
  return Range{*a, *b, *s};
}

}  // namespace hs

namespace hs {

CLI::App* Subcommands::add(const char* name, const char* description, Runner (*add_fn)(CLI::App&)) {
  CLI::App* sub = app_.add_subcommand(name, description);
  runners_.emplace_back(sub, add_fn(*sub));
  return sub;
}

int Subcommands::run(const Runner& fallback) const {
  for (const auto& [sub, run] : runners_)
    if (sub->parsed()) return run();
  if (fallback) return fallback();
  throw Error(exit_code::usage, "a subcommand is required");
}

}  // namespace hs
