#include "compute/bandwidth.hpp"

#include <chrono>
#include <cstring>
#include <vector>

#include "core/cli.hpp"
#include "core/error.hpp"

namespace hs::bandwidth {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::uint64_t kGroupBytes = 256 * 16;  // 256 work-items of one float4

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::vector<float> make(std::uint64_t n, float (*f)(std::uint64_t)) {
  std::vector<float> v(n);
  for (std::uint64_t i = 0; i < n; ++i) v[i] = f(i);
  return v;
}

// "" when v[i] == want(i) for all i, else the first mismatch.
template <typename Want>
std::string first_mismatch(const std::vector<float>& v, Want want) {
  for (std::size_t i = 0; i < v.size(); ++i)
    if (v[i] != want(i))
      return "element " + std::to_string(i) + " is " + std::to_string(v[i]) + ", expected " + std::to_string(want(i));
  return "";
}

// Warm-up then timed passes until the duration is spent; `pass` enqueues one and returns its
// device milliseconds once `sync` has waited for the batch.
template <typename Batch>
void time_loop(const Options& opt, Result& r, Batch batch_ms) {
  auto t0 = Clock::now();
  do batch_ms(1);
  while (since(t0) < opt.warmup_seconds && !interrupted());
  const double one = std::max(batch_ms(1), 1e-3);
  const auto batch = std::max<std::int64_t>(1, static_cast<std::int64_t>(50.0 / one));
  if (opt.meter) opt.meter->start();
  t0 = Clock::now();
  double ms = 0;
  while (since(t0) < opt.seconds) {
    if (interrupted()) {
      r.partial = true;
      break;
    }
    ms += batch_ms(batch);
    r.passes += batch;
  }
  if (opt.meter) r.watts = opt.meter->stop();
  r.seconds = ms / 1e3;
  if (r.seconds > 0) r.gb_per_s = static_cast<double>(r.bytes_per_pass) * static_cast<double>(r.passes) / r.seconds / 1e9;
}

}  // namespace

std::string name(Kernel k) {
  switch (k) {
    case Kernel::copy: return "copy";
    case Kernel::triad: return "triad";
    case Kernel::memcpy: return "memcpy";
  }
  return "?";
}

std::uint64_t counted_bytes(Kernel k, std::uint64_t array_bytes) {
  return (k == Kernel::triad ? 3 : 2) * array_bytes;
}

// Small integers: every value and b + 3c is exact in FP32 (below 2^24).
float init_a(std::uint64_t i) { return static_cast<float>(i % 4093); }
float init_b(std::uint64_t i) { return static_cast<float>((i * 7) % 1021); }
float init_c(std::uint64_t i) { return static_cast<float>((i * 13) % 509); }

std::uint64_t usable_array_bytes(std::uint64_t requested, std::uint64_t max_alloc, std::uint64_t global_mem,
                                 int arrays, const std::string& device) {
  const std::uint64_t bytes = requested / kGroupBytes * kGroupBytes;
  if (bytes < (1u << 20)) throw_usage("--mib: arrays must be at least 1 MiB");
  if (max_alloc > 0 && bytes > max_alloc)
    throw_usage("--mib: an array of " + std::to_string(bytes >> 20) + " MiB exceeds " + device +
                "'s maximum allocation of " + std::to_string(max_alloc >> 20) + " MiB");
  if (global_mem > 0 && bytes * static_cast<std::uint64_t>(arrays) > global_mem)
    throw_usage("--mib: " + std::to_string(arrays) + " arrays of " + std::to_string(bytes >> 20) + " MiB exceed " +
                device + "'s memory of " + std::to_string(global_mem >> 20) + " MiB");
  return bytes;
}

Result run_opencl(const cl::Device& dev, Kernel k, const Options& opt) {
  if (k == Kernel::memcpy) throw_usage("memcpy is the CUDA backend's kernel");
  const cl::DeviceInfo info = dev.info();
  const int arrays = k == Kernel::triad ? 3 : 2;
  Result r;
  r.device = info.name;
  r.backend = "opencl";
  r.kernel = k;
  r.array_bytes = usable_array_bytes(opt.array_bytes, info.max_alloc, info.global_mem, arrays, info.name);
  r.bytes_per_pass = counted_bytes(k, r.array_bytes);
  r.peak.source = "OpenCL reports no memory clock or bus width";
  const std::uint64_t n = r.array_bytes / sizeof(float);

  cl::Context ctx(dev);
  cl::Queue q(ctx, dev, /*profiling=*/true);
  cl::Program prog = cl::Program::from_embedded(ctx, dev, "stream.cl");
  // copy: c = a (c starts as zeros); triad: a = b + s*c (a starts as zeros).
  std::vector<float> host = make(n, k == Kernel::copy ? init_a : init_b);
  cl::Buffer da(ctx, CL_MEM_READ_WRITE, r.array_bytes), db, dc(ctx, CL_MEM_READ_WRITE, r.array_bytes);
  const cl_float zero = 0;
  if (k == Kernel::copy) {
    q.write(da, host.data(), r.array_bytes);
    q.fill(dc, &zero, sizeof zero, r.array_bytes);
  } else {
    db = cl::Buffer(ctx, CL_MEM_READ_ONLY, r.array_bytes);
    q.write(db, host.data(), r.array_bytes);
    host = make(n, init_c);
    q.write(dc, host.data(), r.array_bytes);
    q.fill(da, &zero, sizeof zero, r.array_bytes);
  }
  q.finish();
  std::vector<float>().swap(host);
  cl::Kernel kern(prog, k == Kernel::copy ? "stream_copy" : "stream_triad");
  if (k == Kernel::copy)
    kern.set_args(da, dc);  // c = a
  else
    kern.set_args(da, db, dc, cl_float(kTriadScalar));  // a = b + s*c
  const std::vector<std::size_t> global{static_cast<std::size_t>(n / 4)};
  const std::vector<std::size_t> local{std::min<std::size_t>(256, std::max<std::size_t>(1, info.max_work_group_size))};
  time_loop(opt, r, [&](std::int64_t passes) {
    cl::Event first = q.run(kern, global, local);
    cl::Event last;
    for (std::int64_t i = 1; i < passes; ++i) last = q.run(kern, global, local);
    q.finish();
    const std::uint64_t end = last.get() ? last.end_ns() : first.end_ns();
    return static_cast<double>(end - first.start_ns()) / 1e6;
  });
  // Every element, after every pass has run.
  std::vector<float> out(n);
  if (k == Kernel::copy) {
    q.read(dc, out.data(), r.array_bytes);
    r.mismatch = first_mismatch(out, [](std::uint64_t i) { return init_a(i); });
  } else {
    q.read(da, out.data(), r.array_bytes);
    r.mismatch = first_mismatch(out, [](std::uint64_t i) { return init_b(i) + kTriadScalar * init_c(i); });
  }
  r.verified = r.mismatch.empty();
  return r;
}

Result run_cuda(const cuda::Gpu& gpu, const Options& opt) {
  const cuda::Runtime& rt = *gpu.rt;
  Result r;
  r.device = gpu.props.name;
  r.backend = "cuda";
  r.kernel = Kernel::memcpy;
  r.array_bytes = usable_array_bytes(opt.array_bytes, 0, 0, 2, r.device);
  r.bytes_per_pass = counted_bytes(Kernel::memcpy, r.array_bytes);
  r.peak = peak::cuda_bandwidth(gpu.props.mem_clock_mhz, gpu.props.bus_width_bits);
  const std::uint64_t n = r.array_bytes / sizeof(float);
  auto a = make(n, init_a);
  cuda::DeviceBuffer src(rt, r.array_bytes), dst(rt, r.array_bytes);
  rt.check(rt.Memcpy(src.get(), a.data(), r.array_bytes, cuda::kMemcpyHostToDevice), "cudaMemcpy");
  rt.check(rt.Memset(dst.get(), 0, r.array_bytes), "cudaMemset");
  cuda::EventTimer timer(rt);
  time_loop(opt, r, [&](std::int64_t passes) {
    timer.start();
    for (std::int64_t i = 0; i < passes; ++i)
      rt.check(rt.Memcpy(dst.get(), src.get(), r.array_bytes, cuda::kMemcpyDeviceToDevice), "cudaMemcpy");
    return timer.stop_ms();
  });
  std::vector<float> out(n);
  rt.check(rt.Memcpy(out.data(), dst.get(), r.array_bytes, cuda::kMemcpyDeviceToHost), "cudaMemcpy");
  r.mismatch = first_mismatch(out, [](std::uint64_t i) { return init_a(i); });
  r.verified = r.mismatch.empty();
  return r;
}

}  // namespace hs::bandwidth
