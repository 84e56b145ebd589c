#include "compute/sgemm_tune_cache.hpp"

#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "core/io.hpp"
#include "core/parse.hpp"

namespace hs::sgemm {
namespace {

std::string line_key(const std::string& device_key) {
  std::string k = "sgemm;" + device_key;
  for (auto& c : k)
    if (c == ',' || c == '\n' || c == '\r') c = ';';
  return k;
}

}  // namespace

std::optional<TuneEntry> read_tune_cache(const std::string& path, const std::string& device_key) {
  if (path.empty()) return std::nullopt;
  std::ifstream in(path);
  std::string line;
  const std::string k = line_key(device_key) + ",";
  while (in && std::getline(in, line)) {
    if (line.rfind(k, 0) != 0) continue;
    const auto rest = line.substr(k.size());
    const auto comma = rest.find(',');
    if (comma == std::string::npos) continue;
    const auto gflops = try_parse_double(rest.substr(comma + 1));
    try {
      const Params p = parse_params(rest.substr(0, comma), "sgemm tuning cache");
      if (gflops && *gflops > 0) return TuneEntry{p, *gflops};
    } catch (const Error&) {
      continue;  // a hand-damaged line: fall back to the defaults
    }
  }
  return std::nullopt;
}

void write_tune_cache(const std::string& path, const std::string& device_key, const TuneEntry& e) {
  namespace fs = std::filesystem;
  if (path.empty()) throw Error(exit_code::cant_create, "no cache file: set --cache-file, XDG_CACHE_HOME or HOME");
  const std::string k = line_key(device_key) + ",";
  std::string content, line;
  {
    std::ifstream in(path);
    while (in && std::getline(in, line))
      if (line.rfind(k, 0) != 0) content += line + "\n";
  }
  content += k + e.params.to_string() + "," + format_double(e.gflops) + "\n";
  std::error_code ec;
  const auto dir = fs::path(path).parent_path();
  if (!dir.empty()) fs::create_directories(dir, ec);
  if (ec) throw Error(exit_code::cant_create, "cannot create " + dir.string() + ": " + ec.message());
  write_file_atomically(path, content);
}

}  // namespace hs::sgemm
