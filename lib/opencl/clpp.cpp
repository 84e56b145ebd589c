#include "opencl/clpp.hpp"

#include <CL/cl_ext.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "opencl/embedded_kernels.hpp"
#include "core/io.hpp"

namespace hs::cl {

std::string error_name(cl_int code) {
  switch (code) {
#define HS_CL_CASE(x) \
  case x:             \
    return #x;
    HS_CL_CASE(CL_SUCCESS)
    HS_CL_CASE(CL_DEVICE_NOT_FOUND)
    HS_CL_CASE(CL_DEVICE_NOT_AVAILABLE)
    HS_CL_CASE(CL_COMPILER_NOT_AVAILABLE)
    HS_CL_CASE(CL_MEM_OBJECT_ALLOCATION_FAILURE)
    HS_CL_CASE(CL_OUT_OF_RESOURCES)
    HS_CL_CASE(CL_OUT_OF_HOST_MEMORY)
    HS_CL_CASE(CL_PROFILING_INFO_NOT_AVAILABLE)
    HS_CL_CASE(CL_MEM_COPY_OVERLAP)
    HS_CL_CASE(CL_IMAGE_FORMAT_MISMATCH)
    HS_CL_CASE(CL_IMAGE_FORMAT_NOT_SUPPORTED)
    HS_CL_CASE(CL_BUILD_PROGRAM_FAILURE)
    HS_CL_CASE(CL_MAP_FAILURE)
    HS_CL_CASE(CL_MISALIGNED_SUB_BUFFER_OFFSET)
    HS_CL_CASE(CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST)
    HS_CL_CASE(CL_COMPILE_PROGRAM_FAILURE)
    HS_CL_CASE(CL_LINKER_NOT_AVAILABLE)
    HS_CL_CASE(CL_LINK_PROGRAM_FAILURE)
    HS_CL_CASE(CL_DEVICE_PARTITION_FAILED)
    HS_CL_CASE(CL_KERNEL_ARG_INFO_NOT_AVAILABLE)
    HS_CL_CASE(CL_INVALID_VALUE)
    HS_CL_CASE(CL_INVALID_DEVICE_TYPE)
    HS_CL_CASE(CL_INVALID_PLATFORM)
    HS_CL_CASE(CL_INVALID_DEVICE)
    HS_CL_CASE(CL_INVALID_CONTEXT)
    HS_CL_CASE(CL_INVALID_QUEUE_PROPERTIES)
    HS_CL_CASE(CL_INVALID_COMMAND_QUEUE)
    HS_CL_CASE(CL_INVALID_HOST_PTR)
    HS_CL_CASE(CL_INVALID_MEM_OBJECT)
    HS_CL_CASE(CL_INVALID_IMAGE_FORMAT_DESCRIPTOR)
    HS_CL_CASE(CL_INVALID_IMAGE_SIZE)
    HS_CL_CASE(CL_INVALID_SAMPLER)
    HS_CL_CASE(CL_INVALID_BINARY)
    HS_CL_CASE(CL_INVALID_BUILD_OPTIONS)
    HS_CL_CASE(CL_INVALID_PROGRAM)
    HS_CL_CASE(CL_INVALID_PROGRAM_EXECUTABLE)
    HS_CL_CASE(CL_INVALID_KERNEL_NAME)
    HS_CL_CASE(CL_INVALID_KERNEL_DEFINITION)
    HS_CL_CASE(CL_INVALID_KERNEL)
    HS_CL_CASE(CL_INVALID_ARG_INDEX)
    HS_CL_CASE(CL_INVALID_ARG_VALUE)
    HS_CL_CASE(CL_INVALID_ARG_SIZE)
    HS_CL_CASE(CL_INVALID_KERNEL_ARGS)
    HS_CL_CASE(CL_INVALID_WORK_DIMENSION)
    HS_CL_CASE(CL_INVALID_WORK_GROUP_SIZE)
    HS_CL_CASE(CL_INVALID_WORK_ITEM_SIZE)
    HS_CL_CASE(CL_INVALID_GLOBAL_OFFSET)
    HS_CL_CASE(CL_INVALID_EVENT_WAIT_LIST)
    HS_CL_CASE(CL_INVALID_EVENT)
    HS_CL_CASE(CL_INVALID_OPERATION)
    HS_CL_CASE(CL_INVALID_GL_OBJECT)
    HS_CL_CASE(CL_INVALID_BUFFER_SIZE)
    HS_CL_CASE(CL_INVALID_MIP_LEVEL)
    HS_CL_CASE(CL_INVALID_GLOBAL_WORK_SIZE)
    HS_CL_CASE(CL_INVALID_PROPERTY)
    HS_CL_CASE(CL_INVALID_IMAGE_DESCRIPTOR)
    HS_CL_CASE(CL_INVALID_COMPILER_OPTIONS)
    HS_CL_CASE(CL_INVALID_LINKER_OPTIONS)
    HS_CL_CASE(CL_INVALID_DEVICE_PARTITION_COUNT)
    HS_CL_CASE(CL_PLATFORM_NOT_FOUND_KHR)
#undef HS_CL_CASE
    default:
      return "CL_UNKNOWN_ERROR(" + std::to_string(code) + ")";
  }
}

void fail(cl_int code, std::string_view call, std::string_view detail) {
  std::string msg = std::string(call) + ": " + error_name(code);
  if (!detail.empty()) msg += ": " + std::string(detail);
  // Missing devices are the machine's state, not a bug: 69 like "no device".
  int exit = (code == CL_DEVICE_NOT_FOUND || code == CL_DEVICE_NOT_AVAILABLE || code == CL_PLATFORM_NOT_FOUND_KHR ||
              code == CL_COMPILER_NOT_AVAILABLE)
                 ? exit_code::unavailable
                 : exit_code::software;
  throw Error(exit, msg);
}

void check(cl_int code, std::string_view call, std::string_view detail) {
  if (code != CL_SUCCESS) fail(code, call, detail);
}

namespace {

std::string platform_string(cl_platform_id p, cl_platform_info what) {
  std::size_t n = 0;
  check(clGetPlatformInfo(p, what, 0, nullptr, &n), "clGetPlatformInfo");
  std::string s(n, '\0');
  check(clGetPlatformInfo(p, what, n, s.data(), nullptr), "clGetPlatformInfo");
  while (!s.empty() && s.back() == '\0') s.pop_back();
  return s;
}

std::string device_string(cl_device_id d, cl_device_info what) {
  std::size_t n = 0;
  check(clGetDeviceInfo(d, what, 0, nullptr, &n), "clGetDeviceInfo");
  std::string s(n, '\0');
  check(clGetDeviceInfo(d, what, n, s.data(), nullptr), "clGetDeviceInfo");
  while (!s.empty() && s.back() == '\0') s.pop_back();
  return s;
}

template <typename T>
T device_value(cl_device_id d, cl_device_info what) {
  T v{};
  check(clGetDeviceInfo(d, what, sizeof(T), &v, nullptr), "clGetDeviceInfo");
  return v;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// FNV-1a 64: a cache key, not a security measure.
std::uint64_t fnv1a(std::string_view s, std::uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace

bool DeviceInfo::has_extension(std::string_view ext) const {
  std::istringstream in(extensions);
  std::string word;
  while (in >> word)
    if (word == ext) return true;
  return false;
}

DeviceInfo Device::info() const {
  DeviceInfo i;
  i.platform = platform_string(platform_, CL_PLATFORM_NAME);
  i.name = device_string(id_, CL_DEVICE_NAME);
  i.vendor = device_string(id_, CL_DEVICE_VENDOR);
  i.driver = device_string(id_, CL_DRIVER_VERSION);
  i.version = device_string(id_, CL_DEVICE_VERSION);
  i.extensions = device_string(id_, CL_DEVICE_EXTENSIONS);
  auto type = device_value<cl_device_type>(id_, CL_DEVICE_TYPE);
  i.type = (type & CL_DEVICE_TYPE_GPU) ? "gpu" : (type & CL_DEVICE_TYPE_CPU) ? "cpu"
           : (type & CL_DEVICE_TYPE_ACCELERATOR)                             ? "accelerator"
                                                                             : "other";
  i.compute_units = device_value<cl_uint>(id_, CL_DEVICE_MAX_COMPUTE_UNITS);
  i.clock_mhz = device_value<cl_uint>(id_, CL_DEVICE_MAX_CLOCK_FREQUENCY);
  i.global_mem = device_value<cl_ulong>(id_, CL_DEVICE_GLOBAL_MEM_SIZE);
  i.max_alloc = device_value<cl_ulong>(id_, CL_DEVICE_MAX_MEM_ALLOC_SIZE);
  i.local_mem = device_value<cl_ulong>(id_, CL_DEVICE_LOCAL_MEM_SIZE);
  i.max_work_group_size = device_value<std::size_t>(id_, CL_DEVICE_MAX_WORK_GROUP_SIZE);
  auto dims = device_value<cl_uint>(id_, CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS);
  i.max_work_item_sizes.resize(dims);
  check(clGetDeviceInfo(id_, CL_DEVICE_MAX_WORK_ITEM_SIZES, dims * sizeof(std::size_t), i.max_work_item_sizes.data(),
                        nullptr),
        "clGetDeviceInfo");
  i.preferred_vector_width_int = device_value<cl_uint>(id_, CL_DEVICE_PREFERRED_VECTOR_WIDTH_INT);
  return i;
}

std::string Device::cache_key() const {
  return platform_string(platform_, CL_PLATFORM_NAME) + "|" + device_string(id_, CL_DEVICE_NAME) + "|" +
         device_string(id_, CL_DRIVER_VERSION);
}

std::vector<Device> all_devices() {
  cl_uint np = 0;
  cl_int rc = clGetPlatformIDs(0, nullptr, &np);
  if (rc == CL_PLATFORM_NOT_FOUND_KHR || np == 0) return {};
  check(rc, "clGetPlatformIDs");
  std::vector<cl_platform_id> platforms(np);
  check(clGetPlatformIDs(np, platforms.data(), nullptr), "clGetPlatformIDs");
  std::vector<Device> out;
  for (auto p : platforms) {
    cl_uint nd = 0;
    rc = clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, nullptr, &nd);
    if (rc == CL_DEVICE_NOT_FOUND || nd == 0) continue;
    check(rc, "clGetDeviceIDs");
    std::vector<cl_device_id> ids(nd);
    check(clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, nd, ids.data(), nullptr), "clGetDeviceIDs");
    for (auto d : ids) out.emplace_back(p, d);
  }
  return out;
}

Device select_device(std::string_view spec) {
  auto devs = all_devices();
  if (devs.empty()) throw Error(exit_code::unavailable, "no OpenCL platform or device found");
  if (spec.empty()) {
    for (const char* want : {"gpu", "cpu"})
      for (auto& d : devs)
        if (d.info().type == want) return d;
    return devs.front();
  }
  if (std::all_of(spec.begin(), spec.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    std::size_t idx = spec.size() > 9 ? devs.size() : std::stoul(std::string(spec));
    if (idx >= devs.size())
      throw_usage("--device: no OpenCL device with index " + std::string(spec) + " (there are " +
                  std::to_string(devs.size()) + ")");
    return devs[idx];
  }
  auto want = lower(spec);
  for (auto& d : devs)
    if (lower(d.info().name).find(want) != std::string::npos) return d;
  throw Error(exit_code::unavailable, "--device: no OpenCL device whose name contains \"" + std::string(spec) + "\"");
}

Context::Context(const Device& dev) : dev_(dev) {
  cl_int rc = CL_SUCCESS;
  cl_context_properties props[] = {CL_CONTEXT_PLATFORM, reinterpret_cast<cl_context_properties>(dev.platform_id()),
                                   0};
  cl_device_id id = dev.id();
  cl_context c = clCreateContext(props, 1, &id, nullptr, nullptr, &rc);
  check(rc, "clCreateContext");
  h_ = Handle<cl_context, clReleaseContext>(c);
}

Buffer::Buffer(const Context& ctx, cl_mem_flags flags, std::size_t bytes, void* host_ptr) : bytes_(bytes) {
  cl_int rc = CL_SUCCESS;
  cl_mem m = clCreateBuffer(ctx.get(), flags, bytes, host_ptr, &rc);
  check(rc, "clCreateBuffer", std::to_string(bytes) + " bytes");
  h_ = Handle<cl_mem, clReleaseMemObject>(m);
}

void Event::wait() const {
  cl_event e = h_.get();
  check(clWaitForEvents(1, &e), "clWaitForEvents");
}

std::uint64_t Event::start_ns() const {
  cl_ulong t = 0;
  check(clGetEventProfilingInfo(h_.get(), CL_PROFILING_COMMAND_START, sizeof t, &t, nullptr),
        "clGetEventProfilingInfo");
  return t;
}

std::uint64_t Event::end_ns() const {
  cl_ulong t = 0;
  check(clGetEventProfilingInfo(h_.get(), CL_PROFILING_COMMAND_END, sizeof t, &t, nullptr),
        "clGetEventProfilingInfo");
  return t;
}

std::string program_cache_dir() {
  namespace fs = std::filesystem;
  if (const char* d = std::getenv("HS_CL_CACHE_DIR"); d && *d) return d;
  fs::path base;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x)
    base = x;
  else if (const char* h = std::getenv("HOME"); h && *h)
    base = fs::path(h) / ".cache";
  else
    return {};
  return (base / "hybridsite" / "cl").string();
}

std::string Program::build_log(const Device& dev) const {
  std::size_t n = 0;
  if (clGetProgramBuildInfo(h_.get(), dev.id(), CL_PROGRAM_BUILD_LOG, 0, nullptr, &n) != CL_SUCCESS) return {};
  std::string s(n, '\0');
  if (clGetProgramBuildInfo(h_.get(), dev.id(), CL_PROGRAM_BUILD_LOG, n, s.data(), nullptr) != CL_SUCCESS) return {};
  while (!s.empty() && (s.back() == '\0' || s.back() == '\n')) s.pop_back();
  return s;
}

namespace {

// Builds p; on failure throws with the device's build log.
void build_or_throw(cl_program p, const Device& dev, const std::string& opts, Program& holder) {
  cl_device_id id = dev.id();
  cl_int rc = clBuildProgram(p, 1, &id, opts.c_str(), nullptr, nullptr);
  if (rc != CL_SUCCESS) {
    std::string log = holder.build_log(dev);
    fail(rc, "clBuildProgram", "options \"" + opts + "\"" + (log.empty() ? "" : "; build log:\n" + log));
  }
}

std::string read_binary_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

Program Program::build(const Context& ctx, const Device& dev, std::string_view source, std::string_view options,
                       bool use_cache) {
  namespace fs = std::filesystem;
  std::string opts(options);
  std::string cache_file;
  if (use_cache) {
    auto dir = program_cache_dir();
    if (!dir.empty()) {
      std::uint64_t h = fnv1a(source, fnv1a(opts, fnv1a(dev.cache_key())));
      char name[32];
      std::snprintf(name, sizeof name, "%016llx.bin", static_cast<unsigned long long>(h));
      cache_file = (fs::path(dir) / name).string();
    }
  }
  cl_device_id id = dev.id();
  // A cached binary first; any failure falls back to building from source.
  if (!cache_file.empty()) {
    std::string bin = read_binary_file(cache_file);
    if (!bin.empty()) {
      const unsigned char* ptr = reinterpret_cast<const unsigned char*>(bin.data());
      std::size_t len = bin.size();
      cl_int status = CL_SUCCESS, rc = CL_SUCCESS;
      cl_program p = clCreateProgramWithBinary(ctx.get(), 1, &id, &len, &ptr, &status, &rc);
      if (rc == CL_SUCCESS && status == CL_SUCCESS) {
        Program prog;
        prog.h_ = Handle<cl_program, clReleaseProgram>(p);
        if (clBuildProgram(p, 1, &id, opts.c_str(), nullptr, nullptr) == CL_SUCCESS) {
          prog.from_cache_ = true;
          return prog;
        }
      } else if (p) {
        clReleaseProgram(p);
      }
    }
  }
  cl_int rc = CL_SUCCESS;
  const char* src = source.data();
  std::size_t len = source.size();
  cl_program p = clCreateProgramWithSource(ctx.get(), 1, &src, &len, &rc);
  check(rc, "clCreateProgramWithSource");
  Program prog;
  prog.h_ = Handle<cl_program, clReleaseProgram>(p);
  build_or_throw(p, dev, opts, prog);
  if (!cache_file.empty()) {
    // Saving the binary is a best effort: a read-only cache never fails a build.
    std::size_t bin_size = 0;
    if (clGetProgramInfo(p, CL_PROGRAM_BINARY_SIZES, sizeof bin_size, &bin_size, nullptr) == CL_SUCCESS &&
        bin_size > 0) {
      std::string bin(bin_size, '\0');
      unsigned char* bptr = reinterpret_cast<unsigned char*>(bin.data());
      if (clGetProgramInfo(p, CL_PROGRAM_BINARIES, sizeof bptr, &bptr, nullptr) == CL_SUCCESS) {
        try {
          std::error_code ec;
          fs::create_directories(fs::path(cache_file).parent_path(), ec);
          if (!ec) write_file_atomically(cache_file, bin);
        } catch (const Error&) {
        }
      }
    }
  }
  return prog;
}

Program Program::from_embedded(const Context& ctx, const Device& dev, std::string_view file,
                               std::string_view options, bool use_cache) {
  const auto& k = embedded_kernels();
  auto it = k.find(std::string(file));
  if (it == k.end()) throw Error(exit_code::software, "no embedded kernel named " + std::string(file));
  return build(ctx, dev, it->second, options, use_cache);
}

Kernel::Kernel(const Program& prog, const std::string& name) : name_(name) {
  cl_int rc = CL_SUCCESS;
  cl_kernel k = clCreateKernel(prog.get(), name.c_str(), &rc);
  check(rc, "clCreateKernel", name);
  h_ = Handle<cl_kernel, clReleaseKernel>(k);
}

void Kernel::set_raw(cl_uint index, std::size_t size, const void* value) {
  check(clSetKernelArg(h_.get(), index, size, value), "clSetKernelArg",
        name_ + " argument " + std::to_string(index));
}

std::size_t Kernel::work_group_size(const Device& dev) const {
  std::size_t n = 0;
  check(clGetKernelWorkGroupInfo(h_.get(), dev.id(), CL_KERNEL_WORK_GROUP_SIZE, sizeof n, &n, nullptr),
        "clGetKernelWorkGroupInfo");
  return n;
}

Queue::Queue(const Context& ctx, const Device& dev, bool profiling) {
  cl_int rc = CL_SUCCESS;
  cl_command_queue q =
      clCreateCommandQueue(ctx.get(), dev.id(), profiling ? CL_QUEUE_PROFILING_ENABLE : 0, &rc);
  check(rc, "clCreateCommandQueue");
  h_ = Handle<cl_command_queue, clReleaseCommandQueue>(q);
}

void Queue::write(const Buffer& b, const void* src, std::size_t bytes, std::size_t offset, bool blocking) {
  check(clEnqueueWriteBuffer(h_.get(), b.get(), blocking ? CL_TRUE : CL_FALSE, offset, bytes, src, 0, nullptr,
                             nullptr),
        "clEnqueueWriteBuffer");
}

void Queue::read(const Buffer& b, void* dst, std::size_t bytes, std::size_t offset, bool blocking) {
  check(clEnqueueReadBuffer(h_.get(), b.get(), blocking ? CL_TRUE : CL_FALSE, offset, bytes, dst, 0, nullptr,
                            nullptr),
        "clEnqueueReadBuffer");
}

void Queue::fill(const Buffer& b, const void* pattern, std::size_t pattern_size, std::size_t bytes,
                 std::size_t offset) {
  check(clEnqueueFillBuffer(h_.get(), b.get(), pattern, pattern_size, offset, bytes, 0, nullptr, nullptr),
        "clEnqueueFillBuffer");
}

Event Queue::run(const Kernel& k, std::vector<std::size_t> global, std::vector<std::size_t> local) {
  if (global.empty() || global.size() > 3 || (!local.empty() && local.size() != global.size()))
    throw Error(exit_code::software, "Queue::run: bad NDRange dimensions for " + k.name());
  cl_event e = nullptr;
  check(clEnqueueNDRangeKernel(h_.get(), k.get(), static_cast<cl_uint>(global.size()), nullptr, global.data(),
                               local.empty() ? nullptr : local.data(), 0, nullptr, &e),
        "clEnqueueNDRangeKernel", k.name());
  return Event(e);
}

void Queue::flush() { check(clFlush(h_.get()), "clFlush"); }
void Queue::finish() { check(clFinish(h_.get()), "clFinish"); }

}  // namespace hs::cl
