#include "fleet/gpu/nvml.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <cstring>

namespace hs::fleet::gpu {

namespace {

// nvml.h's types, restated: nvmlReturn_t is an int enum and nvmlDevice_t an opaque pointer.
using Device = void*;
constexpr int kSuccess = 0;
constexpr int kNotSupported = 3;
constexpr int kTemperatureGpu = 0;   // NVML_TEMPERATURE_GPU
constexpr unsigned kTextSize = 96;   // NVML_DEVICE_NAME_V2_BUFFER_SIZE, NVML_DEVICE_UUID_V2_BUFFER_SIZE

using InitFn = int (*)();
using CountFn = int (*)(unsigned*);
using HandleFn = int (*)(unsigned, Device*);
using UintFn = int (*)(Device, unsigned*);                        // power (mW), enforced limit (mW)
using RangeFn = int (*)(Device, unsigned*, unsigned*);            // limit constraints (mW)
using TempFn = int (*)(Device, int, unsigned*);                   // sensor, degrees C
using TextFn = int (*)(Device, char*, unsigned);                  // name, UUID
using EnergyFn = int (*)(Device, unsigned long long*);            // mJ since the driver loaded

struct Api {
  InitFn init = nullptr, shutdown = nullptr;
  CountFn count = nullptr;
  HandleFn handle = nullptr;
  UintFn power = nullptr, limit = nullptr;
  RangeFn range = nullptr;
  TempFn temp = nullptr;
  TextFn name = nullptr, uuid = nullptr;
  EnergyFn energy = nullptr;  // optional: GPUs before Volta and old drivers lack it
};

// dlclose on every way out, nvmlShutdown too once nvmlInit_v2 succeeded (NVML counts inits).
struct Library {
  void* handle = nullptr;
  ~Library() {
    if (handle) dlclose(handle);
  }
};
struct Session {
  InitFn shutdown;
  ~Session() { shutdown(); }
};

template <typename Fn>
bool bind(void* lib, const char* symbol, Fn& fn, std::string& missing) {
  fn = reinterpret_cast<Fn>(dlsym(lib, symbol));
  if (!fn && missing.empty()) missing = symbol;
  return fn != nullptr;
}

std::string failed(const char* call, int code) { return std::string(call) + " failed: " + nvml_code_name(code); }

// A figure the GPU does not support stays empty quietly; any other failure also leaves it
// empty, and the first one is kept as the GPU's error so the operator sees why.
void note(GpuReading& g, const char* call, int code) {
  if (code != kNotSupported && g.error.empty()) g.error = failed(call, code);
}

// NVML terminates the text; strnlen keeps a library that does not from reading past it.
std::string text_of(const char (&buf)[kTextSize]) { return std::string(buf, strnlen(buf, kTextSize)); }

GpuReading read_gpu(const Api& api, unsigned index) {
  GpuReading g;
  g.index = index;
  Device dev = nullptr;
  if (int rc = api.handle(index, &dev); rc != kSuccess) {
    g.error = failed("nvmlDeviceGetHandleByIndex_v2", rc);
    return g;
  }
  char buf[kTextSize] = {};
  if (int rc = api.name(dev, buf, kTextSize); rc == kSuccess)
    g.name = text_of(buf);
  else
    note(g, "nvmlDeviceGetName", rc);
  char ubuf[kTextSize] = {};
  if (int rc = api.uuid(dev, ubuf, kTextSize); rc == kSuccess)
    g.uuid = text_of(ubuf);
  else
    note(g, "nvmlDeviceGetUUID", rc);
  unsigned mw = 0, lo = 0, hi = 0, c = 0;
  if (int rc = api.power(dev, &mw); rc == kSuccess)
    g.watts = mw / 1e3;
  else
    note(g, "nvmlDeviceGetPowerUsage", rc);
  if (int rc = api.limit(dev, &mw); rc == kSuccess)
    g.limit_watts = mw / 1e3;
  else
    note(g, "nvmlDeviceGetEnforcedPowerLimit", rc);
  if (int rc = api.range(dev, &lo, &hi); rc == kSuccess) {
    g.limit_min_watts = lo / 1e3;
    g.limit_max_watts = hi / 1e3;
  } else {
    note(g, "nvmlDeviceGetPowerManagementLimitConstraints", rc);
  }
  if (int rc = api.temp(dev, kTemperatureGpu, &c); rc == kSuccess)
    g.temp_c = c;
  else
    note(g, "nvmlDeviceGetTemperature", rc);
  unsigned long long mj = 0;
  if (api.energy) {
    if (int rc = api.energy(dev, &mj); rc == kSuccess)
      g.energy_j = static_cast<double>(mj) / 1e3;
    else
      note(g, "nvmlDeviceGetTotalEnergyConsumption", rc);
  }
  return g;
}

}  // namespace

std::string nvml_library() {
  const char* v = std::getenv("HS_NVML_LIB");
  return v && *v ? std::string(v) : std::string("libnvidia-ml.so.1");
}

std::string nvml_code_name(int code) {
  // nvmlReturn_t as nvml.h numbers it; the codes a reader can meet.
  switch (code) {
    case 0: return "NVML_SUCCESS";
    case 1: return "NVML_ERROR_UNINITIALIZED";
    case 2: return "NVML_ERROR_INVALID_ARGUMENT";
    case 3: return "NVML_ERROR_NOT_SUPPORTED";
    case 4: return "NVML_ERROR_NO_PERMISSION";
    case 5: return "NVML_ERROR_ALREADY_INITIALIZED";
    case 6: return "NVML_ERROR_NOT_FOUND";
    case 7: return "NVML_ERROR_INSUFFICIENT_SIZE";
    case 8: return "NVML_ERROR_INSUFFICIENT_POWER";
    case 9: return "NVML_ERROR_DRIVER_NOT_LOADED";
    case 10: return "NVML_ERROR_TIMEOUT";
    case 11: return "NVML_ERROR_IRQ_ISSUE";
    case 12: return "NVML_ERROR_LIBRARY_NOT_FOUND";
    case 13: return "NVML_ERROR_FUNCTION_NOT_FOUND";
    case 14: return "NVML_ERROR_CORRUPTED_INFOROM";
    case 15: return "NVML_ERROR_GPU_IS_LOST";
    case 16: return "NVML_ERROR_RESET_REQUIRED";
    case 17: return "NVML_ERROR_OPERATING_SYSTEM";
    case 18: return "NVML_ERROR_LIB_RM_VERSION_MISMATCH";
    case 19: return "NVML_ERROR_IN_USE";
    case 20: return "NVML_ERROR_MEMORY";
    case 21: return "NVML_ERROR_NO_DATA";
    case 999: return "NVML_ERROR_UNKNOWN";
    default: return "NVML error " + std::to_string(code);
  }
}

NodeReading read_nvml(const std::string& library) {
  NodeReading node;
  Library lib;
  lib.handle = dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!lib.handle) {
    const char* why = dlerror();
    node.error = "NVML not loaded: " + (why ? std::string(why) : library);
    return node;
  }
  Api api;
  std::string missing;
  bind(lib.handle, "nvmlInit_v2", api.init, missing);
  bind(lib.handle, "nvmlShutdown", api.shutdown, missing);
  bind(lib.handle, "nvmlDeviceGetCount_v2", api.count, missing);
  bind(lib.handle, "nvmlDeviceGetHandleByIndex_v2", api.handle, missing);
  bind(lib.handle, "nvmlDeviceGetPowerUsage", api.power, missing);
  bind(lib.handle, "nvmlDeviceGetEnforcedPowerLimit", api.limit, missing);
  bind(lib.handle, "nvmlDeviceGetPowerManagementLimitConstraints", api.range, missing);
  bind(lib.handle, "nvmlDeviceGetTemperature", api.temp, missing);
  bind(lib.handle, "nvmlDeviceGetName", api.name, missing);
  bind(lib.handle, "nvmlDeviceGetUUID", api.uuid, missing);
  if (!missing.empty()) {
    node.error = library + " has no " + missing + " (not NVML, or an NVML older than the calls fleet uses)";
    return node;
  }
  std::string none;
  bind(lib.handle, "nvmlDeviceGetTotalEnergyConsumption", api.energy, none);

  if (int rc = api.init(); rc != kSuccess) {
    node.error = failed("nvmlInit_v2", rc);
    return node;
  }
  Session session{api.shutdown};
  unsigned count = 0;
  if (int rc = api.count(&count); rc != kSuccess) {
    node.error = failed("nvmlDeviceGetCount_v2", rc);
    return node;
  }
  node.gpus.reserve(count);
  for (unsigned i = 0; i < count; ++i) node.gpus.push_back(read_gpu(api, i));
  return node;
}

}  // namespace hs::fleet::gpu
