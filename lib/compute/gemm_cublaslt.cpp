#include "compute/gemm_cublaslt.hpp"

#include <chrono>
#include <sstream>
#include <vector>

#include "core/cli.hpp"
#include "core/error.hpp"

namespace hs::gemm {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kWorkspaceBytes = 32u << 20;  // NVIDIA's advice for Hopper

// Destroys a cuBLASLt descriptor on scope exit.
struct LtObject {
  void* h = nullptr;
  int (*destroy)(void*) = nullptr;
  ~LtObject() {
    if (h && destroy) destroy(h);
  }
};

int input_type(Precision p) {
  switch (p) {
    case Precision::fp32:
    case Precision::tf32: return cuda::kR32F;
    case Precision::fp16: return cuda::kR16F;
    case Precision::bf16: return cuda::kR16BF;
    case Precision::fp8_e4m3: return cuda::kR8F_E4M3;
  }
  return cuda::kR32F;
}

int output_type(Precision p) {
  switch (p) {
    case Precision::fp32:
    case Precision::tf32: return cuda::kR32F;
    case Precision::fp16: return cuda::kR16F;
    case Precision::bf16:
    case Precision::fp8_e4m3: return cuda::kR16BF;
  }
  return cuda::kR32F;
}

int compute_type(Precision p) { return p == Precision::tf32 ? cuda::kCompute32FFastTF32 : cuda::kCompute32F; }

}  // namespace

void check_sizes(std::int64_t m, std::int64_t n, std::int64_t k) {
  for (auto [v, name] : {std::pair{m, "--m"}, {n, "--n"}, {k, "--k"}})
    if (v <= 0 || v % 16 != 0 || v > (1LL << 20))
      throw_usage(std::string(name) + ": must be a positive multiple of 16 up to 1048576 (got " + std::to_string(v) +
                  ")");
}

CublasLtBench::CublasLtBench(int gpu, const cuda::SearchPlan& plan) {
  std::string why;
  lt_ = cuda::open_blaslt(plan, why);
  if (!lt_) throw Error(exit_code::unavailable, why);
  gpu_ = cuda::open_gpu(gpu, lt_->major, plan);
  lt_->check(lt_->Create(&handle_), "cublasLtCreate");
}

CublasLtBench::~CublasLtBench() {
  if (handle_ && lt_) lt_->Destroy(handle_);
}

std::string CublasLtBench::library() const {
  return "cuBLASLt " + std::to_string(lt_->GetVersion()) + " (" + lt_->lib.path + ")";
}

std::string CublasLtBench::unsupported(Precision p) const {
  const auto& d = gpu_.props;
  const int cc = d.cc_major * 10 + d.cc_minor;
  if (p == Precision::fp8_e4m3 && cc < 89) return "FP8 needs compute capability 8.9 or later; " + d.name + " is " + d.cc();
  if ((p == Precision::tf32 || p == Precision::bf16) && cc < 80)
    return name(p) + " needs compute capability 8.0 or later; " + d.name + " is " + d.cc();
  return "";
}

Result CublasLtBench::run(Precision p, const RunOptions& opt) {
  check_sizes(opt.m, opt.n, opt.k);
  const cuda::Runtime& rt = *gpu_.rt;
  const cuda::BlasLt& lt = *lt_;
  const auto m = static_cast<std::uint64_t>(opt.m), n = static_cast<std::uint64_t>(opt.n),
             k = static_cast<std::uint64_t>(opt.k);
  Result r;
  r.device = gpu_.props.name;
  r.precision = p;
  r.m = opt.m;
  r.n = opt.n;
  r.k = opt.k;
  r.peak = peak::cuda_flops(gpu_.props.cc_major, gpu_.props.cc_minor, gpu_.props.sms, gpu_.props.clock_mhz, p);

  const auto a = exact_inputs(m * k, opt.seed), bt = exact_inputs(n * k, opt.seed + 1);
  const auto ea = encode_inputs(p, a), eb = encode_inputs(p, bt);
  cuda::DeviceBuffer da(rt, ea.size()), db(rt, eb.size());
  cuda::DeviceBuffer dd(rt, m * n * static_cast<std::uint64_t>(output_bytes(p)));
  cuda::DeviceBuffer ws(rt, kWorkspaceBytes);
  rt.check(rt.Memcpy(da.get(), ea.data(), ea.size(), cuda::kMemcpyHostToDevice), "cudaMemcpy");
  rt.check(rt.Memcpy(db.get(), eb.data(), eb.size(), cuda::kMemcpyHostToDevice), "cudaMemcpy");
  rt.check(rt.Memset(dd.get(), 0, dd.size()), "cudaMemset");

  // Column-major view: D (N x M, ld N) = op(Bt) (N x K) * A' (K x M): Bt row-major N x K is
  // column-major K x N (ld K), transposed by TRANSA; A row-major M x K is column-major K x M.
  LtObject desc{nullptr, lt.MatmulDescDestroy}, la{nullptr, lt.MatrixLayoutDestroy},
      lb{nullptr, lt.MatrixLayoutDestroy}, ld{nullptr, lt.MatrixLayoutDestroy},
      pref{nullptr, lt.MatmulPreferenceDestroy};
  lt.check(lt.MatmulDescCreate(&desc.h, compute_type(p), cuda::kR32F), "cublasLtMatmulDescCreate");
  const std::int32_t op_t = cuda::kOpT, op_n = cuda::kOpN;
  lt.check(lt.MatmulDescSetAttribute(desc.h, cuda::kLtDescTransA, &op_t, sizeof op_t), "cublasLtMatmulDescSetAttribute");
  lt.check(lt.MatmulDescSetAttribute(desc.h, cuda::kLtDescTransB, &op_n, sizeof op_n), "cublasLtMatmulDescSetAttribute");
  lt.check(lt.MatrixLayoutCreate(&la.h, input_type(p), k, n, static_cast<std::int64_t>(k)), "cublasLtMatrixLayoutCreate");
  lt.check(lt.MatrixLayoutCreate(&lb.h, input_type(p), k, m, static_cast<std::int64_t>(k)), "cublasLtMatrixLayoutCreate");
  lt.check(lt.MatrixLayoutCreate(&ld.h, output_type(p), n, m, static_cast<std::int64_t>(n)), "cublasLtMatrixLayoutCreate");
  lt.check(lt.MatmulPreferenceCreate(&pref.h), "cublasLtMatmulPreferenceCreate");
  const std::uint64_t wsb = kWorkspaceBytes;
  lt.check(lt.MatmulPreferenceSetAttribute(pref.h, cuda::kLtPrefMaxWorkspaceBytes, &wsb, sizeof wsb),
           "cublasLtMatmulPreferenceSetAttribute");
  cuda::LtHeuristicResult heur{};
  int found = 0;
  const int hs_rc = lt.MatmulAlgoGetHeuristic(handle_, desc.h, la.h, lb.h, ld.h, ld.h, pref.h, 1, &heur, &found);
  if (hs_rc != 0 || found == 0)
    throw Error(exit_code::unavailable, "cuBLASLt offers no " + name(p) + " algorithm for " + r.device + " at " +
                                            std::to_string(m) + "x" + std::to_string(n) + "x" + std::to_string(k));
  const float alpha = 1.0f, beta = 0.0f;
  auto one = [&] {
    lt.check(lt.Matmul(handle_, desc.h, &alpha, db.get(), la.h, da.get(), lb.h, &beta, dd.get(), ld.h, dd.get(), ld.h,
                       &heur.algo, ws.get(), kWorkspaceBytes, nullptr),
             "cublasLtMatmul");
  };

  one();
  rt.check(rt.DeviceSynchronize(), "cudaDeviceSynchronize");
  std::vector<std::uint8_t> out(dd.size());
  rt.check(rt.Memcpy(out.data(), dd.get(), out.size(), cuda::kMemcpyDeviceToHost), "cudaMemcpy");
  r.check = check_sample(p, opt.m, opt.n, opt.k, a, bt, decode_outputs(p, out), opt.samples, opt.seed + 2);
  if (!r.check.passed) return r;

  auto since = [](Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); };
  cuda::EventTimer timer(rt);
  auto t0 = Clock::now();
  do {
    one();
    rt.check(rt.DeviceSynchronize(), "cudaDeviceSynchronize");
  } while (since(t0) < opt.warmup_seconds && !interrupted());
  // Batches sized from one product so the host syncs about every 50 ms.
  timer.start();
  one();
  const double per_ms = std::max(timer.stop_ms(), 1e-3);
  const auto batch = std::max<std::int64_t>(1, static_cast<std::int64_t>(50.0 / per_ms));
  if (opt.meter) opt.meter->start();
  t0 = Clock::now();
  double ms = 0;
  while (since(t0) < opt.seconds) {
    if (interrupted()) {
      r.partial = true;
      break;
    }
    timer.start();
    for (std::int64_t i = 0; i < batch; ++i) one();
    ms += timer.stop_ms();
    r.products += batch;
  }
  if (opt.meter) r.watts = opt.meter->stop();
  r.seconds = ms / 1e3;
  if (r.seconds > 0)
    r.tflops = 2.0 * static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k) *
               static_cast<double>(r.products) / r.seconds / 1e12;
  return r;
}

std::string disagreement_message(const Result& r) {
  std::ostringstream s;
  s << "gemm " << name(r.precision) << " on " << r.device << " disagrees with the double reference at C["
    << r.check.worst_row << "][" << r.check.worst_col << "]: relative error " << r.check.max_rel_error << " > bound "
    << r.check.bound << "; no rate reported";
  return s.str();
}

}  // namespace hs::gemm
