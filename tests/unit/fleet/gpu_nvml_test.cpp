// fleet's NVML reader against the CPU stand-in for NVML (tests/fake_nvml/), loaded through
// HS_NVML_LIB, which shows the GPUs each test sets in HS_FAKE_NVML. The stand-in counts
// nvmlInit_v2 against nvmlShutdown, so every test also checks the reader leaves NVML closed.
#include <catch2/catch.hpp>

#include <dlfcn.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "fleet/gpu/nvml.hpp"

using namespace hs::fleet::gpu;

namespace {

const std::string kFake = std::string(HS_FAKE_NVML_DIR) + "/libnvidia-ml.so.1";
const std::string kFakeV1 = std::string(HS_FAKE_NVML_DIR) + "/v1/libnvidia-ml.so.1";

// Sets an environment variable for one test and puts the old value back.
class Env {
 public:
  Env(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    setenv(name, value.c_str(), 1);
  }
  ~Env() {
    if (old_)
      setenv(name_, old_->c_str(), 1);
    else
      unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// nvmlInit_v2 calls not yet matched by nvmlShutdown in the stand-in. The test holds its own
// reference to the library, so its count lives on between the reader's dlopen and dlclose.
int open_inits() {
  static void* lib = dlopen(kFake.c_str(), RTLD_NOW | RTLD_LOCAL);
  REQUIRE(lib);
  auto depth = reinterpret_cast<int (*)()>(dlsym(lib, "hs_fake_nvml_depth"));
  REQUIRE(depth);
  return depth();
}

}  // namespace

TEST_CASE("nvml: two H100s read with every figure, in W and C from NVML's mW", "[nvml]") {
  Env e("HS_FAKE_NVML",
        "gpus=2;watts=312.5,298;limit=700;limit_min=200;limit_max=700;temp=61,58;"
        "energy_mj=5000000,4000500;name=NVIDIA H100 80GB HBM3;uuid=GPU-5d2c1a8e,GPU-e81b44f0");
  const auto node = read_nvml(kFake);
  REQUIRE(node.ok());
  REQUIRE(node.gpus.size() == 2);
  const auto& a = node.gpus[0];
  CHECK(a.index == 0);
  CHECK(a.name == "NVIDIA H100 80GB HBM3");
  CHECK(a.uuid == "GPU-5d2c1a8e");
  CHECK(a.host.empty());
  CHECK(a.watts == 312.5);
  CHECK(a.limit_watts == 700.0);
  CHECK(a.limit_min_watts == 200.0);
  CHECK(a.limit_max_watts == 700.0);
  CHECK(a.temp_c == 61.0);
  CHECK(a.energy_j == 5000.0);
  CHECK(a.error.empty());
  const auto& b = node.gpus[1];
  CHECK(b.index == 1);
  CHECK(b.uuid == "GPU-e81b44f0");
  CHECK(b.watts == 298.0);
  CHECK(b.temp_c == 58.0);
  CHECK(b.energy_j == 4000.5);
  CHECK(node.watts() == 610.5);
  CHECK(node.watts_complete());
  CHECK(node.limit_watts() == 1400.0);
  CHECK(node.hottest_c() == 61.0);
  CHECK(open_inits() == 0);
}

TEST_CASE("nvml: a GPU lost off the bus has its error; an unsupported figure stays empty", "[nvml]") {
  Env e("HS_FAKE_NVML", "gpus=3;lost=1;watts=250,-,-;limit=300,-,-;temp=40;name=NVIDIA A10;uuid=GPU-0,GPU-1,GPU-2");
  const auto node = read_nvml(kFake);
  REQUIRE(node.ok());
  REQUIRE(node.gpus.size() == 3);
  CHECK(node.gpus[0].watts == 250.0);
  CHECK(node.gpus[1].error == "nvmlDeviceGetHandleByIndex_v2 failed: NVML_ERROR_GPU_IS_LOST");
  CHECK(node.gpus[1].name.empty());
  CHECK_FALSE(node.gpus[1].watts);
  // GPU 2 answers but does not report power (NVML_ERROR_NOT_SUPPORTED): no error, no figure.
  CHECK(node.gpus[2].error.empty());
  CHECK(node.gpus[2].name == "NVIDIA A10");
  CHECK_FALSE(node.gpus[2].watts);
  CHECK_FALSE(node.gpus[2].limit_min_watts);  // limit_min/limit_max not set at all
  CHECK_FALSE(node.gpus[2].energy_j);
  CHECK(node.gpus[2].temp_c == 40.0);
  CHECK(node.watts() == 250.0);
  CHECK_FALSE(node.watts_complete());
  CHECK_FALSE(node.limit_watts());  // a sum of one cap of three would understate the node
  CHECK(open_inits() == 0);
}

TEST_CASE("nvml: a call failing otherwise than unsupported is the GPU's error", "[nvml]") {
  // 96 bytes with the terminator is NVML_DEVICE_NAME_V2_BUFFER_SIZE: a longer name does not fit.
  Env e("HS_FAKE_NVML", "gpus=1;watts=100;name=" + std::string(96, 'x'));
  const auto node = read_nvml(kFake);
  REQUIRE(node.gpus.size() == 1);
  CHECK(node.gpus[0].name.empty());
  CHECK(node.gpus[0].error == "nvmlDeviceGetName failed: NVML_ERROR_INSUFFICIENT_SIZE");
  CHECK(node.gpus[0].watts == 100.0);
}

TEST_CASE("nvml: a failing nvmlInit_v2 is the node's error, with NVML's name for the code", "[nvml]") {
  Env e("HS_FAKE_NVML", "gpus=2;init=9");
  const auto node = read_nvml(kFake);
  CHECK(node.error == "nvmlInit_v2 failed: NVML_ERROR_DRIVER_NOT_LOADED");
  CHECK(node.gpus.empty());
  CHECK_FALSE(node.ok());
  CHECK(open_inits() == 0);
}

TEST_CASE("nvml: a failing device count still shuts NVML down", "[nvml]") {
  Env e("HS_FAKE_NVML", "gpus=2;count=18");
  const auto node = read_nvml(kFake);
  CHECK(node.error == "nvmlDeviceGetCount_v2 failed: NVML_ERROR_LIB_RM_VERSION_MISMATCH");
  CHECK(open_inits() == 0);
}

TEST_CASE("nvml: zero GPUs is a reading, not an error", "[nvml]") {
  Env e("HS_FAKE_NVML", "gpus=0");
  const auto node = read_nvml(kFake);
  CHECK(node.ok());
  CHECK(node.gpus.empty());
  CHECK(node.watts() == 0.0);
  CHECK_FALSE(node.watts_complete());
  CHECK_FALSE(node.limit_watts());
  CHECK_FALSE(node.hottest_c());
}

TEST_CASE("nvml: a library without the _v2 entry points is refused by name", "[nvml]") {
  Env e("HS_FAKE_NVML", "gpus=1;watts=100");
  const auto node = read_nvml(kFakeV1);
  CHECK(node.error == kFakeV1 + " has no nvmlInit_v2 (not NVML, or an NVML older than the calls fleet uses)");
  CHECK(node.gpus.empty());
}

TEST_CASE("nvml: an absent library is an error with the loader's reason", "[nvml]") {
  const std::string path = std::string(HS_FAKE_NVML_DIR) + "/no-such/libnvidia-ml.so.1";
  const auto node = read_nvml(path);
  CHECK(node.error.rfind("NVML not loaded: " + path, 0) == 0);
  CHECK(node.error.find("No such file") != std::string::npos);
}

TEST_CASE("nvml: HS_NVML_LIB names the library, else the driver's soname", "[nvml]") {
  {
    Env e("HS_NVML_LIB", kFake);
    CHECK(nvml_library() == kFake);
    Env f("HS_FAKE_NVML", "gpus=1;watts=42.25");
    CHECK(read_nvml().gpus.at(0).watts == 42.25);
  }
  Env e("HS_NVML_LIB", "");
  CHECK(nvml_library() == "libnvidia-ml.so.1");
}

TEST_CASE("nvml: return codes named as nvml.h spells them", "[nvml]") {
  CHECK(nvml_code_name(3) == "NVML_ERROR_NOT_SUPPORTED");
  CHECK(nvml_code_name(15) == "NVML_ERROR_GPU_IS_LOST");
  CHECK(nvml_code_name(999) == "NVML_ERROR_UNKNOWN");
  CHECK(nvml_code_name(55) == "NVML error 55");
}
