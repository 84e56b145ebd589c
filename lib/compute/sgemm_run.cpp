#include "compute/sgemm_run.hpp"

#include <unistd.h>

#include <chrono>
#include <climits>
#include <sstream>
#include <vector>

#include "core/cli.hpp"
#include "core/error.hpp"

namespace hs::sgemm {
namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::string mib(std::uint64_t bytes) {
  std::ostringstream s;
  s << (bytes + (1u << 20) - 1) / (1u << 20) << " MiB";
  return s.str();
}

std::uint64_t host_memory() {
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page > 0 ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page) : 0;
}

struct HostData {
  std::vector<float> a, b, c0, c;
};

HostData make_inputs(const RunOptions& opt) {
  const auto& p = opt.problem;
  HostData h;
  h.a.resize(static_cast<std::size_t>(p.m * p.k));
  h.b.resize(static_cast<std::size_t>(p.k * p.n));
  h.c0.resize(static_cast<std::size_t>(p.m * p.n));
  fill_random(h.a, opt.seed);
  fill_random(h.b, opt.seed + 1);
  fill_random(h.c0, opt.seed + 2);
  h.c = h.c0;
  return h;
}

// Warm-up, then products until the duration is spent (or SIGINT); `one` runs one product
// and `sync` waits for all queued work.
template <typename One, typename Sync>
void time_loop(const RunOptions& opt, Result& r, One one, Sync sync) {
  auto t0 = Clock::now();
  do {
    one();
    sync();
  } while (since(t0) < opt.warmup_seconds && !interrupted());
  // Batch size from one product's time, so the clock is read rarely but we stop near S.
  if (opt.meter) opt.meter->start();
  t0 = Clock::now();
  one();
  sync();
  const double per = std::max(since(t0), 1e-6);
  const std::int64_t batch = std::max<std::int64_t>(1, static_cast<std::int64_t>(0.05 / per));
  r.products = 1;
  while (since(t0) < opt.seconds) {
    if (interrupted()) {
      r.partial = true;
      break;
    }
    for (std::int64_t i = 0; i < batch; ++i) one();
    sync();
    r.products += batch;
  }
  r.seconds = since(t0);
  if (opt.meter) r.watts = opt.meter->stop();
  r.gflops = opt.problem.flops() * static_cast<double>(r.products) / r.seconds / 1e9;
}

}  // namespace

std::uint64_t buffer_bytes(std::int64_t rows, std::int64_t cols) {
  return static_cast<std::uint64_t>(rows) * static_cast<std::uint64_t>(cols) * sizeof(float);
}

void check_limits(const Problem& p, std::uint64_t max_alloc, std::uint64_t global_mem, std::string_view device) {
  if (p.m <= 0 || p.n <= 0 || p.k <= 0) throw_usage("sizes must be at least 1 (got M=" + std::to_string(p.m) +
                                                    " N=" + std::to_string(p.n) + " K=" + std::to_string(p.k) + ")");
  for (auto [v, name] : {std::pair{p.m, "M"}, {p.n, "N"}, {p.k, "K"}})
    if (v > INT_MAX) throw_usage(std::string(name) + "=" + std::to_string(v) + " exceeds the kernel's limit of 2147483647");
  const std::uint64_t a = buffer_bytes(p.m, p.k), b = buffer_bytes(p.k, p.n), c = buffer_bytes(p.m, p.n);
  const std::uint64_t biggest = std::max({a, b, c});
  const std::string dev{device};
  if (max_alloc > 0 && biggest > max_alloc)
    throw_usage("a " + mib(biggest) + " matrix exceeds " + dev + "'s maximum allocation (CL_DEVICE_MAX_MEM_ALLOC_SIZE) of " +
                mib(max_alloc));
  if (global_mem > 0 && a + b + c > global_mem)
    throw_usage("A, B and C (" + mib(a + b + c) + ") exceed " + dev + "'s global memory (CL_DEVICE_GLOBAL_MEM_SIZE) of " +
                mib(global_mem));
  // Host copies: A, B, C and the initial C kept for the check.
  const std::uint64_t host = host_memory();
  if (host > 0 && a + b + 2 * c > host)
    throw_usage("the host copies of A, B and C (" + mib(a + b + 2 * c) + ") exceed the host's memory of " + mib(host));
}

Result run_native(const RunOptions& opt) {
  const auto& p = opt.problem;
  check_limits(p, 0, 0, "the native CPU device");
  Result r;
  r.device = "native";
  r.backend = "native";
  r.tuning = "openblas";
  r.problem = p;
  HostData h = make_inputs(opt);
  native_sgemm(p, h.a.data(), h.b.data(), h.c.data());
  r.check = check_sample(p, h.a.data(), h.b.data(), h.c0.data(), h.c.data(), opt.samples, opt.seed + 3);
  if (!r.check.passed) return r;
  time_loop(opt, r, [&] { native_sgemm(p, h.a.data(), h.b.data(), h.c.data()); }, [] {});
  return r;
}

Result run_opencl(const cl::Device& dev, const Params& params, const RunOptions& opt) {
  const auto& p = opt.problem;
  const cl::DeviceInfo info = dev.info();
  check_limits(p, info.max_alloc, info.global_mem, info.name);
  if (auto why = invalid_reason(params); !why.empty()) throw_usage("sgemm tuning " + params.to_string() + ": " + why);
  const std::size_t wg = static_cast<std::size_t>(params.local_m() * params.local_n());
  if (info.max_work_group_size > 0 && wg > info.max_work_group_size)
    throw_usage("sgemm tuning " + params.to_string() + " needs work-groups of " + std::to_string(wg) +
                ", more than the device's maximum of " + std::to_string(info.max_work_group_size));
  const std::uint64_t local_bytes =
      static_cast<std::uint64_t>(params.mwg + params.nwg) * static_cast<std::uint64_t>(params.kwg) * sizeof(float);
  if (info.local_mem > 0 && local_bytes > info.local_mem)
    throw_usage("sgemm tuning " + params.to_string() + " needs " + std::to_string(local_bytes) +
                " bytes of local memory, more than the device's " + std::to_string(info.local_mem));

  Result r;
  r.device = info.name;
  r.backend = "opencl";
  r.tuning = params.to_string();
  r.problem = p;
  HostData h = make_inputs(opt);

  cl::Context ctx(dev);
  cl::Queue q(ctx, dev);
  cl::Program prog = cl::Program::from_embedded(ctx, dev, "sgemm.cl", params.build_options());
  cl::Kernel k(prog, "sgemm");
  cl::Buffer a(ctx, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, h.a.size() * sizeof(float), h.a.data());
  cl::Buffer b(ctx, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, h.b.size() * sizeof(float), h.b.data());
  cl::Buffer c(ctx, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, h.c.size() * sizeof(float), h.c.data());
  const auto m = static_cast<cl_int>(p.m), n = static_cast<cl_int>(p.n), kk = static_cast<cl_int>(p.k);
  k.set_args(m, n, kk, cl_float(p.alpha), cl_float(p.beta), a, kk, b, n, c, n);
  const auto groups_n = static_cast<std::size_t>((p.n + params.nwg - 1) / params.nwg);
  const auto groups_m = static_cast<std::size_t>((p.m + params.mwg - 1) / params.mwg);
  const std::vector<std::size_t> global{groups_n * static_cast<std::size_t>(params.local_n()),
                                        groups_m * static_cast<std::size_t>(params.local_m())};
  const std::vector<std::size_t> local{static_cast<std::size_t>(params.local_n()),
                                       static_cast<std::size_t>(params.local_m())};
  q.run(k, global, local);
  q.read(c, h.c.data(), h.c.size() * sizeof(float));
  r.check = check_sample(p, h.a.data(), h.b.data(), h.c0.data(), h.c.data(), opt.samples, opt.seed + 3);
  if (!r.check.passed) return r;
  time_loop(opt, r, [&] { q.run(k, global, local); }, [&] { q.finish(); });
  return r;
}

std::string disagreement_message(const Result& r) {
  std::ostringstream s;
  s << "sgemm on " << r.device << " (" << r.tuning << ") disagrees with the double-precision reference at C["
    << r.check.worst_row << "][" << r.check.worst_col << "]: relative error " << r.check.max_rel_error
    << " > bound " << r.check.bound << " ((K+4)*FLT_EPSILON); no rate reported";
  return s.str();
}

}  // namespace hs::sgemm
