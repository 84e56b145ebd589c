#include "core/metrics.hpp"

#include <chrono>
#include <cmath>
#include <map>

#include "core/io.hpp"
#include "core/parse.hpp"

namespace hs::metrics {

namespace {

struct Family {
  std::string help;
  std::vector<std::pair<Labels, double>> samples;
};

struct State {
  std::string path, command;
  std::vector<std::string> order;  // families in the order first set
  std::map<std::string, Family> families;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

State& state() {
  static State s;
  return s;
}

std::string value_text(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  return format_double(v);
}

std::string escape_help(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

}  // namespace

std::string escape_label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

void enable(const std::string& path, std::string_view command) {
  state().path = path;
  state().command = command;
}

bool enabled() { return !state().path.empty(); }

namespace {
double& sample(std::string_view name, std::string_view help, const Labels& labels) {
  State& s = state();
  const std::string full = "hybridsite_" + std::string(name);
  auto [it, fresh] = s.families.try_emplace(full);
  if (fresh) {
    it->second.help = help;
    s.order.push_back(full);
  }
  for (auto& [l, v] : it->second.samples)
    if (l == labels) return v;
  return it->second.samples.emplace_back(labels, 0.0).second;
}
}  // namespace

void gauge(std::string_view name, std::string_view help, double value, const Labels& labels) {
  sample(name, help, labels) = value;
}

void add(std::string_view name, std::string_view help, double delta, const Labels& labels) {
  sample(name, help, labels) += delta;
}

std::string exposition(int exit_code) {
  State& s = state();
  const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - s.started).count();
  const Labels run = {{"tool", tool_name()}, {"command", s.command}};
  std::string out;
  auto family = [&](const std::string& name, const Family& f) {
    out += "# HELP " + name + " " + escape_help(f.help) + "\n# TYPE " + name + " gauge\n";
    for (const auto& [labels, v] : f.samples) {
      out += name + "{";
      bool first = true;
      for (const auto& l : run) {
        out += (first ? "" : ",") + l.first + "=\"" + escape_label(l.second) + "\"";
        first = false;
      }
      for (const auto& [k, val] : labels) out += "," + k + "=\"" + escape_label(val) + "\"";
      out += "} " + value_text(v) + "\n";
    }
  };
  family("hybridsite_run_exit_code", {"Exit status of the last run (0 done, 3 fail-safe, 69 unavailable, ...).",
                                      {{{}, static_cast<double>(exit_code)}}});
  family("hybridsite_run_timestamp_seconds", {"When the last run ended, Unix time.", {{{}, std::floor(now)}}});
  family("hybridsite_run_duration_seconds", {"How long the last run took.", {{{}, std::round(took * 1000) / 1000}}});
  for (const auto& name : s.order) family(name, s.families.at(name));
  return out;
}

void flush(int exit_code) {
  if (!enabled()) return;
  try {
    write_file_atomically(state().path, exposition(exit_code));
  } catch (const std::exception& e) {
    warn(std::string("--metrics: ") + e.what());
  }
}

void add_option(CLI::App& app, std::string& path) {
  app.add_option("--metrics", path,
                 "Write this run's metrics to FILE for node_exporter's textfile collector (atomically, failed runs "
                 "too)")
      ->type_name("FILE");
}

}  // namespace hs::metrics
