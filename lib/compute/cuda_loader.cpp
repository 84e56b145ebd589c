#include "compute/cuda_loader.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace hs::cuda {

namespace fs = std::filesystem;

EnvFn process_env() {
  return [](const char* name) -> const char* { return std::getenv(name); };
}

namespace {

bool is_dir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

void split_into(const std::string& list, std::vector<std::string>& out) {
  std::string item;
  std::istringstream in(list);
  while (std::getline(in, item, ':'))
    if (!item.empty()) out.push_back(item);
}

// <prefix>/lib/python3*/<leaf>, sorted so the order does not depend on the file system.
void python_dirs(const fs::path& prefix, const char* leaf, std::vector<fs::path>& out) {
  std::error_code ec;
  const fs::path lib = prefix / "lib";
  if (!is_dir(lib)) return;
  std::vector<fs::path> found;
  for (const auto& e : fs::directory_iterator(lib, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("python3", 0) == 0 && is_dir(e.path() / leaf)) found.push_back(e.path() / leaf);
  }
  std::sort(found.begin(), found.end());
  out.insert(out.end(), found.begin(), found.end());
}

void add_unique(std::vector<std::string>& dirs, const fs::path& p) {
  if (!is_dir(p)) return;
  const std::string s = p.lexically_normal().string();
  for (const auto& d : dirs)
    if (d == s) return;
  dirs.push_back(s);
}

}  // namespace

SearchPlan search_plan(const EnvFn& env) {
  SearchPlan plan;
  if (const char* pinned = env("HS_CUDA_LIB_DIR"); pinned && *pinned) {
    std::vector<std::string> given;
    split_into(pinned, given);
    for (const auto& d : given) add_unique(plan.dirs, d);
    plan.dirs_only = true;
    return plan;
  }
  std::vector<fs::path> sites;
  if (const char* pp = env("PYTHONPATH"); pp && *pp) {
    std::vector<std::string> entries;
    split_into(pp, entries);
    for (const auto& e : entries) sites.emplace_back(e);
  }
  for (const char* var : {"VIRTUAL_ENV", "CONDA_PREFIX"})
    if (const char* v = env(var); v && *v) python_dirs(v, "site-packages", sites);
  if (const char* home = env("HOME"); home && *home) python_dirs(fs::path(home) / ".local", "site-packages", sites);
  python_dirs("/usr/local", "dist-packages", sites);
  sites.emplace_back("/usr/lib/python3/dist-packages");
  for (const auto& site : sites)
    for (const char* part : {"cublas", "cuda_runtime", "nvml", "cu13"}) add_unique(plan.dirs, site / "nvidia" / part / "lib");
  return plan;
}

std::optional<Library> open_library(const std::vector<std::string>& sonames, const SearchPlan& plan,
                                    std::string* tried) {
  std::vector<std::string> attempts;
  std::string last_error;
  auto attempt = [&](const std::string& path) -> void* {
    attempts.push_back(path);
    void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!h) {
      const char* e = dlerror();
      last_error = e ? e : "unknown dlopen error";
    }
    return h;
  };
  auto in_dir = [&](const std::string& dir) -> std::optional<Library> {
    for (const auto& so : sonames) {
      const std::string path = (fs::path(dir) / so).string();
      std::error_code ec;
      if (!fs::exists(path, ec)) continue;
      if (void* h = attempt(path)) return Library{h, path};
    }
    return std::nullopt;
  };
  for (const auto& dir : plan.dirs)
    if (auto lib = in_dir(dir)) return lib;
  if (!plan.dirs_only) {
    for (const auto& so : sonames)
      if (void* h = attempt(so)) return Library{h, so};
    for (const char* dir : {"/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib"})
      if (is_dir(dir))
        if (auto lib = in_dir(dir)) return lib;
  }
  if (tried) {
    std::ostringstream s;
    if (plan.dirs_only) {
      s << "searched only HS_CUDA_LIB_DIR (";
      for (std::size_t i = 0; i < plan.dirs.size(); ++i) s << (i ? ":" : "") << plan.dirs[i];
      s << ")";
    } else {
      s << "searched Python nvidia-* wheel folders, the dynamic linker's path and /usr/local/cuda";
    }
    s << " for ";
    for (std::size_t i = 0; i < sonames.size(); ++i) s << (i ? ", " : "") << sonames[i];
    if (!last_error.empty()) s << "; last error: " << last_error;
    *tried = s.str();
  }
  return std::nullopt;
}

std::string missing_message(const std::string& what, const std::string& tried) {
  return what + " not found (" + tried + "); install the NVIDIA driver and CUDA libraries, or point HS_CUDA_LIB_DIR at "
         "the folder that holds them";
}

}  // namespace hs::cuda
