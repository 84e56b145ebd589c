#include "core/toml.hpp"

#include "core/defaults.hpp"

#include <cstdlib>
#include <filesystem>
#include <map>

#include "core/error.hpp"

namespace hs {

namespace {

constexpr std::string_view keys[] = {"site", "inventory", "journal", "ledger", "archive"};

std::string env_name(std::string_view name) {
  std::string v = "HYBRIDSITE_";
  for (char c : name) v += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return v;
}

// The config file's paths, read once.
const std::map<std::string, std::string>& config() {
  static const std::map<std::string, std::string> values = [] {
    std::map<std::string, std::string> out;
    const std::string path = config_file();
    if (path.empty()) return out;
    toml::table t;
    try {
      t = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
      throw Error(exit_code::data, path + ":" + std::to_string(e.source().begin.line) + ": " +
                                       std::string(e.description()));
    }
    const auto dir = std::filesystem::path(path).parent_path();
    for (const auto& [k, v] : t) {
      const std::string key(k.str());
      bool known = false;
      for (auto name : keys) known = known || key == name;
      if (!known)
        throw Error(exit_code::data, path + ": unknown key '" + key + "' (site, inventory, journal, ledger, archive)");
      const auto* s = v.as_string();
      if (!s) throw Error(exit_code::data, path + ": " + key + ": expected a path in quotes");
      std::filesystem::path p(s->get());
      out[key] = (p.is_absolute() ? p : dir / p).string();
    }
    return out;
  }();
  return values;
}

}  // namespace

std::string config_file() {
  if (const char* c = std::getenv("HYBRIDSITE_CONFIG"); c && *c) return c;
  std::string path;
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) path = std::string(x) + "/hybridsite/config.toml";
  else if (const char* h = std::getenv("HOME"); h && *h) path = std::string(h) + "/.config/hybridsite/config.toml";
  return !path.empty() && std::filesystem::exists(path) ? path : std::string();
}

std::string file_option(const std::string& given, std::string_view name) {
  if (!given.empty()) return given;
  if (const char* v = std::getenv(env_name(name).c_str()); v && *v) return v;
  const auto& c = config();
  auto it = c.find(std::string(name));
  return it == c.end() ? std::string() : it->second;
}

std::string require_file_option(const std::string& given, std::string_view name) {
  std::string v = file_option(given, name);
  if (v.empty())
    throw Error(exit_code::usage, "--" + std::string(name) + " is required (or set " + env_name(name) + ", or " +
                                      std::string(name) + " = \"...\" in " +
                                      (config_file().empty() ? "~/.config/hybridsite/config.toml" : config_file()) + ")");
  return v;
}

}  // namespace hs
