#include "core/credentials.hpp"

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include "core/toml.hpp"

#include "core/error.hpp"

namespace hs {

namespace {

std::string default_path() {
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) return std::string(x) + "/hybridsite/credentials.toml";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.config/hybridsite/credentials.toml";
  return {};
}

}  // namespace

void check_private_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw Error(exit_code::no_input, path + ": cannot read the credentials file");
  if (st.st_mode & (S_IRWXG | S_IRWXO)) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    throw Error(exit_code::no_perm, path + ": credentials file is readable by group or others (mode " + mode +
                                        "); refusing to use it: chmod 600 " + path);
  }
}

Credentials Credentials::load(const std::string& explicit_path) {
  Credentials c;
  std::string path = explicit_path.empty() ? default_path() : explicit_path;
  if (path.empty()) return c;
  if (explicit_path.empty() && !std::filesystem::exists(path)) return c;
  check_private_file(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(exit_code::no_input, path + ": cannot read the credentials file");
  std::ostringstream ss;
  ss << in.rdbuf();
  toml::table root;
  try {
    root = toml::parse(ss.str(), path);
  } catch (const toml::parse_error& e) {
    // Only the position: the description could quote a secret's text.
    throw Error(exit_code::data, path + ":" + std::to_string(e.source().begin.line) +
                                     ": not valid TOML (credentials file; see powerfeed(1) FETCH)");
  }
  for (const auto& [source, node] : root) {
    const auto* tbl = node.as_table();
    if (!tbl) continue;
    for (const auto& [key, value] : *tbl) {
      if (auto s = value.value<std::string>())
        c.values_[std::string(source.str()) + "." + std::string(key.str())] = *s;
      else
        throw Error(exit_code::data, path + ": [" + std::string(source.str()) + "] " + std::string(key.str()) +
                                         ": expected a string");
    }
  }
  c.path_ = path;
  return c;
}

std::optional<std::string> Credentials::get(std::string_view source, std::string_view key,
                                            std::string_view env) const {
  if (const char* v = std::getenv(std::string(env).c_str()); v && *v) return std::string(v);
  auto it = values_.find(std::string(source) + "." + std::string(key));
  if (it != values_.end() && !it->second.empty()) return it->second;
  return std::nullopt;
}

std::string Credentials::require(std::string_view source, std::string_view key, std::string_view env) const {
  if (auto v = get(source, key, env)) return *v;
  throw Error(exit_code::usage, std::string(source) + ": no " + std::string(key) + ": set " + std::string(env) +
                                    " or " + std::string(key) + " in the [" + std::string(source) +
                                    "] table of the credentials file (" +
                                    (path_.empty() ? default_path() : path_) + ")");
}

}  // namespace hs
