#include "compute/tune_cache.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <vector>

#include "core/error.hpp"
#include "core/io.hpp"
#include "core/parse.hpp"

namespace hs {

std::string tune_cache_path(const std::string& override_path) {
  namespace fs = std::filesystem;
  if (!override_path.empty()) return override_path;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x)
    return (fs::path(x) / "hybridsite" / "hashbench-tune.csv").string();
  if (const char* h = std::getenv("HOME"); h && *h)
    return (fs::path(h) / ".cache" / "hybridsite" / "hashbench-tune.csv").string();
  return {};
}

namespace {
// The key may hold commas (driver strings); it is stored with commas replaced by ';'.
std::string clean_key(std::string k) {
  for (auto& c : k)
    if (c == ',' || c == '\n' || c == '\r') c = ';';
  return k;
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> f;
  std::stringstream ss(line);
  std::string x;
  while (std::getline(ss, x, ',')) f.push_back(x);
  return f;
}
}  // namespace

std::optional<TuneEntry> read_tune_cache(const std::string& path, const std::string& key) {
  if (path.empty()) return std::nullopt;
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::string line, k = clean_key(key);
  while (std::getline(in, line)) {
    auto f = split(line);
    if (f.size() != 5 || f[0] != k) continue;
    auto vw = try_parse_int64(f[1]), npi = try_parse_int64(f[2]), ls = try_parse_int64(f[3]);
    auto hps = try_parse_double(f[4]);
    // try_parse_double refuses nan and inf. Bounds come before the narrowing casts, so the
    // tuning rule sees the values as written.
    constexpr std::int64_t kIntMax = std::numeric_limits<int>::max();
    if (!vw || !npi || !ls || !hps || *ls < 0 || *hps <= 0) continue;
    if (*vw < 0 || *vw > kIntMax || *npi < 0 || *npi > kIntMax) continue;
    TuneEntry e;
    e.tuning.vector_width = static_cast<int>(*vw);
    e.tuning.nonces_per_item = static_cast<int>(*npi);
    e.tuning.local_size = static_cast<std::size_t>(*ls);
    e.hashes_per_second = *hps;
    if (e.tuning.problem()) continue;
    return e;
  }
  return std::nullopt;
}

void write_tune_cache(const std::string& path, const std::string& key, const TuneEntry& e) {
  namespace fs = std::filesystem;
  if (path.empty()) throw Error(exit_code::cant_create, "no cache file: set --cache-file, XDG_CACHE_HOME or HOME");
  std::string k = clean_key(key), content;
  {
    std::ifstream in(path);
    std::string line;
    while (in && std::getline(in, line)) {
      auto f = split(line);
      if (!f.empty() && f[0] != k) content += line + "\n";
    }
  }
  content += k + "," + std::to_string(e.tuning.vector_width) + "," + std::to_string(e.tuning.nonces_per_item) + "," +
             std::to_string(e.tuning.local_size) + "," + format_double(e.hashes_per_second) + "\n";
  std::error_code ec;
  auto dir = fs::path(path).parent_path();
  if (!dir.empty()) fs::create_directories(dir, ec);
  if (ec) throw Error(exit_code::cant_create, "cannot create " + dir.string() + ": " + ec.message());
  write_file_atomically(path, content);
}

}  // namespace hs
