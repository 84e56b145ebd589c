# hashbench sgemm and profile end to end: verified runs on the OpenCL CPU device (PoCL) and the
# native (OpenBLAS) device, bad input and its exit codes, and hand-written spec sheets.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"

col() {  # col NAME FILE: the named column of the first data row of a CSV file
  awk -F, -v name="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i } NR == 2 { print $c }' "$2"
}

# Native path: OpenBLAS, ragged sizes, alpha and beta other than 1 and 0, every element checked.
hashbench sgemm -d native --m 17 --n 33 --k 65 --alpha 1.5 --beta -0.5 --seconds 0.05 --samples 10000 -o native.csv
assert_eq "native" "$(col backend native.csv)" "native backend"
assert_eq "openblas" "$(col tuning native.csv)" "native tuning"
assert_eq "17,33,65" "$(col m native.csv),$(col n native.csv),$(col k native.csv)" "sizes echoed"
assert_eq "true" "$(col verified native.csv)" "native verified"
# (65 + 4) * FLT_EPSILON = 69 * 2^-23 = 8.225440979003906e-06
assert_eq "8.225440979003906e-06" "$(col error_bound native.csv)" "documented bound"

if hashbench devices --format csv 2>/dev/null | grep -q ',cpu,\|,gpu,'; then
  # OpenCL: a small tuning so that 37 x 45 x 29 leaves partial tiles in every dimension.
  hashbench sgemm --m 37 --n 45 --k 29 --alpha -1.25 --beta 0.25 --seconds 0.05 --samples 10000 \
    --tuning "MWG=8 NWG=16 KWG=8 MWI=2 NWI=8 VW=4" --watts 100 -o cl.csv
  assert_eq "opencl" "$(col backend cl.csv)" "opencl backend"
  assert_eq "MWG=8 NWG=16 KWG=8 MWI=2 NWI=8 VW=4" "$(col tuning cl.csv)" "tuning echoed"
  assert_eq "true" "$(col verified cl.csv)" "opencl verified"
  assert_eq "user" "$(col watts_source cl.csv)" "user watts"
  # gflops_per_watt = gflops / 100, to 3 decimals. Both columns are rounded from the unrounded
  # rate (gflops to 2 decimals), so they agree within 0.0005 + 0.005 / 100.
  gf=$(col gflops cl.csv)
  assert_eq "ok" "$(awk -v g="$gf" -v p="$(col gflops_per_watt cl.csv)" 'BEGIN {
    d = g / 100 - p; if (d < 0) d = -d; if (d <= 0.00056) print "ok"; else print "off by " d }')" "GFLOP/s per W"
  # Half precision is hashbench gemm --precision fp16 (tensor cores); sgemm has no --fp16.
  assert_exit 64 "sgemm --fp16 is gone" -- hashbench sgemm --m 8 --n 8 --k 8 --seconds 0.01 --fp16
  # A (M x K floats) just past the device's largest allocation, read from `hashbench devices`:
  # PoCL sizes its limits from the machine's free memory, so fixed sizes would sometimes fit
  # and then really run.
  hashbench devices --format csv >devices.csv
  dev_index=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
    $h["device_type"] == "cpu" || $h["device_type"] == "gpu" { print $h["index"]; exit }' devices.csv)
  max_alloc_mib=$(awk -F, -v d="$dev_index" 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
    $h["index"] == d { print $h["max_alloc_mib"] }' devices.csv)
  side=$(awk -v m="$max_alloc_mib" 'BEGIN { printf "%d", sqrt(m * 1048576 / 4) + 16 }')
  assert_exit 64 "buffer past max alloc" -- hashbench sgemm -d "$dev_index" --m "$side" --n 8 --k "$side"
  assert_contains "$T/err" "CL_DEVICE_MAX_MEM_ALLOC_SIZE" "names the limit"
  assert_exit 64 "bad tuning" -- hashbench sgemm --m 8 --n 8 --k 8 --tuning "MWG=64 MWI=6"
  assert_contains "$T/err" "MWG must be a multiple of MWI" "tuning message"
fi

assert_exit 64 "zero size" -- hashbench sgemm --m 0 --n 4 --k 4
assert_contains "$T/err" "sizes must be at least 1" "zero size message"
assert_exit 64 "host memory" -- hashbench sgemm -d native --m 2000000 --n 2000000 --k 1
assert_contains "$T/err" "exceed the host's memory" "host limit named"

# profile: one verified record per device and workload.
hashbench profile -d native --workload sgemm_fp32 --seconds 0.1 --watts 50 -o prof.csv
assert_eq "sgemm_fp32,GFLOP/s,50,user,true" "$(awk -F, 'NR == 2 { print $2 "," $4 "," $5 "," $6 "," $9 }' prof.csv)" \
  "profile row"
assert_exit 64 "unknown workload" -- hashbench profile --workload scrypt
assert_contains "$T/err" 'unknown workload "scrypt" (known: sha256d, sgemm_fp32, gemm_fp32,' "workload message"

# Spec sheets: 140 TH/s at 3010 W is 3010 / 140 = 21.5 J/TH; 67 TFLOP/s at 700 W is 95.714... GFLOP/s/W.
# The trailing columns are peak_rate, peak_source, fraction_of_peak (none on these sheets) and
# rate_per_watt: 140e12 / 3010 = 46511627906.98 H/s per W, and 95.714... GFLOP/s per W again.
# Derived figures keep five significant digits (no decimals past them): 46511627907 and 95.714.
cat >spec.csv <<'CSV'
device,workload,rate,rate_unit,watts,watts_source,joules_per_th,gflops_per_watt,verified
Antminer S19 XP,sha256d,140,TH/s,3010,,,,
H100 SXM sheet,sgemm_fp32,67,TFLOP/s,700,spec,,,false
CSV
hashbench profile --spec spec.csv -o norm.csv
assert_eq "Antminer S19 XP,sha256d,140000000000000,H/s,3010,spec,21.5,,false,,,,46511627907" "$(sed -n 2p norm.csv)" "ASIC row"
assert_eq "H100 SXM sheet,sgemm_fp32,67000.00,GFLOP/s,700,spec,,95.714,false,,,,95.714" "$(sed -n 3p norm.csv)" \
  "GPU sheet row"
printf 'device,workload,rate,rate_unit,watts,watts_source,joules_per_th,gflops_per_watt,verified\nX,sha256d,100,TH/s,3000,,20,,\n' >bad.csv
assert_exit 65 "inconsistent spec" -- hashbench profile --spec bad.csv
assert_contains "$T/err" "bad.csv:2: field 'joules_per_th': is 20 but rate and watts give 30" "spec message"
# A sheet without a verified column (it is written false anyway), and a gemm row's GFLOP/s per
# W: 989.4 TFLOP/s at 700 W is 1413.4. A sheet saying verified true is warned about, once.
printf 'device,workload,rate,rate_unit,watts\nH100 SXM,gemm_fp16,989.4,TFLOP/s,700\n' >sheet.csv
hashbench profile --spec sheet.csv -o sheet_out.csv
assert_eq "H100 SXM,gemm_fp16,989.4000,TFLOP/s,700,spec,,1413.4,false,,,,1.4134" "$(sed -n 2p sheet_out.csv)" "sheet without verified"
printf 'device,workload,rate,rate_unit,watts,verified\nH100 SXM,gemm_fp16,989.4,TFLOP/s,700,true\n' >claimed.csv
hashbench profile --spec claimed.csv -o /dev/null 2>claimed.err
assert_eq "hashbench: warning: claimed.csv:2: field 'verified': a hand-written record is not a checked measurement; written as false" \
  "$(cat claimed.err)" "one colon"
finish
