// A stand-in for NVML (libnvidia-ml.so.1) that runs without a GPU, built for the tests only
// (tests/CMakeLists.txt), so fleet's NVML reader (lib/fleet/gpu/nvml.cpp) is tested on the
// values a test sets. It exports the calls the reader uses with nvml.h's C signatures and
// return codes: every device call before nvmlInit_v2, or after the matching nvmlShutdown,
// returns NVML_ERROR_UNINITIALIZED (inits are counted, as NVML counts them), a bad handle or a
// null pointer NVML_ERROR_INVALID_ARGUMENT, a name buffer too short NVML_ERROR_INSUFFICIENT_SIZE.
// Built with HS_FAKE_NVML_V1 it exports only the pre-_v2 entry points (nvmlInit,
// nvmlDeviceGetCount, nvmlDeviceGetHandleByIndex), as an NVML too old for the reader.
//
// The node it shows comes from HS_FAKE_NVML, read at each call, e.g.
//   gpus=2;watts=312.5,298;limit=700;limit_min=200;limit_max=700;temp=61,58;energy_mj=5e6,4e6;
//   name=NVIDIA H100 80GB HBM3;uuid=GPU-a,GPU-b;lost=1;init=9;count=17
// Lists are per GPU; a list of one value applies to every GPU; a missing value or "-" is
// NVML_ERROR_NOT_SUPPORTED. lost: indices whose handle is NVML_ERROR_GPU_IS_LOST; init and
// count: the return code of nvmlInit_v2 and nvmlDeviceGetCount_v2. Watts and limits are given
// in W and returned in mW as NVML does. hs_fake_nvml_depth() tells a test how many inits are open.
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

// nvmlReturn_t values used here, as nvml.h numbers them.
constexpr int kSuccess = 0, kUninitialized = 1, kInvalidArgument = 2, kNotSupported = 3,
              kInsufficientSize = 7, kGpuIsLost = 15;
constexpr unsigned kMaxGpus = 64;

int g_depth = 0;
char g_devices[kMaxGpus];  // a handle is the address of its index's byte

// The values of `key` in HS_FAKE_NVML, split at commas.
std::vector<std::string> values(std::string_view key) {
  const char* env = std::getenv("HS_FAKE_NVML");
  std::string_view s = env ? env : "";
  while (!s.empty()) {
    auto end = s.find(';');
    auto item = s.substr(0, end);
    s = end == std::string_view::npos ? std::string_view{} : s.substr(end + 1);
    auto eq = item.find('=');
    if (eq == std::string_view::npos || item.substr(0, eq) != key) continue;
    std::vector<std::string> out;
    auto v = item.substr(eq + 1);
    for (;;) {
      auto comma = v.find(',');
      out.emplace_back(v.substr(0, comma));
      if (comma == std::string_view::npos) break;
      v = v.substr(comma + 1);
    }
    return out;
  }
  return {};
}

// This GPU's value of `key`, or null when it has none ("-" or missing).
const char* value(std::string_view key, unsigned index, std::string& keep) {
  auto v = values(key);
  if (v.empty()) return nullptr;
  keep = v.size() == 1 ? v[0] : index < v.size() ? v[index] : "-";
  return keep == "-" ? nullptr : keep.c_str();
}

int code(std::string_view key) {
  auto v = values(key);
  return v.empty() ? kSuccess : std::atoi(v[0].c_str());
}

unsigned gpu_count() {
  auto v = values("gpus");
  unsigned n = v.empty() ? 0 : static_cast<unsigned>(std::strtoul(v[0].c_str(), nullptr, 10));
  return n > kMaxGpus ? kMaxGpus : n;
}

// The index of a handle, or -1 when it is not one this library gave out.
int index_of(const void* dev) {
  auto* p = static_cast<const char*>(dev);
  if (p < g_devices || p >= g_devices + gpu_count()) return -1;
  return static_cast<int>(p - g_devices);
}

// Checks shared by the device calls; kSuccess with `index` set when the call may go on.
int check(const void* dev, const void* out, int& index) {
  if (g_depth == 0) return kUninitialized;
  index = index_of(dev);
  if (index < 0 || !out) return kInvalidArgument;
  return kSuccess;
}

// A value given in W (or C, or mJ), scaled and returned as NVML's integer unit.
template <typename T>
int number(const void* dev, T* out, std::string_view key, double scale) {
  int i = 0;
  if (int rc = check(dev, out, i); rc != kSuccess) return rc;
  std::string keep;
  const char* v = value(key, static_cast<unsigned>(i), keep);
  if (!v) return kNotSupported;
  *out = static_cast<T>(std::strtod(v, nullptr) * scale + 0.5);
  return kSuccess;
}

int text(const void* dev, char* out, unsigned length, std::string_view key) {
  int i = 0;
  if (int rc = check(dev, out, i); rc != kSuccess) return rc;
  std::string keep;
  const char* v = value(key, static_cast<unsigned>(i), keep);
  if (!v) return kNotSupported;
  if (std::strlen(v) + 1 > length) return kInsufficientSize;
  std::memcpy(out, v, std::strlen(v) + 1);
  return kSuccess;
}

int init() {
  if (int rc = code("init"); rc != kSuccess) return rc;
  ++g_depth;
  return kSuccess;
}

int count(unsigned* n) {
  if (g_depth == 0) return kUninitialized;
  if (!n) return kInvalidArgument;
  if (int rc = code("count"); rc != kSuccess) return rc;
  *n = gpu_count();
  return kSuccess;
}

int handle(unsigned index, void** dev) {
  if (g_depth == 0) return kUninitialized;
  if (!dev || index >= gpu_count()) return kInvalidArgument;
  for (const auto& lost : values("lost"))
    if (!lost.empty() && std::strtoul(lost.c_str(), nullptr, 10) == index) return kGpuIsLost;
  *dev = g_devices + index;
  return kSuccess;
}

}  // namespace

extern "C" {

int hs_fake_nvml_depth() { return g_depth; }

#ifdef HS_FAKE_NVML_V1
int nvmlInit() { return init(); }
int nvmlDeviceGetCount(unsigned* n) { return count(n); }
int nvmlDeviceGetHandleByIndex(unsigned index, void** dev) { return handle(index, dev); }
#else
int nvmlInit_v2() { return init(); }
int nvmlDeviceGetCount_v2(unsigned* n) { return count(n); }
int nvmlDeviceGetHandleByIndex_v2(unsigned index, void** dev) { return handle(index, dev); }
#endif

int nvmlShutdown() {
  if (g_depth == 0) return kUninitialized;
  --g_depth;
  return kSuccess;
}

int nvmlDeviceGetPowerUsage(void* dev, unsigned* mw) { return number(dev, mw, "watts", 1e3); }
int nvmlDeviceGetEnforcedPowerLimit(void* dev, unsigned* mw) { return number(dev, mw, "limit", 1e3); }

int nvmlDeviceGetPowerManagementLimitConstraints(void* dev, unsigned* min_mw, unsigned* max_mw) {
  int i = 0;
  if (int rc = check(dev, min_mw, i); rc != kSuccess) return rc;
  if (!max_mw) return kInvalidArgument;
  unsigned lo = 0, hi = 0;
  if (int rc = number(dev, &lo, "limit_min", 1e3); rc != kSuccess) return rc;
  if (int rc = number(dev, &hi, "limit_max", 1e3); rc != kSuccess) return rc;
  *min_mw = lo;
  *max_mw = hi;
  return kSuccess;
}

int nvmlDeviceGetTemperature(void* dev, int sensor, unsigned* c) {
  if (sensor != 0) return g_depth == 0 ? kUninitialized : kInvalidArgument;  // only NVML_TEMPERATURE_GPU exists
  return number(dev, c, "temp", 1);
}

int nvmlDeviceGetTotalEnergyConsumption(void* dev, unsigned long long* mj) { return number(dev, mj, "energy_mj", 1); }

int nvmlDeviceGetName(void* dev, char* name, unsigned length) { return text(dev, name, length, "name"); }
int nvmlDeviceGetUUID(void* dev, char* uuid, unsigned length) { return text(dev, uuid, length, "uuid"); }

}  // extern "C"
