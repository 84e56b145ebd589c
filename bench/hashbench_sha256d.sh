#!/usr/bin/env bash
# sha256d speed on the OpenCL CPU device (PoCL) and the native path, against hashcat's
# -m 21400 (sha256(sha256_bin($pass))) benchmark on the same OpenCL device, in one run.
# Prints each figure and our ratio to hashcat.
#
#   bench/hashbench_sha256d.sh [BUILD_DIR]   (default build dir: build/hashbench, else build)
# Environment: SECONDS_PER_RUN (default 10), DEVICE (OpenCL device for hashbench, default: the
# first OpenCL CPU device), HASHCAT_DEVICE_TYPES (hashcat -D, default 1 = CPU), TUNE=1 to run
# hashbench tune first (writes the tuning into a temporary cache used by the run).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-}
if [[ -z "$build" ]]; then
  for b in "$here/build/hashbench" "$here/build"; do [[ -x "$b/tools/hashbench" ]] && build=$b && break; done
fi
hb="$build/tools/hashbench"
[[ -x "$hb" ]] || { echo "hashbench not built (looked in ${build:-build/hashbench, build})" >&2; exit 66; }
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

ocl=""
if [[ -n "$dev" ]]; then
  "$hb" sha256d --device "$dev" --seconds "$secs" "${cache[@]}" -o "$tmp/ocl.csv"
  IFS=$'\t' read -r ocl ocl_kernel ocl_verified < <(rate "$tmp/ocl.csv")
fi
"$hb" sha256d --device native --seconds "$secs" -o "$tmp/native.csv"
IFS=$'\t' read -r nat nat_kernel nat_verified < <(rate "$tmp/native.csv")

# hashcat's own benchmark on the OpenCL CPU device: "Speed.#1.........: 15402.8 kH/s ...".
hashcat -b -m 21400 -D "${HASHCAT_DEVICE_TYPES:-1}" --force --quiet >"$tmp/hashcat.txt" 2>&1 || true
hc=$(python3 - "$tmp/hashcat.txt" <<'PY'
import re, sys
units = {"H/s": 1, "kH/s": 1e3, "MH/s": 1e6, "GH/s": 1e9}
for line in open(sys.argv[1]):
    m = re.match(r"Speed\.#(\*|1)\.*:\s*([\d.]+) (\w?H/s)", line)
    if m:
        print(float(m.group(2)) * units[m.group(3)]); break
PY
)
[[ -n "$hc" ]] || { echo "could not read hashcat's figure:" >&2; cat "$tmp/hashcat.txt" >&2; exit 69; }

python3 - "$secs" "$hc" "${ocl:-}" "${ocl_kernel:-}" "${ocl_verified:-}" "$nat" "$nat_kernel" "$nat_verified" "$dev" \
  "${HASHCAT_DEVICE_TYPES:-1}" <<'PY'
import sys
secs, hc, ocl, ocl_k, ocl_v, nat, nat_k, nat_v, dev, hc_dev = sys.argv[1:]
hc = float(hc)
rows = [(f"hashcat -b -m 21400 -D {hc_dev} (OpenCL)", hc)]
if ocl:
    rows.append((f"hashbench sha256d -d {dev}: {ocl_k} (verified {ocl_v})", float(ocl)))
rows.append((f"hashbench sha256d -d native: {nat_k} (verified {nat_v})", float(nat)))
print(f"{'sha256d, ' + secs + ' s per run':<62} {'MH/s':>10} {'x hashcat':>10}")
for name, r in rows:
    print(f"{name:<62} {r / 1e6:>10.2f} {r / hc:>10.2f}")
PY
