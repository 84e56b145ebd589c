#pragma once
// The few CUDA runtime and cuBLASLt calls hashbench uses, declared here with the documented C
// signatures and enum values (driver_types.h, library_types.h, cublas_api.h, cublasLt.h of
// CUDA 11 to 13), and resolved with dlsym from the libraries cuda_loader.hpp finds. No CUDA
// header is needed to build and nothing is linked: a machine without CUDA gets a plain
// message and exit 69 from the commands that need it, and everything else works.
// The libraries stay loaded for the life of the process (never dlclose'd): CUDA's libraries
// are not safe to unload while the primary context they created lives.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "compute/cuda_loader.hpp"

namespace hs::cuda {

// cudaMemcpyKind
inline constexpr int kMemcpyHostToDevice = 1, kMemcpyDeviceToHost = 2, kMemcpyDeviceToDevice = 3;
// cudaDeviceAttr
inline constexpr int kAttrClockRate = 13, kAttrMultiProcessorCount = 16, kAttrMemoryClockRate = 36,
                     kAttrGlobalMemoryBusWidth = 37, kAttrComputeCapabilityMajor = 75,
                     kAttrComputeCapabilityMinor = 76;

struct Runtime {
  Library lib;
  int (*GetDeviceCount)(int*) = nullptr;
  int (*SetDevice)(int) = nullptr;
  int (*DeviceGetAttribute)(int*, int, int) = nullptr;
  int (*GetDeviceProperties)(void*, int) = nullptr;  // only the leading char name[256] is read
  int (*Malloc)(void**, std::size_t) = nullptr;
  int (*Free)(void*) = nullptr;
  int (*Memcpy)(void*, const void*, std::size_t, int) = nullptr;
  int (*Memset)(void*, int, std::size_t) = nullptr;
  int (*DeviceSynchronize)() = nullptr;
  int (*EventCreate)(void**) = nullptr;
  int (*EventRecord)(void*, void*) = nullptr;
  int (*EventSynchronize)(void*) = nullptr;
  int (*EventElapsedTime)(float*, void*, void*) = nullptr;
  int (*EventDestroy)(void*) = nullptr;
  const char* (*GetErrorString)(int) = nullptr;
  int (*RuntimeGetVersion)(int*) = nullptr;

  // Throws Error(70) "<call>: <CUDA's error string> (code)" when code != 0.
  void check(int code, const char* call) const;
  std::string error_text(int code) const;
};

// libcudart (majors 13, 12, 11; `prefer_major` first when given). Absent: nullptr and `why`.
std::unique_ptr<Runtime> open_runtime(const SearchPlan& plan, std::string& why, int prefer_major = 0);

struct DeviceProps {
  int index = 0;
  std::string name;
  int cc_major = 0, cc_minor = 0;
  int sms = 0;
  double clock_mhz = 0;      // cudaDevAttrClockRate (peak SM clock)
  double mem_clock_mhz = 0;  // cudaDevAttrMemoryClockRate
  int bus_width_bits = 0;    // cudaDevAttrGlobalMemoryBusWidth
  std::string cc() const { return std::to_string(cc_major) + "." + std::to_string(cc_minor); }
};

// The runtime and the device `index`, or Error(69) naming what is missing (the library, a
// driver, a GPU). On success the device is current.
struct Gpu {
  std::unique_ptr<Runtime> rt;
  DeviceProps props;
};
Gpu open_gpu(int index, int prefer_major = 0, const SearchPlan& plan = search_plan());

// A device allocation freed on scope exit.
class DeviceBuffer {
 public:
  DeviceBuffer(const Runtime& rt, std::size_t bytes);
  ~DeviceBuffer();
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  void* get() const { return p_; }
  std::size_t size() const { return bytes_; }

 private:
  const Runtime& rt_;
  void* p_ = nullptr;
  std::size_t bytes_ = 0;
};

// A pair of CUDA events around work on the default stream.
class EventTimer {
 public:
  explicit EventTimer(const Runtime& rt);
  ~EventTimer();
  EventTimer(const EventTimer&) = delete;
  EventTimer& operator=(const EventTimer&) = delete;
  void start();
  double stop_ms();  // records the end, waits for it, returns the elapsed milliseconds

 private:
  const Runtime& rt_;
  void* a_ = nullptr;
  void* b_ = nullptr;
};

// cuBLASLt: opaque handles, and the attribute values used (cublasLt.h).
inline constexpr int kLtDescTransA = 3, kLtDescTransB = 4, kLtPrefMaxWorkspaceBytes = 1;
inline constexpr int kOpN = 0, kOpT = 1;
// cudaDataType_t and cublasComputeType_t
inline constexpr int kR32F = 0, kR16F = 2, kR16BF = 14, kR8F_E4M3 = 28;
inline constexpr int kCompute16F = 64, kCompute32F = 68, kCompute32FFastTF32 = 77;

struct LtAlgo {
  std::uint64_t data[8];
};
struct LtHeuristicResult {
  LtAlgo algo;
  std::size_t workspaceSize;
  int state;
  float wavesCount;
  int reserved[4];
};

struct BlasLt {
  Library lib;
  int (*Create)(void**) = nullptr;
  int (*Destroy)(void*) = nullptr;
  int (*MatmulDescCreate)(void**, int, int) = nullptr;
  int (*MatmulDescDestroy)(void*) = nullptr;
  int (*MatmulDescSetAttribute)(void*, int, const void*, std::size_t) = nullptr;
  int (*MatrixLayoutCreate)(void**, int, std::uint64_t, std::uint64_t, std::int64_t) = nullptr;
  int (*MatrixLayoutDestroy)(void*) = nullptr;
  int (*MatmulPreferenceCreate)(void**) = nullptr;
  int (*MatmulPreferenceDestroy)(void*) = nullptr;
  int (*MatmulPreferenceSetAttribute)(void*, int, const void*, std::size_t) = nullptr;
  int (*MatmulAlgoGetHeuristic)(void*, void*, void*, void*, void*, void*, void*, int, LtHeuristicResult*,
                                int*) = nullptr;
  int (*Matmul)(void*, void*, const void*, const void*, void*, const void*, void*, const void*, const void*, void*,
                void*, void*, const LtAlgo*, void*, std::size_t, void*) = nullptr;
  const char* (*GetStatusString)(int) = nullptr;
  std::size_t (*GetVersion)() = nullptr;
  int major = 0;  // soname major (13, 12, 11): the matching libcudart is preferred

  void check(int status, const char* call) const;  // Error(70) naming the call and status
};

// libcublasLt (majors 13, 12, 11). Absent: nullptr and `why`.
std::unique_ptr<BlasLt> open_blaslt(const SearchPlan& plan, std::string& why);

}  // namespace hs::cuda
