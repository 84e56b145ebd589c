#!/usr/bin/env bash
# sha256d speed on the OpenCL CPU device (PoCL) and the native path, against hashcat's
# -m 21400 (sha256(sha256_bin($pass))) benchmark on the same OpenCL device, in one run.
# Prints each figure and our ratio to hashcat for REPEATS rounds run back to back (hashcat,
# then our OpenCL kernel, then the native path, each round) with the load average before each
# round (the machine may be shared), then the medians. Also the native SHA-NI code on one
# thread in M compressions/s per core (a sha256d here is 62 + 62 rounds = 1.94 compressions).
#
#   bench/hashbench_sha256d.sh [BUILD_DIR]   (default: build/release, else build/ci)
# Environment: SECONDS_PER_RUN (default 10), REPEATS (default 3), DEVICE (OpenCL device for
# hashbench, default: the first OpenCL CPU device), HASHCAT_DEVICE_TYPES (hashcat -D, default
# 1 = CPU), TUNE=1 to run hashbench tune first (writes the tuning into a temporary cache used by the run).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-}
if [[ -z "$build" ]]; then
  source "$here/bench/lib.sh"
  build=$(bench_build_dir hashbench)
fi
hb="$build/tools/hashbench"
[[ -x "$hb" ]] || { echo "hashbench not built (looked in ${build:-build/release, build/ci}); pass the build folder" >&2; exit 66; }
secs=${SECONDS_PER_RUN:-10}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! command -v hashcat >/dev/null; then
  echo "hashcat not found: installing the bench tools (scripts/install-deps --bench)" >&2
  "$here/scripts/install-deps" --bench
fi

dev=${DEVICE:-$("$hb" devices --format jsonl | python3 -c '
import json, sys
for line in sys.stdin:
    d = json.loads(line)
    if d["device_type"] == "cpu": print(d["index"]); break')}
cache=()
if [[ "${TUNE:-0}" == 1 && -n "$dev" ]]; then
  "$hb" tune --device "$dev" --cache-file "$tmp/tune.csv" -o /dev/null
  cache=(--cache-file "$tmp/tune.csv")
fi

rate() { python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); print("\t".join([r[-1]["hashes_per_second"], r[-1]["kernel"], r[-1]["verified"]]))' "$1"; }

# hashcat's own benchmark on the OpenCL CPU device: "Speed.#1.........: 15402.8 kH/s ...".
hashcat_rate() {
  hashcat -b -m 21400 -D "${HASHCAT_DEVICE_TYPES:-1}" --force --quiet >"$tmp/hashcat.txt" 2>&1 || true
  python3 - "$tmp/hashcat.txt" <<'PY'
import re, sys
units = {"H/s": 1, "kH/s": 1e3, "MH/s": 1e6, "GH/s": 1e9}
for line in open(sys.argv[1]):
    m = re.match(r"Speed\.#(\*|1)\.*:\s*([\d.]+) (\w?H/s)", line)
    if m:
        print(float(m.group(2)) * units[m.group(3)]); break
PY
}

repeats=${REPEATS:-3}
: >"$tmp/runs.tsv"
for ((i = 1; i <= repeats; i++)); do
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  hc=$(hashcat_rate)
  [[ -n "$hc" ]] || { echo "could not read hashcat's figure:" >&2; cat "$tmp/hashcat.txt" >&2; exit 69; }
  ocl="" ocl_kernel="" ocl_verified=""
  if [[ -n "$dev" ]]; then
    "$hb" sha256d --device "$dev" --seconds "$secs" "${cache[@]}" -o "$tmp/ocl.csv"
    IFS=$'\t' read -r ocl ocl_kernel ocl_verified < <(rate "$tmp/ocl.csv")
  fi
  "$hb" sha256d --device native --seconds "$secs" -o "$tmp/native.csv"
  IFS=$'\t' read -r nat nat_kernel nat_verified < <(rate "$tmp/native.csv")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$load" "$hc" "$ocl" "$ocl_kernel" "$ocl_verified" "$nat" "$nat_kernel" \
    "$nat_verified" >>"$tmp/runs.tsv"
done
# SHA-NI on one thread (where the CPU has it): compressions per second per core.
shani=""
if HS_NATIVE_CODE=sha-ni "$hb" sha256d --device native --threads 1 --seconds "$secs" -o "$tmp/shani.csv" 2>/dev/null; then
  shani=$(rate "$tmp/shani.csv" | cut -f1)
fi

python3 - "$secs" "$dev" "${HASHCAT_DEVICE_TYPES:-1}" "$tmp/runs.tsv" "$shani" <<'PY'
import statistics, sys
secs, dev, hc_dev, runs_file, shani = sys.argv[1:]
runs = [line.rstrip("\n").split("\t") for line in open(runs_file)]
print(f"sha256d, {secs} s per run, {len(runs)} round(s) back to back (MH/s; x hc = ours / hashcat)")
print(f"{'round':<6} {'load avg 1/5/15':<16} {'hashcat':>9} {'opencl':>9} {'x hc':>6} {'native':>9} {'x hc':>6}")
hcs, ocls, nats = [], [], []
for i, (load, hc, ocl, ocl_k, ocl_v, nat, nat_k, nat_v) in enumerate(runs, 1):
    hc, nat = float(hc), float(nat)
    hcs.append(hc)
    nats.append(nat)
    o = f"{float(ocl) / 1e6:>9.2f} {float(ocl) / hc:>6.2f}" if ocl else f"{'-':>9} {'-':>6}"
    if ocl:
        ocls.append(float(ocl))
    print(f"{i:<6} {load:<16} {hc / 1e6:>9.2f} {o} {nat / 1e6:>9.2f} {nat / hc:>6.2f}")
hc_m = statistics.median(hcs)
o = f"{statistics.median(ocls) / 1e6:>9.2f} {statistics.median(ocls) / hc_m:>6.2f}" if ocls else f"{'-':>9} {'-':>6}"
print(f"{'median':<23} {hc_m / 1e6:>9.2f} {o} {statistics.median(nats) / 1e6:>9.2f} {statistics.median(nats) / hc_m:>6.2f}")
last = runs[-1]
print(f"hashcat: hashcat -b -m 21400 -D {hc_dev} (OpenCL)")
if last[2]:
    print(f"opencl:  hashbench sha256d -d {dev}: {last[3]} (verified {last[4]})")
print(f"native:  hashbench sha256d -d native: {last[6]} (verified {last[7]})")
if shani:
    r = float(shani)
    print(f"sha-ni, 1 thread: {r / 1e6:.2f} MH/s = {r * 1.9375 / 1e6:.1f} M compressions/s per core")
PY
