#pragma once
// Finds and opens the NVIDIA libraries at run time (dlopen), so hashbench builds with no CUDA
// toolkit and runs where there is none; only the commands that need them say they are absent.
//
// Search order for a library (first that loads wins; every path tried is remembered for the
// message shown when none does):
//   1. $HS_CUDA_LIB_DIR (directories separated by ':'). When set, ONLY these are searched, so a
//      user (or a test) can pin one install or prove the no-library path.
//   2. The folders of Python `nvidia-*` wheels (pip install nvidia-cublas-cu12 ...):
//      <site>/nvidia/<part>/lib for part = cublas, cuda_runtime, nvml (and nvidia/cu13/lib, the
//      CUDA 13 wheels' shared folder), where <site> is each $PYTHONPATH entry, then
//      $VIRTUAL_ENV and $CONDA_PREFIX lib/python3*/site-packages, ~/.local/lib/python3*/site-packages,
//      /usr/local/lib/python3*/dist-packages and /usr/lib/python3/dist-packages.
//   3. The dynamic linker's own search (LD_LIBRARY_PATH, the ldconfig cache) by soname.
//   4. /usr/local/cuda/lib64, /usr/local/cuda/targets/x86_64-linux/lib.
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace hs::cuda {

// Reads an environment variable (nullptr when unset); tests pass their own.
using EnvFn = std::function<const char*(const char*)>;
EnvFn process_env();

// Where to look, in order. `dirs_only` is true when HS_CUDA_LIB_DIR pins the search (steps 3
// and 4 are then skipped). Directories that do not exist are left out.
struct SearchPlan {
  std::vector<std::string> dirs;
  bool dirs_only = false;
};
SearchPlan search_plan(const EnvFn& env = process_env());

struct Library {
  void* handle = nullptr;
  std::string path;  // the file or soname that loaded
};

// Opens the first of `sonames` (most preferred first, e.g. libcublasLt.so.13, .so.12) found by
// the plan. Nothing: std::nullopt, and `tried` (when given) lists what was attempted with
// dlopen's reason for the last one.
std::optional<Library> open_library(const std::vector<std::string>& sonames, const SearchPlan& plan,
                                    std::string* tried = nullptr);

// The message for a library that could not be opened: names it, the search and the variable.
std::string missing_message(const std::string& what, const std::string& tried);

}  // namespace hs::cuda
