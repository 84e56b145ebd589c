#pragma once
// hs::cl: a thin RAII layer over the OpenCL 1.2 C API, shared by every kernel (sha256d, sgemm).
// Every return code is checked; a failure throws hs::Error naming the call and the code, e.g.
//   "clBuildProgram: CL_BUILD_PROGRAM_FAILURE" (+ the device's build log for builds).
// Device absence is exit 69 (unavailable); other OpenCL failures are exit 70 unless said.
//
// Usage:
//   #include "opencl/clpp.hpp"
//   auto devs = hs::cl::all_devices();                  // every device on every platform
//   hs::cl::Device dev = hs::cl::select_device("0");    // by index, or a name substring ("pthread")
//   hs::cl::Context ctx(dev);
//   hs::cl::Queue q(ctx, dev, /*profiling=*/true);
//   hs::cl::Program prog = hs::cl::Program::from_embedded(ctx, dev, "sgemm.cl", "-DTS=32");
//                                                      // build log in the error on failure;
//                                                      // binaries cached in program_cache_dir()
//   hs::cl::Kernel k(prog, "sgemm");
//   hs::cl::Buffer a(ctx, CL_MEM_READ_ONLY, n * sizeof(float));
//   q.write(a, host_a.data(), n * sizeof(float));       // blocking by default
//   k.set_args(a, b, c, cl_int(m), 1.5f);               // or k.set_arg(i, value) / k.set_local(i, bytes)
//   hs::cl::Event ev = q.run(k, {gx, gy}, {lx, ly});   // NDRange of 1 to 3 dimensions; local {} = any
//   ev.wait(); double ms = ev.elapsed_ms();             // needs a profiling queue
//   q.read(c, host_c.data(), bytes); q.finish();
//   dev.info().max_work_group_size ...                  // DeviceInfo (name, units, memory, ...)
#include <CL/cl.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace hs::cl {

// "CL_INVALID_VALUE" for -30, "CL_UNKNOWN_ERROR(-9999)" for codes it does not know.
std::string error_name(cl_int code);
// Throws hs::Error(exit_code, "<call>: <code name>[: detail]") when code != CL_SUCCESS.
void check(cl_int code, std::string_view call, std::string_view detail = {});
// The error thrown for code (for callers that must add context before throwing).
[[noreturn]] void fail(cl_int code, std::string_view call, std::string_view detail = {});

struct DeviceInfo {
  std::string platform;     // platform name
  std::string name;         // device name
  std::string vendor;
  std::string type;         // "gpu", "cpu", "accelerator", "other"
  std::string driver;       // driver version
  std::string version;      // CL_DEVICE_VERSION, e.g. "OpenCL 3.0 PoCL ..."
  std::string extensions;
  cl_uint compute_units = 0;
  cl_uint clock_mhz = 0;
  std::uint64_t global_mem = 0;      // bytes
  std::uint64_t max_alloc = 0;       // bytes
  std::uint64_t local_mem = 0;       // bytes
  std::size_t max_work_group_size = 0;
  std::vector<std::size_t> max_work_item_sizes;
  cl_uint preferred_vector_width_int = 0;
  bool has_extension(std::string_view ext) const;
};

class Device {
 public:
  Device() = default;
  Device(cl_platform_id platform, cl_device_id id) : platform_(platform), id_(id) {}
  cl_device_id id() const { return id_; }
  cl_platform_id platform_id() const { return platform_; }
  DeviceInfo info() const;
  // A stable key for caches: platform, device name and driver version.
  std::string cache_key() const;

 private:
  cl_platform_id platform_ = nullptr;
  cl_device_id id_ = nullptr;
};

// Every device of every platform, in platform order. No platform (or an ICD loader without
// drivers) gives an empty list, not an error; other failures throw.
std::vector<Device> all_devices();
// Picks a device: "" = the first GPU, else the first CPU, else the first device; a decimal
// number = that index in all_devices(); otherwise the first whose name contains the text
// (case-insensitive). Nothing matches / no devices: Error(69); index out of range: Error(64).
Device select_device(std::string_view spec);

// Move-only owner of one OpenCL handle, released with Release.
template <typename H, cl_int (*Release)(H)>
class Handle {
 public:
  Handle() = default;
  explicit Handle(H h) : h_(h) {}
  ~Handle() { reset(); }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& o) noexcept : h_(std::exchange(o.h_, nullptr)) {}
  Handle& operator=(Handle&& o) noexcept {
    if (this != &o) {
      reset();
      h_ = std::exchange(o.h_, nullptr);
    }
    return *this;
  }
  H get() const { return h_; }
  explicit operator bool() const { return h_ != nullptr; }
  void reset() {
    if (h_) Release(h_);
    h_ = nullptr;
  }

 private:
  H h_ = nullptr;
};

class Context {
 public:
  Context() = default;
  explicit Context(const Device& dev);
  cl_context get() const { return h_.get(); }
  const Device& device() const { return dev_; }

 private:
  Device dev_;
  Handle<cl_context, clReleaseContext> h_;
};

class Buffer {
 public:
  Buffer() = default;
  // flags: CL_MEM_READ_ONLY etc.; host_ptr with CL_MEM_COPY_HOST_PTR copies initial data.
  Buffer(const Context& ctx, cl_mem_flags flags, std::size_t bytes, void* host_ptr = nullptr);
  cl_mem get() const { return h_.get(); }
  std::size_t size() const { return bytes_; }

 private:
  Handle<cl_mem, clReleaseMemObject> h_;
  std::size_t bytes_ = 0;
};

class Event {
 public:
  Event() = default;
  explicit Event(cl_event e) : h_(e) {}
  cl_event get() const { return h_.get(); }
  void wait() const;
  // Profiling times in nanoseconds (queue made with profiling = true).
  std::uint64_t start_ns() const;
  std::uint64_t end_ns() const;
  double elapsed_ms() const { return static_cast<double>(end_ns() - start_ns()) / 1e6; }

 private:
  Handle<cl_event, clReleaseEvent> h_;
};

class Program {
 public:
  Program() = default;
  // Builds source for dev with options. Failure: Error(70) with the build log.
  // Uses the on-disk binary cache (program_cache_dir) unless use_cache is false or the
  // cache directory cannot be made; a stale or unreadable cached binary is rebuilt.
  static Program build(const Context& ctx, const Device& dev, std::string_view source,
                       std::string_view options = {}, bool use_cache = true);
  // Same, with the source of kernels/<file> embedded at build time.
  static Program from_embedded(const Context& ctx, const Device& dev, std::string_view file,
                               std::string_view options = {}, bool use_cache = true);
  cl_program get() const { return h_.get(); }
  bool from_cache() const { return from_cache_; }
  std::string build_log(const Device& dev) const;

 private:
  Handle<cl_program, clReleaseProgram> h_;
  bool from_cache_ = false;
};

// Directory of cached program binaries: $HS_CL_CACHE_DIR, else $XDG_CACHE_HOME/hybridsite/cl,
// else ~/.cache/hybridsite/cl; "" (no cache) when none can be found.
std::string program_cache_dir();

// A local-memory argument of a given size, for Kernel::set_arg.
struct Local {
  std::size_t bytes;
};

class Kernel {
 public:
  Kernel() = default;
  Kernel(const Program& prog, const std::string& name);
  cl_kernel get() const { return h_.get(); }
  const std::string& name() const { return name_; }

  void set_arg(cl_uint index, const Buffer& b) {
    cl_mem m = b.get();
    set_raw(index, sizeof(cl_mem), &m);
  }
  void set_arg(cl_uint index, Local l) { set_raw(index, l.bytes, nullptr); }
  // Any plain value (cl_uint, cl_float, cl_uint8 ...). Pass the exact OpenCL type.
  template <typename T>
    requires std::is_trivially_copyable_v<T> && (!std::is_pointer_v<T>)
  void set_arg(cl_uint index, const T& value) {
    set_raw(index, sizeof(T), &value);
  }
  template <typename... Args>
  void set_args(const Args&... args) {
    cl_uint i = 0;
    (set_arg(i++, args), ...);
  }
  void set_raw(cl_uint index, std::size_t size, const void* value);
  // Work-group size limit for this kernel on dev (CL_KERNEL_WORK_GROUP_SIZE).
  std::size_t work_group_size(const Device& dev) const;

 private:
  Handle<cl_kernel, clReleaseKernel> h_;
  std::string name_;
};

class Queue {
 public:
  Queue() = default;
  Queue(const Context& ctx, const Device& dev, bool profiling = false);
  cl_command_queue get() const { return h_.get(); }

  void write(const Buffer& b, const void* src, std::size_t bytes, std::size_t offset = 0, bool blocking = true);
  void read(const Buffer& b, void* dst, std::size_t bytes, std::size_t offset = 0, bool blocking = true);
  // Fills with a repeated pattern (e.g. a zero cl_uint).
  void fill(const Buffer& b, const void* pattern, std::size_t pattern_size, std::size_t bytes, std::size_t offset = 0);
  // Enqueues k over global (1 to 3 dims); local empty = implementation's choice.
  Event run(const Kernel& k, std::vector<std::size_t> global, std::vector<std::size_t> local = {});
  void flush();
  void finish();

 private:
  Handle<cl_command_queue, clReleaseCommandQueue> h_;
};

}  // namespace hs::cl
