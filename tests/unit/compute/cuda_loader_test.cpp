// The CUDA library loader: the search order (HS_CUDA_LIB_DIR pins it; else Python nvidia-*
// wheel folders, PYTHONPATH first), the no-library path (a plain Error 69 naming what was
// searched), and a real library found through a pinned folder.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "compute/cuda_api.hpp"
#include "compute/cuda_loader.hpp"
#include "compute/gemm_cublaslt.hpp"
#include "core/error.hpp"

namespace fs = std::filesystem;
using namespace hs::cuda;

namespace {

// A fresh folder under /tmp, removed on scope exit.
struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/hs-cuda-test-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path make(const std::string& rel) const {
    fs::create_directories(path / rel);
    return path / rel;
  }
};

EnvFn env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
}

int code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const hs::Error& e) {
    return e.code();
  }
  return 0;
}

}  // namespace

TEST_CASE("cuda loader: HS_CUDA_LIB_DIR pins the search to its folders, in order", "[cuda]") {
  TempDir t;
  const auto a = t.make("a"), b = t.make("b");
  const SearchPlan plan = search_plan(env_of({{"HS_CUDA_LIB_DIR", a.string() + ":" + (t.path / "missing").string() +
                                                                      ":" + b.string()},
                                              {"VIRTUAL_ENV", t.path.string()}}));
  CHECK(plan.dirs_only);
  // The folder that does not exist is left out; VIRTUAL_ENV is not consulted.
  CHECK(plan.dirs == std::vector<std::string>{a.string(), b.string()});
}

TEST_CASE("cuda loader: wheel folders, PYTHONPATH before VIRTUAL_ENV, cublas before cuda_runtime", "[cuda]") {
  TempDir t;
  const auto pp_cublas = t.make("pp/nvidia/cublas/lib");
  const auto venv_rt = t.make("venv/lib/python3.11/site-packages/nvidia/cuda_runtime/lib");
  const auto venv_cublas = t.make("venv/lib/python3.11/site-packages/nvidia/cublas/lib");
  t.make("venv/lib/python3.11/site-packages/nvidia/cusparse/lib");  // not a library hashbench uses
  const SearchPlan plan = search_plan(env_of({{"PYTHONPATH", (t.path / "pp").string()},
                                              {"VIRTUAL_ENV", (t.path / "venv").string()},
                                              {"HOME", (t.path / "nohome").string()}}));
  CHECK_FALSE(plan.dirs_only);
  REQUIRE(plan.dirs.size() >= 3);
  CHECK(plan.dirs[0] == pp_cublas.string());
  CHECK(plan.dirs[1] == venv_cublas.string());
  CHECK(plan.dirs[2] == venv_rt.string());
  for (const auto& d : plan.dirs) CHECK(d.find("cusparse") == std::string::npos);
}

TEST_CASE("cuda loader: no library in the pinned folder is a plain Error 69", "[cuda]") {
  TempDir t;
  // A file with the right name that is not a shared library must not count as found.
  { std::ofstream(t.path / "libcublasLt.so.12") << "not an ELF file\n"; }
  const SearchPlan plan = search_plan(env_of({{"HS_CUDA_LIB_DIR", t.path.string()}}));
  std::string tried;
  CHECK_FALSE(open_library({"libcublasLt.so.13", "libcublasLt.so.12"}, plan, &tried));
  CHECK(tried.find("searched only HS_CUDA_LIB_DIR (" + t.path.string() + ")") != std::string::npos);
  CHECK(tried.find("libcublasLt.so.12") != std::string::npos);
  CHECK(tried.find("last error") != std::string::npos);  // dlopen's reason for the fake file

  std::string why;
  CHECK(open_blaslt(plan, why) == nullptr);
  CHECK(why.find("cuBLASLt (libcublasLt) not found") != std::string::npos);
  CHECK(why.find("HS_CUDA_LIB_DIR") != std::string::npos);
  CHECK(open_runtime(plan, why) == nullptr);
  CHECK(why.find("libcudart") != std::string::npos);

  CHECK(code_of([&] { hs::gemm::CublasLtBench bench(0, plan); }) == hs::exit_code::unavailable);
  CHECK(code_of([&] { open_gpu(0, 0, plan); }) == hs::exit_code::unavailable);
}

TEST_CASE("cuda loader: a real library in the second pinned folder is the one opened", "[cuda]") {
  // libm stands in for a CUDA library: the search mechanism is the same for any soname.
  std::string libdir;
  for (const char* d : {"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib/aarch64-linux-gnu"})
    if (fs::exists(fs::path(d) / "libm.so.6")) {
      libdir = d;
      break;
    }
  if (libdir.empty()) {
    WARN("no libm.so.6 in the usual folders: skipped");
    return;
  }
  TempDir t;
  const SearchPlan plan = search_plan(env_of({{"HS_CUDA_LIB_DIR", t.path.string() + ":" + libdir}}));
  auto lib = open_library({"libm.so.7", "libm.so.6"}, plan);
  REQUIRE(lib);
  CHECK(lib->path == (fs::path(libdir) / "libm.so.6").string());
  CHECK(lib->handle != nullptr);
}

TEST_CASE("cuda: without a usable GPU, opening one is Error 69, never a crash", "[cuda]") {
  // The default search: on CI (no CUDA) the runtime is missing; on a toolkit-only machine the
  // driver is; on a GPU machine device 0 opens and names itself.
  try {
    const Gpu g = open_gpu(0);
    CHECK_FALSE(g.props.name.empty());
    CHECK(g.props.sms > 0);
  } catch (const hs::Error& e) {
    CHECK(e.code() == hs::exit_code::unavailable);
  }
}
