# hashbench gemm and bandwidth end to end on a machine without a GPU (CI, PoCL): the vendor
# library absent is one plain line and exit 69 with no output file; bandwidth on PoCL is
# verified with STREAM's byte counting; profile rows of the AI workloads price a GPU in
# leasecalc exactly as setting the keys by hand does.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"

col() {  # col NAME FILE [ROW]: the named column of a data row (default the first) of a CSV file
  awk -F, -v name="$1" -v row="${3:-1}" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i } NR == row + 1 { print $c }' "$2"
}

# No library where the search is pinned to an empty folder: exit 69, one line, nothing written.
mkdir empty
HS_CUDA_LIB_DIR=$T/empty assert_exit 69 "gemm without cuBLASLt" -- hashbench gemm -o gemm.csv
assert_contains "$T/err" "cuBLASLt (libcublasLt) not found" "names the library"
assert_contains "$T/err" "HS_CUDA_LIB_DIR ($T/empty)" "names the search"
assert_eq "1" "$(wc -l <"$T/err" | tr -d ' ')" "one line"
[[ ! -e gemm.csv ]] || fail "gemm wrote records without a library"
# The default search, on a machine without a GPU: 69 as well (on a GPU machine this measures).
if ! command -v nvidia-smi >/dev/null || ! nvidia-smi -L >/dev/null 2>&1; then
  assert_exit 69 "gemm without a GPU" -- hashbench gemm -o gemm.csv --seconds 0.1
  [[ ! -e gemm.csv ]] || fail "gemm wrote records without a GPU"
  HS_CUDA_LIB_DIR=$T/empty assert_exit 69 "profile gemm_bf16 without CUDA" -- hashbench profile --workload gemm_bf16
  HS_CUDA_LIB_DIR=$T/empty assert_exit 69 "bandwidth --backend cuda without CUDA" -- hashbench bandwidth --backend cuda
fi
# Usage errors come before any library is looked for.
assert_exit 64 "size not a multiple of 16" -- hashbench gemm --m 1000
assert_contains "$T/err" "--m: must be a positive multiple of 16" "size message"
assert_exit 64 "unknown precision" -- hashbench gemm --precision int8
assert_exit 64 "unknown kernel" -- hashbench bandwidth --kernel scale
assert_exit 64 "array too small" -- hashbench bandwidth --mib 0.5

if hashbench devices --format csv 2>/dev/null | grep -q ',cpu,\|,gpu,'; then
  HS_CUDA_LIB_DIR=$T/empty hashbench bandwidth --backend all -d 0 --mib 8 --seconds 0.2 --warmup 0.05 -o bw.csv 2>bw.err
  assert_contains bw.err "CUDA skipped" "CUDA absence is a note with --backend all"
  assert_eq "copy triad" "$(col kernel bw.csv 1) $(col kernel bw.csv 2)" "both kernels"
  assert_eq "true true" "$(col verified bw.csv 1) $(col verified bw.csv 2)" "results checked"
  # 8 MiB arrays: copy counts 2 x 8388608 bytes, triad 3 x.
  assert_eq "16777216 25165824" "$(col bytes_per_pass bw.csv 1) $(col bytes_per_pass bw.csv 2)" "STREAM byte counting"
  assert_eq "ok" "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
    { g = $h["bytes_per_pass"] * $h["passes"] / $h["seconds"] / 1e9; d = g - $h["gb_per_s"]; if (d < 0) d = -d
      if ($h["gb_per_s"] > 0.1 && d <= 0.01 * g + 0.01) n++ } END { print (n == 2 ? "ok" : "bad") }' bw.csv)" \
    "gb_per_s = bytes_per_pass x passes / seconds, above 0.1"
  hashbench profile -d 0 --workload bandwidth_triad --seconds 0.2 -o bwp.csv
  assert_eq "bandwidth_triad GB/s true" "$(col workload bwp.csv) $(col rate_unit bwp.csv) $(col verified bwp.csv)" \
    "bandwidth profile row"
fi

# The GPU path against the CPU stand-in for libcudart and libcublasLt (tests/fake_cuda/): one
# verified gemm_result per precision with the peak from the attributes it reports (132 SMs at
# 1980 MHz, compute capability 9.0), and profile rows that leasecalc reads.
fake=$HS_BUILD_DIR/tests/fake_cuda
if [[ -e $fake/libcublasLt.so.13 ]]; then
  HS_CUDA_LIB_DIR=$fake hashbench gemm --m 32 --n 48 --k 64 --seconds 0.05 --warmup 0 -o gemm.csv
  assert_eq "fp32 tf32 fp16 bf16 fp8_e4m3" "$(for r in 1 2 3 4 5; do col precision gemm.csv $r; done | tr '\n' ' ' | sed 's/ $//')" \
    "one row per precision"
  assert_eq "true,9.0,Fake GPU (CPU stand-in)" "$(col verified gemm.csv 5),$(col compute_capability gemm.csv 5),$(col device gemm.csv 5)" \
    "fp8 row verified"
  # bf16: 132 x 1980 MHz x 4096 FLOP/clk/SM = 1070.53 TFLOP/s.
  assert_eq "1070.53" "$(col peak_tflops gemm.csv 4)" "bf16 peak"
  assert_eq "cuda: 132 SMs x 1980 MHz x 4096 FLOP/clk/SM (sm_90 table)" "$(col peak_source gemm.csv 4)" "peak source"
  # (64 + 4) * 2^-23 + 2^-8 = 0.00391436... for bf16.
  assert_eq "0.003914356231689453" "$(col error_bound gemm.csv 4)" "bf16 bound"
  HS_FAKE_CUDA_CC=80 HS_CUDA_LIB_DIR=$fake hashbench gemm --m 32 --n 48 --k 64 --seconds 0.02 -o a100.csv 2>a100.err
  assert_contains a100.err "fp8_e4m3 skipped: FP8 needs compute capability 8.9" "FP8 skipped below 8.9"
  assert_eq "4" "$(($(wc -l <a100.csv) - 1))" "four precisions on 8.0"
  HS_FAKE_CUBLASLT_CORRUPT=1 HS_CUDA_LIB_DIR=$fake assert_exit 70 "a wrong product" -- hashbench gemm --precision bf16 --m 32 --n 48 --k 64 -o bad.csv
  assert_contains "$T/err" "disagrees with the double reference at C[0][0]" "names the element"
  [[ ! -e bad.csv ]] || fail "a wrong product wrote records"
  HS_FAKE_CUDA_DEVICES=0 HS_CUDA_LIB_DIR=$fake assert_exit 69 "runtime without devices" -- hashbench gemm
  assert_contains "$T/err" "no CUDA GPU found" "no-GPU message"
  # A CUDA runtime (a pip wheel, say) on a machine without the NVIDIA driver answers 35,
  # "CUDA driver version is insufficient": said as what it is.
  HS_FAKE_CUDA_ERROR=35 HS_CUDA_LIB_DIR=$fake assert_exit 69 "runtime without a driver" -- hashbench gemm
  if ldconfig -p 2>/dev/null | grep -q 'libcuda\.so\.1 '; then
    assert_contains "$T/err" "CUDA driver version is insufficient" "a real driver, too old"
  else
    assert_contains "$T/err" "no NVIDIA driver or GPU found: the CUDA runtime ($fake/libcudart.so.13) is here, but not the driver (libcuda.so.1)" "no driver"
  fi
  HS_FAKE_CUDA_ERROR=100 HS_CUDA_LIB_DIR=$fake assert_exit 69 "a driver that sees no GPU" -- hashbench gemm
  assert_contains "$T/err" "no NVIDIA GPU found: the NVIDIA driver sees none" "no device"
  HS_CUDA_LIB_DIR=$fake hashbench bandwidth --backend cuda --mib 4 --seconds 0.05 -o cbw.csv
  # profile rows from the stand-in, priced by leasecalc like a hand-written row.
  HS_CUDA_LIB_DIR=$fake hashbench profile --workload gemm_bf16 --workload gemm_fp8_e4m3 --gemm-size 64 --seconds 0.05 --watts 700 -o fprof.csv
  assert_eq "gemm_bf16,TFLOP/s,true,1070.5306,700,user" "$(awk -F, 'NR == 2 { print $2 "," $4 "," $9 "," $10 "," $5 "," $6 }' fprof.csv)" \
    "gemm_bf16 profile row"
  assert_eq "gemm_fp8_e4m3,2141.0611" "$(awk -F, 'NR == 3 { print $2 "," $10 }' fprof.csv)" "fp8 profile row and peak"
  rate=$(awk -F, 'NR == 2 { print $3 }' fprof.csv)
  want=$(leasecalc gpu --summary --set gpu.watts_per_gpu=700 --set gpu.price_per_gpu_hour="$(awk -v r="$rate" 'BEGIN { printf "%.17g", r / 1000 * 4 }')" 2>/dev/null)
  assert_eq "$want" "$(leasecalc gpu --summary --profile fprof.csv --price-per-pflop-hour 4 2>/dev/null)" "measured row prices the GPU"
  assert_exit 64 "gemm size not a multiple of 16" -- hashbench profile --workload gemm_bf16 --gemm-size 100
  assert_eq "cuda memcpy true 3352.3" "$(col backend cbw.csv) $(col kernel cbw.csv) $(col verified cbw.csv) $(col peak_gb_per_s cbw.csv)" \
    "memcpy row, peak 2 x 2619 MHz x 5120 bit / 8"
fi

# leasecalc prices a GPU from a profile row: 750 TFLOP/s BF16 at 690 W and USD 4 per
# PFLOP/s-hour is USD 3.00 per GPU-hour at 690 W, the same as setting both keys by hand.
cat >prof.csv <<'CSV'
device,workload,rate,rate_unit,watts,watts_source,joules_per_th,gflops_per_watt,verified,peak_rate,peak_source,fraction_of_peak,rate_per_watt
NVIDIA H200,gemm_fp32,50,TFLOP/s,650,nvml,,,true,,,,
NVIDIA H200,gemm_bf16,750,TFLOP/s,690,nvml,,,true,1070.5,cuda,0.7006,1.087
CSV
want=$(leasecalc gpu --summary --set gpu.watts_per_gpu=690 --set gpu.price_per_gpu_hour=3 2>/dev/null)
got=$(leasecalc gpu --summary --profile - --price-per-pflop-hour 4 <prof.csv 2>/dev/null)
assert_eq "$want" "$got" "profile row = watts 690, price 3.00"
# The row passes through hashbench profile --spec unchanged in meaning.
hashbench profile --spec prof.csv -o norm.csv
got=$(leasecalc gpu --summary --profile norm.csv --price-per-pflop-hour 4 2>/dev/null)
assert_eq "$want" "$got" "normalized profile prices the same"
assert_exit 65 "no row of the workload" -- leasecalc gpu --profile prof.csv --profile-workload gemm_fp8_e4m3
assert_contains "$T/err" "no profile record of workload gemm_fp8_e4m3" "names the workload"
assert_exit 64 "price without a profile" -- leasecalc gpu --price-per-pflop-hour 4
finish
