#include "compute/cuda_api.hpp"

#include <dlfcn.h>

#include <cstring>
#include <vector>

#include "core/error.hpp"

namespace hs::cuda {

namespace {

template <typename F>
bool bind(void* lib, F& fn, const char* name) {
  fn = reinterpret_cast<F>(dlsym(lib, name));
  return fn != nullptr;
}

std::vector<std::string> sonames(const char* stem, const std::vector<int>& majors, int prefer) {
  std::vector<std::string> out;
  if (prefer > 0) out.push_back(std::string(stem) + ".so." + std::to_string(prefer));
  for (int m : majors)
    if (m != prefer) out.push_back(std::string(stem) + ".so." + std::to_string(m));
  return out;
}

int major_of(const std::string& path) {
  const auto dot = path.rfind(".so.");
  if (dot == std::string::npos) return 0;
  return std::atoi(path.c_str() + dot + 4);
}

}  // namespace

std::string Runtime::error_text(int code) const {
  const char* s = GetErrorString ? GetErrorString(code) : nullptr;
  return std::string(s ? s : "unknown CUDA error") + " (" + std::to_string(code) + ")";
}

void Runtime::check(int code, const char* call) const {
  if (code != 0) throw Error(exit_code::software, std::string(call) + ": " + error_text(code));
}

std::unique_ptr<Runtime> open_runtime(const SearchPlan& plan, std::string& why, int prefer_major) {
  std::string tried;
  auto lib = open_library(sonames("libcudart", {13, 12, 11}, prefer_major), plan, &tried);
  if (!lib) {
    why = missing_message("the CUDA runtime (libcudart)", tried);
    return nullptr;
  }
  auto rt = std::make_unique<Runtime>();
  rt->lib = *lib;
  void* h = lib->handle;
  bool ok = bind(h, rt->GetDeviceCount, "cudaGetDeviceCount") && bind(h, rt->SetDevice, "cudaSetDevice") &&
            bind(h, rt->DeviceGetAttribute, "cudaDeviceGetAttribute") && bind(h, rt->Malloc, "cudaMalloc") &&
            bind(h, rt->Free, "cudaFree") && bind(h, rt->Memcpy, "cudaMemcpy") && bind(h, rt->Memset, "cudaMemset") &&
            bind(h, rt->DeviceSynchronize, "cudaDeviceSynchronize") && bind(h, rt->EventCreate, "cudaEventCreate") &&
            bind(h, rt->EventRecord, "cudaEventRecord") && bind(h, rt->EventSynchronize, "cudaEventSynchronize") &&
            bind(h, rt->EventElapsedTime, "cudaEventElapsedTime") && bind(h, rt->EventDestroy, "cudaEventDestroy") &&
            bind(h, rt->GetErrorString, "cudaGetErrorString") && bind(h, rt->RuntimeGetVersion, "cudaRuntimeGetVersion");
  // CUDA 12 names the current-layout call _v2; CUDA 11 and 13 call it cudaGetDeviceProperties.
  if (ok && !bind(h, rt->GetDeviceProperties, "cudaGetDeviceProperties_v2"))
    ok = bind(h, rt->GetDeviceProperties, "cudaGetDeviceProperties");
  if (!ok) {
    why = lib->path + " lacks a CUDA runtime call hashbench needs";
    return nullptr;
  }
  return rt;
}

Gpu open_gpu(int index, int prefer_major, const SearchPlan& plan) {
  std::string why;
  Gpu g;
  g.rt = open_runtime(plan, why, prefer_major);
  if (!g.rt) throw Error(exit_code::unavailable, why);
  const Runtime& rt = *g.rt;
  int count = 0;
  if (int rc = rt.GetDeviceCount(&count); rc != 0) {
    // cudaErrorInsufficientDriver (35) is also what the runtime says where there is no NVIDIA
    // driver at all, and cudaErrorNoDevice (100) where the driver sees no GPU: say that, not the
    // runtime's "driver version is insufficient" on a machine that has neither.
    constexpr int insufficient_driver = 35, no_device = 100;
    bool driver = false;
    if (void* h = dlopen("libcuda.so.1", RTLD_LAZY | RTLD_LOCAL)) {
      driver = true;
      dlclose(h);
    }
    if (rc == no_device) throw Error(exit_code::unavailable, "no NVIDIA GPU found: the NVIDIA driver sees none");
    if (rc == insufficient_driver && !driver)
      throw Error(exit_code::unavailable, "no NVIDIA driver or GPU found: the CUDA runtime (" + rt.lib.path +
                                              ") is here, but not the driver (libcuda.so.1)");
    throw Error(exit_code::unavailable, "no CUDA GPU usable: cudaGetDeviceCount: " + rt.error_text(rc) + " (" +
                                            rt.lib.path + ")");
  }
  if (count <= 0) throw Error(exit_code::unavailable, "no CUDA GPU found");
  if (index < 0 || index >= count)
    throw Error(exit_code::usage, "--gpu: no CUDA device " + std::to_string(index) + " (valid: 0 to " +
                                      std::to_string(count - 1) + ")");
  rt.check(rt.SetDevice(index), "cudaSetDevice");
  DeviceProps& p = g.props;
  p.index = index;
  // cudaDeviceProp grows with every CUDA release, but its first field has always been
  // char name[256]; a buffer far larger than any release's struct is safe to hand over.
  std::vector<std::uint64_t> props(8192 / sizeof(std::uint64_t), 0);
  rt.check(rt.GetDeviceProperties(props.data(), index), "cudaGetDeviceProperties");
  char name[257] = {};
  std::memcpy(name, props.data(), 256);
  p.name = name;
  auto attr = [&](int a, const char* what) {
    int v = 0;
    rt.check(rt.DeviceGetAttribute(&v, a, index), what);
    return v;
  };
  p.cc_major = attr(kAttrComputeCapabilityMajor, "cudaDeviceGetAttribute(ComputeCapabilityMajor)");
  p.cc_minor = attr(kAttrComputeCapabilityMinor, "cudaDeviceGetAttribute(ComputeCapabilityMinor)");
  p.sms = attr(kAttrMultiProcessorCount, "cudaDeviceGetAttribute(MultiProcessorCount)");
  p.clock_mhz = attr(kAttrClockRate, "cudaDeviceGetAttribute(ClockRate)") / 1e3;  // kHz
  p.mem_clock_mhz = attr(kAttrMemoryClockRate, "cudaDeviceGetAttribute(MemoryClockRate)") / 1e3;
  p.bus_width_bits = attr(kAttrGlobalMemoryBusWidth, "cudaDeviceGetAttribute(GlobalMemoryBusWidth)");
  return g;
}

DeviceBuffer::DeviceBuffer(const Runtime& rt, std::size_t bytes) : rt_(rt), bytes_(bytes) {
  if (int rc = rt.Malloc(&p_, bytes); rc != 0) {
    p_ = nullptr;
    throw Error(exit_code::unavailable,
                "cudaMalloc of " + std::to_string(bytes >> 20) + " MiB: " + rt.error_text(rc));
  }
}

DeviceBuffer::~DeviceBuffer() {
  if (p_) rt_.Free(p_);
}

EventTimer::EventTimer(const Runtime& rt) : rt_(rt) {
  rt.check(rt.EventCreate(&a_), "cudaEventCreate");
  rt.check(rt.EventCreate(&b_), "cudaEventCreate");
}

EventTimer::~EventTimer() {
  if (a_) rt_.EventDestroy(a_);
  if (b_) rt_.EventDestroy(b_);
}

void EventTimer::start() { rt_.check(rt_.EventRecord(a_, nullptr), "cudaEventRecord"); }

double EventTimer::stop_ms() {
  rt_.check(rt_.EventRecord(b_, nullptr), "cudaEventRecord");
  rt_.check(rt_.EventSynchronize(b_), "cudaEventSynchronize");
  float ms = 0;
  rt_.check(rt_.EventElapsedTime(&ms, a_, b_), "cudaEventElapsedTime");
  return ms;
}

void BlasLt::check(int status, const char* call) const {
  if (status == 0) return;
  const char* s = GetStatusString ? GetStatusString(status) : nullptr;
  throw Error(exit_code::software,
              std::string(call) + ": " + (s ? s : "cuBLAS status") + " (" + std::to_string(status) + ")");
}

std::unique_ptr<BlasLt> open_blaslt(const SearchPlan& plan, std::string& why) {
  std::string tried;
  auto lib = open_library(sonames("libcublasLt", {13, 12, 11}, 0), plan, &tried);
  if (!lib) {
    why = missing_message("cuBLASLt (libcublasLt)", tried);
    return nullptr;
  }
  auto lt = std::make_unique<BlasLt>();
  lt->lib = *lib;
  lt->major = major_of(lib->path);
  void* h = lib->handle;
  const bool ok = bind(h, lt->Create, "cublasLtCreate") && bind(h, lt->Destroy, "cublasLtDestroy") &&
                  bind(h, lt->MatmulDescCreate, "cublasLtMatmulDescCreate") &&
                  bind(h, lt->MatmulDescDestroy, "cublasLtMatmulDescDestroy") &&
                  bind(h, lt->MatmulDescSetAttribute, "cublasLtMatmulDescSetAttribute") &&
                  bind(h, lt->MatrixLayoutCreate, "cublasLtMatrixLayoutCreate") &&
                  bind(h, lt->MatrixLayoutDestroy, "cublasLtMatrixLayoutDestroy") &&
                  bind(h, lt->MatmulPreferenceCreate, "cublasLtMatmulPreferenceCreate") &&
                  bind(h, lt->MatmulPreferenceDestroy, "cublasLtMatmulPreferenceDestroy") &&
                  bind(h, lt->MatmulPreferenceSetAttribute, "cublasLtMatmulPreferenceSetAttribute") &&
                  bind(h, lt->MatmulAlgoGetHeuristic, "cublasLtMatmulAlgoGetHeuristic") &&
                  bind(h, lt->Matmul, "cublasLtMatmul") && bind(h, lt->GetVersion, "cublasLtGetVersion");
  bind(h, lt->GetStatusString, "cublasLtGetStatusString");  // optional: messages only
  if (!ok) {
    why = lib->path + " lacks a cuBLASLt call hashbench needs";
    return nullptr;
  }
  return lt;
}

}  // namespace hs::cuda
