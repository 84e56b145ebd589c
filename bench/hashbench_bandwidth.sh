#!/usr/bin/env bash
# Memory bandwidth on one OpenCL device (PoCL on a CPU machine) against clpeak's global memory
# bandwidth on the same device, and, where CUDA and a GPU are present, hashbench's
# device-to-device cudaMemcpy against the memory peak (clock x bus width) the runtime reports.
# Prints each figure and our ratio to it.
#
#   bench/hashbench_bandwidth.sh [BUILD_DIR]     (default: build/release, else build/ci)
# Environment: SECONDS_PER_RUN (default 3), MIB (default 256, per array), DEVICE (default 0).
#
# Byte counting differs, so the ratio is not 1 for an equally good kernel: ours counts STREAM's
# way (copy = read + write = 2 x the array, triad 3 x), clpeak counts the bytes its kernels read
# (each work-item sums strided loads and writes one float), reporting the best of its float,
# float2 ... float16 variants. On PoCL, whose vectorizer handles the strided loads poorly, ours
# is the larger figure.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-}
if [[ -z "$build" ]]; then
  source "$here/bench/lib.sh"
  build=$(bench_build_dir hashbench)
fi
hb="$build/tools/hashbench"
[[ -x "$hb" ]] || { echo "hashbench not built (looked in ${build:-build/release, build/ci}); pass the build folder" >&2; exit 66; }
secs=${SECONDS_PER_RUN:-3}
mib=${MIB:-256}
dev=${DEVICE:-0}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$hb" devices --format csv >"$tmp/devices.csv"
# clpeak numbers devices per platform: our index -> (platform number, device in platform).
read -r name cl_p cl_d < <(awk -F, -v d="$dev" 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
  $h["platform"] != "native" {
    p = $h["platform"]; if (!(p in num)) num[p] = np++
    if ($h["index"] == d) { gsub(/ /, "_", $h["device"]); print $h["device"], num[p], seen[p] + 0; exit }
    seen[p]++ }' "$tmp/devices.csv")
[[ -n "${name:-}" ]] || { echo "no OpenCL device $dev (see hashbench devices)" >&2; exit 69; }
echo "device $dev: ${name//_/ } (clpeak -p $cl_p -d $cl_d); $(nproc) CPUs; load average: $(cut -d' ' -f1-3 /proc/loadavg)"

"$hb" bandwidth --backend opencl -d "$dev" --mib "$mib" --seconds "$secs" --format csv >"$tmp/ours.csv"
gbps() { awk -F, -v k="$1" 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next } $h["kernel"] == k { print $h["gb_per_s"] }' "$2"; }
copy=$(gbps copy "$tmp/ours.csv")
triad=$(gbps triad "$tmp/ours.csv")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

clp=""
if command -v clpeak >/dev/null; then
  clp=$(clpeak -p "$cl_p" -d "$cl_d" --global-bandwidth 2>/dev/null |
    awk '/Global memory bandwidth/ { on = 1; next } on && /:/ { v = $NF + 0; if (v > best) best = v } END { if (best > 0) print best }' || true)
else
  echo "clpeak not installed (scripts/install-deps --bench)"
fi
printf '  %-44s %10s GB/s\n' "hashbench bandwidth copy (2 x array)" "$copy" "hashbench bandwidth triad (3 x array)" "$triad" \
  "clpeak global memory bandwidth (best width)" "${clp:-n/a}"
[[ -n "$clp" ]] && printf '  ratio copy/clpeak %s   triad/clpeak %s\n' "$(ratio "$copy" "$clp")" "$(ratio "$triad" "$clp")"

# CUDA: memcpy against the runtime's memory peak (nothing when CUDA or a GPU is absent).
if "$hb" bandwidth --backend cuda --mib "$mib" --seconds "$secs" --format csv >"$tmp/cuda.csv" 2>"$tmp/cuda.err"; then
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
    { printf "  %-44s %10s GB/s   peak %s GB/s (%s)   ratio %s\n", "cudaMemcpy device to device on " $h["device"],
      $h["gb_per_s"], $h["peak_gb_per_s"], $h["peak_source"], $h["fraction_of_peak"] }' "$tmp/cuda.csv"
else
  echo "  CUDA: $(head -1 "$tmp/cuda.err")"
fi
