#!/usr/bin/env bash
# SGEMM speed on the OpenCL CPU device (PoCL) and the native path, against the peers on the
# same machine: CLBlast's SGEMM on the same OpenCL device (its shipped, untuned parameters),
# clpeak's single-precision figure for that device, and OpenBLAS's own cblas_sgemm; on an
# NVIDIA GPU (DEVICE=its index) also cuBLAS, when python3 has torch with CUDA.
# Prints each figure and our ratio to it.
#
#   bench/hashbench_sgemm.sh [BUILD_DIR]     (default: build/release, else build/ci)
# Environment: SECONDS_PER_RUN (default 5), SIZES (default "1024 2048"), DEVICE (default 0).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-}
if [[ -z "$build" ]]; then
  source "$here/bench/lib.sh"
  build=$(bench_build_dir hashbench)
fi
hb="$build/tools/hashbench"
[[ -x "$hb" ]] || { echo "hashbench not built (looked in ${build:-build/release, build/ci}); pass the build folder" >&2; exit 66; }
secs=${SECONDS_PER_RUN:-5}
sizes=${SIZES:-1024 2048}
dev=${DEVICE:-0}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The peers' driver: CLBlastSgemm on OpenCL device $dev (platform-wide index), and cblas_sgemm,
# both row-major C = A*B on random inputs, timed for $secs seconds after one warm-up product.
cat >"$tmp/peer.cpp" <<'CPP'
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>
#include <cblas.h>
#include <clblast_c.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>
using Clock = std::chrono::steady_clock;
static double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
int main(int argc, char** argv) {
  const char* what = argv[1];
  const int n = std::atoi(argv[2]), dev_index = std::atoi(argv[3]);
  const double secs = std::atof(argv[4]);
  std::vector<float> a(size_t(n) * n), b(a.size()), c(a.size());
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> u(-1, 1);
  for (auto* v : {&a, &b, &c}) for (auto& x : *v) x = u(rng);
  const double flop = 2.0 * n * n * double(n);
  long products = 0;
  Clock::time_point t0;
  if (std::strcmp(what, "openblas") == 0) {
    auto one = [&] { cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a.data(), n, b.data(), n, 0.0f, c.data(), n); };
    one();
    t0 = Clock::now();
    do { one(); ++products; } while (since(t0) < secs);
  } else {
    cl_uint np = 0; clGetPlatformIDs(0, nullptr, &np);
    std::vector<cl_platform_id> ps(np); clGetPlatformIDs(np, ps.data(), nullptr);
    std::vector<std::pair<cl_platform_id, cl_device_id>> all;
    for (auto p : ps) { cl_uint nd = 0; if (clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, nullptr, &nd) != CL_SUCCESS) continue;
      std::vector<cl_device_id> ds(nd); clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, nd, ds.data(), nullptr);
      for (auto d : ds) all.emplace_back(p, d); }
    if (dev_index >= int(all.size())) { std::fprintf(stderr, "no OpenCL device %d\n", dev_index); return 69; }
    cl_device_id d = all[dev_index].second;
    cl_int e; cl_context ctx = clCreateContext(nullptr, 1, &d, nullptr, nullptr, &e);
    cl_command_queue q = clCreateCommandQueue(ctx, d, 0, &e);
    const size_t bytes = a.size() * sizeof(float);
    cl_mem da = clCreateBuffer(ctx, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, bytes, a.data(), &e);
    cl_mem db = clCreateBuffer(ctx, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, bytes, b.data(), &e);
    cl_mem dc = clCreateBuffer(ctx, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, bytes, c.data(), &e);
    auto one = [&] { CLBlastStatusCode s = CLBlastSgemm(CLBlastLayoutRowMajor, CLBlastTransposeNo, CLBlastTransposeNo, n, n, n, 1.0f, da, 0, n, db, 0, n, 0.0f, dc, 0, n, &q, nullptr);
                     if (s != CLBlastSuccess) { std::fprintf(stderr, "CLBlastSgemm: %d\n", int(s)); std::exit(70); } };
    one(); clFinish(q);  // compiles CLBlast's kernels
    t0 = Clock::now();
    do { one(); clFinish(q); ++products; } while (since(t0) < secs);
  }
  std::printf("%.2f\n", flop * products / since(t0) / 1e9);
}
CPP
g++ -O2 -std=c++17 -o "$tmp/peer" "$tmp/peer.cpp" $(pkg-config --cflags openblas) -lclblast -lOpenCL -lopenblas

ours() {  # ours DEVICE N: GFLOP/s of hashbench sgemm
  "$hb" sgemm -d "$1" --m "$2" --n "$2" --k "$2" --seconds "$secs" --format csv |
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "gflops") c = i } NR == 2 { print $c }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

device_name=$("$hb" devices --format csv | awk -F, -v d="$dev" 'NR == d + 2 { print $3 }')
echo "device $dev: $device_name; $(nproc) CPUs; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "tuning: $("$hb" sgemm -d "$dev" --m 64 --n 64 --k 64 --seconds 0.01 --format csv | awk -F, 'NR == 2 { print $3 }')"

clpeak_sp=$(clpeak -d "$dev" --compute-sp 2>/dev/null | awk '/float16/ { print $NF; exit }' || true)
printf '%-32s %10s\n' "clpeak single precision (float16)" "${clpeak_sp:-n/a} GFLOP/s"

# On an NVIDIA GPU, the vendor's own SGEMM too: cuBLAS through PyTorch, TF32 off (full fp32),
# when python3 has torch with CUDA; timed like the others after warm-up products.
cublas() {  # cublas N: GFLOP/s, or nothing without torch and CUDA
  python3 - "$1" "$secs" 2>/dev/null <<'PY' || true
import sys, time
import torch
if not torch.cuda.is_available():
    sys.exit(0)
torch.backends.cuda.matmul.allow_tf32 = False
n, secs = int(sys.argv[1]), float(sys.argv[2])
a = torch.rand(n, n, device="cuda") * 2 - 1
b = torch.rand(n, n, device="cuda") * 2 - 1
for _ in range(3):
    c = a @ b
torch.cuda.synchronize()
reps, t0 = 0, time.perf_counter()
while time.perf_counter() - t0 < secs:
    c = a @ b
    reps += 1
    if reps % 10 == 0:
        torch.cuda.synchronize()
torch.cuda.synchronize()
print(f"{2.0 * n * n * n * reps / (time.perf_counter() - t0) / 1e9:.2f}")
PY
}

for n in $sizes; do
  o=$(ours "$dev" "$n")
  cb=$("$tmp/peer" clblast "$n" "$dev" "$secs")
  nat=$(ours native "$n")
  ob=$("$tmp/peer" openblas "$n" 0 "$secs")
  cu=$(cublas "$n")
  echo "N=$n:"
  printf '  %-30s %8s GFLOP/s\n' "hashbench sgemm (OpenCL)" "$o" "CLBlast SGEMM (same device)" "$cb" \
    "hashbench sgemm -d native" "$nat" "OpenBLAS cblas_sgemm" "$ob"
  [[ -n "$cu" ]] && printf '  %-30s %8s GFLOP/s\n' "cuBLAS SGEMM (PyTorch, no TF32)" "$cu"
  printf '  ratio ours/CLBlast %s   ours/clpeak %s   ours(OpenCL)/OpenBLAS %s   native/OpenBLAS %s%s\n' \
    "$(ratio "$o" "$cb")" "$(ratio "$o" "${clpeak_sp:-0}")" "$(ratio "$o" "$ob")" "$(ratio "$nat" "$ob")" \
    "${cu:+   ours/cuBLAS $(ratio "$o" "$cu")}"
done
