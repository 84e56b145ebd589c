#!/usr/bin/env bash
# One-go check on a lent NVIDIA GPU (written for the device tool's 15-minute budget: this takes
# about 3 minutes on an H200 and stops every step with a timeout, 8 minutes at most in all).
#
#   bench/gpu_check.sh --pack   on the build machine: copies hashbench, leasecalc and the shared
#                               libraries they need (not glibc) into build/gpu-pack/, ~45 MB
#   bench/gpu_check.sh          on the GPU machine (carry build/gpu-pack; falls back to
#                               build/release or build/ci): prints one compact table
#
# What it measures, each next to its peer:
#   gemm      hashbench gemm per precision (cuBLASLt) vs torch.matmul (cuBLAS) in the same dtype
#             (FP8: torch._scaled_mm) when python3 has torch with CUDA, and vs the runtime's peak
#   bandwidth cudaMemcpy D2D and OpenCL copy/triad on the GPU vs the runtime's memory peak,
#             the data-sheet figure SPEC_GBPS (default 4800, H200 SXM) and torch's copy_
#   sha256d   hashbench sha256d on the GPU's OpenCL device (H/s)
#   sgemm     hashbench sgemm (OpenCL) default and after tune --workload sgemm, vs cuBLASLt FP32
#             (hashbench gemm --precision fp32): the issue's target is >= 0.6
#   profile   hashbench profile rows for the GPU, priced by leasecalc gpu --profile
# Environment: SECS (default 2, timed seconds per figure), SIZE (default 8192), SPEC_GBPS.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
pack="$here/build/gpu-pack"

if [[ "${1:-}" == "--pack" ]]; then
  source "$here/bench/lib.sh"
  build=$(bench_build_dir hashbench)
  [[ -n "$build" && -x "$build/tools/leasecalc" ]] || { echo "build hashbench and leasecalc first" >&2; exit 66; }
  rm -rf "$pack" && mkdir -p "$pack/lib"
  cp "$build/tools/hashbench" "$build/tools/leasecalc" "$pack/"
  ldd "$pack/hashbench" "$pack/leasecalc" | awk '$3 ~ /^\// { print $3 }' | sort -u |
    grep -Ev '/(libc|libm|libpthread|libdl|librt|ld-linux[^/]*)\.so' | while read -r lib; do cp -L "$lib" "$pack/lib/"; done
  du -sh "$pack"
  exit 0
fi

if [[ -x "$pack/hashbench" ]]; then
  export LD_LIBRARY_PATH="$pack/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  hb="$pack/hashbench" lc="$pack/leasecalc"
else
  source "$here/bench/lib.sh"
  build=$(bench_build_dir hashbench)
  hb="$build/tools/hashbench" lc="$build/tools/leasecalc"
fi
[[ -x "$hb" ]] || { echo "no hashbench: run bench/gpu_check.sh --pack where it is built, carry build/gpu-pack" >&2; exit 66; }
secs=${SECS:-2}
size=${SIZE:-8192}
spec=${SPEC_GBPS:-4800}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HS_CL_CACHE_DIR="$tmp/cl"
t0=$SECONDS
step() { echo "== $* ($((SECONDS - t0)) s)" >&2; }
field() { awk -F, -v name="$1" -v key="$2" -v val="$3" 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
  (key == "" || $h[key] == val) { print $h[name]; exit }' "$4"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b > 0) printf "%.3f", a / b; else printf "-" }'; }

step "devices"
nvidia-smi -L 2>&1 | head -4
"$hb" devices --format csv >"$tmp/devices.csv" 2>"$tmp/devices.err"
gpu_cl=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next } $h["device_type"] == "gpu" { print $h["index"]; exit }' "$tmp/devices.csv")
echo "OpenCL GPU device: ${gpu_cl:-none}"

step "gemm (cuBLASLt)"
timeout 120 "$hb" gemm --m "$size" --n "$size" --k "$size" --seconds "$secs" --format csv >"$tmp/gemm.csv" 2>"$tmp/gemm.err"
echo "gemm exit $?: $(tr '\n' ' ' <"$tmp/gemm.err" | head -c 600)"

step "torch peer"
timeout 150 python3 - "$size" "$secs" >"$tmp/torch.csv" 2>"$tmp/torch.err" <<'PY'
import sys, time
import torch
n, secs = int(sys.argv[1]), float(sys.argv[2])
assert torch.cuda.is_available()
print("what,value")
def rate(fn, flop):
    for _ in range(3): fn()
    torch.cuda.synchronize()
    reps, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < secs:
        for _ in range(5): fn()
        reps += 5
        torch.cuda.synchronize()
    return flop * reps / (time.perf_counter() - t0)
flop = 2.0 * n ** 3
for name, dtype, tf32 in [("fp32", torch.float32, False), ("tf32", torch.float32, True),
                          ("fp16", torch.float16, False), ("bf16", torch.bfloat16, False)]:
    torch.backends.cuda.matmul.allow_tf32 = tf32
    a = torch.randn(n, n, device="cuda", dtype=dtype); b = torch.randn(n, n, device="cuda", dtype=dtype)
    print(f"{name},{rate(lambda: a @ b, flop) / 1e12:.2f}")
try:
    a = torch.randn(n, n, device="cuda").to(torch.float8_e4m3fn)
    b = torch.randn(n, n, device="cuda").to(torch.float8_e4m3fn).t()
    one = torch.tensor(1.0, device="cuda")
    print(f"fp8_e4m3,{rate(lambda: torch._scaled_mm(a, b, scale_a=one, scale_b=one, out_dtype=torch.bfloat16), flop) / 1e12:.2f}")
except Exception as e:
    print(f"fp8 peer unavailable: {e}", file=sys.stderr)
x = torch.empty(1 << 28, device="cuda"); y = torch.empty_like(x)  # 1 GiB each
print(f"copy_gbps,{rate(lambda: y.copy_(x), 2.0 * x.numel() * 4) / 1e9:.1f}")
PY
echo "torch exit $?: $(tail -c 300 "$tmp/torch.err")"

step "bandwidth"
timeout 90 "$hb" bandwidth --backend all ${gpu_cl:+-d "$gpu_cl"} --mib 1024 --seconds "$secs" --format csv >"$tmp/bw.csv" 2>"$tmp/bw.err"
echo "bandwidth exit $?: $(head -c 400 "$tmp/bw.err")"

if [[ -n "$gpu_cl" ]]; then
  step "sha256d"
  timeout 90 "$hb" sha256d -d "$gpu_cl" --seconds 5 --format csv >"$tmp/sha.csv" 2>"$tmp/sha.err"
  echo "sha256d exit $?: $(head -c 300 "$tmp/sha.err")"
  step "sgemm default, tune, tuned"
  timeout 60 "$hb" sgemm -d "$gpu_cl" --m 4096 --n 4096 --k 4096 --seconds "$secs" --format csv >"$tmp/sg0.csv" 2>"$tmp/sg0.err"
  timeout 150 "$hb" tune --workload sgemm -d "$gpu_cl" --seconds 0.5 --cache-file "$tmp/tune.csv" --format csv >"$tmp/tune.out" 2>"$tmp/tune.err"
  echo "tune exit $?: $(grep 'best' "$tmp/tune.err" | head -c 300)"
  timeout 60 "$hb" sgemm -d "$gpu_cl" --m 4096 --n 4096 --k 4096 --seconds "$secs" --cache-file "$tmp/tune.csv" --format csv >"$tmp/sg1.csv" 2>"$tmp/sg1.err"
  timeout 60 "$hb" gemm --precision fp32 --m 4096 --n 4096 --k 4096 --seconds "$secs" --format csv >"$tmp/cublas32.csv" 2>/dev/null
fi

step "profile and leasecalc"
timeout 150 "$hb" profile --workload gemm_bf16 --workload gemm_fp8_e4m3 --workload bandwidth_memcpy --seconds "$secs" -o "$tmp/profile.csv" 2>"$tmp/profile.err"
echo "profile exit $?"; cat "$tmp/profile.csv" 2>/dev/null
"$lc" gpu --summary --profile "$tmp/profile.csv" --price-per-pflop-hour 2.5 2>&1 | tail -2

step "table"
echo
printf '%-10s %12s %12s %9s %12s %10s %8s %s\n' precision "TFLOP/s" "peak" "of peak" "torch" "ours/torch" verified watts
for p in fp32 tf32 fp16 bf16 fp8_e4m3; do
  r=$(field tflops precision "$p" "$tmp/gemm.csv"); [[ -n "$r" ]] || { printf '%-10s %12s\n' "$p" "-"; continue; }
  tr=$(field value what "$p" "$tmp/torch.csv" 2>/dev/null)
  printf '%-10s %12s %12s %9s %12s %10s %8s %s\n' "$p" "$r" "$(field peak_tflops precision "$p" "$tmp/gemm.csv")" \
    "$(field fraction_of_peak precision "$p" "$tmp/gemm.csv")" "${tr:--}" "$(ratio "$r" "$tr")" \
    "$(field verified precision "$p" "$tmp/gemm.csv")" "$(field watts precision "$p" "$tmp/gemm.csv")"
done
echo "gemm peak source: $(field peak_source precision bf16 "$tmp/gemm.csv")"
echo
printf '%-28s %10s %10s %9s %10s %10s\n' bandwidth "GB/s" "peak" "of peak" "spec" "ours/spec"
awk -F, -v spec="$spec" 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
  { printf "%-28s %10s %10s %9s %10s %10.3f\n", $h["backend"] " " $h["kernel"], $h["gb_per_s"], $h["peak_gb_per_s"],
    $h["fraction_of_peak"], spec, $h["gb_per_s"] / spec }' "$tmp/bw.csv" 2>/dev/null
tc=$(field value what copy_gbps "$tmp/torch.csv" 2>/dev/null)
[[ -n "$tc" ]] && printf '%-28s %10s %10s %9s %10s %10s\n' "torch copy_ (2 x bytes)" "$tc" "" "" "$spec" "$(ratio "$tc" "$spec")"
echo
if [[ -n "$gpu_cl" ]]; then
  echo "sha256d H/s: $(field hashes_per_second "" "" "$tmp/sha.csv")"
  s0=$(field gflops "" "" "$tmp/sg0.csv"); s1=$(field gflops "" "" "$tmp/sg1.csv"); c32=$(field tflops "" "" "$tmp/cublas32.csv")
  c32g=$(awk -v t="$c32" 'BEGIN { if (t != "") printf "%.1f", t * 1000 }')
  echo "sgemm 4096 GFLOP/s: default $s0 ($(field tuning "" "" "$tmp/sg0.csv")), tuned $s1 ($(field tuning "" "" "$tmp/sg1.csv")); cuBLASLt fp32 $c32g"
  echo "sgemm / cuBLASLt fp32: default $(ratio "$s0" "$c32g"), tuned $(ratio "$s1" "$c32g")  (issue target >= 0.6)"
fi
echo "total $((SECONDS - t0)) s"
