#!/usr/bin/env bash
# hashbench: bad input gets a clear message and its exit code; sha256d records, the tuning
# cache, --watts and SIGINT (partial results).
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
export XDG_CACHE_HOME=$T/cache
G=$(cat "$HS_TEST_DATA/hashbench/genesis.hex")

assert_exit 65 "short header" -- hashbench scan --header "${G:0:158}" --count 10
assert_contains "$T/err" "160 hex digits" "short header message"
assert_exit 65 "non-hex header" -- hashbench scan --header "${G:0:150}zz${G:152}" --count 10
assert_contains "$T/err" "hex digits only" "non-hex message"
# bits 0x1d80ffff has the sign bit set.
assert_exit 65 "malformed bits" -- hashbench scan --header "${G:0:144}ff80ff1d${G:152}" --count 10
assert_contains "$T/err" "field 'bits'" "bits message"
assert_exit 64 "range past 2^32" -- hashbench scan --header "$G" --start 4294967295 --count 2
assert_contains "$T/err" "passes the last nonce" "range message"
assert_exit 64 "start past 2^32" -- hashbench scan --header "$G" --start 4294967296 --count 1
assert_exit 64 "no such device index" -- hashbench scan --header "$G" --count 10 --device 99
assert_contains "$T/err" "no device with index 99" "device index message"
assert_exit 69 "no such device name" -- hashbench sha256d --device no-such-device-xyzzy --seconds 1
assert_exit 64 "bad vector width" -- hashbench sha256d --vector-width 3
assert_exit 64 "missing header" -- hashbench scan --count 10
assert_exit 66 "missing header file" -- hashbench scan --header @/nonexistent/h.hex

# sha256d on the native path with the user's watts: verified, not partial, J/TH = W / (H/s / 1e12).
hashbench sha256d --device native --seconds 1 --warmup 0.2 --watts 100 --format jsonl >r.jsonl
assert_contains r.jsonl '"watts":100,"watts_source":"user"' "watts from the user"
assert_contains r.jsonl '"verified":true,"partial":false' "verified full run"
python3 - r.jsonl <<'PY' || fail "J/TH is not watts / (H/s / 1e12)"
import json, sys
r = json.loads(open(sys.argv[1]).read())
assert r["hashes_per_second"] > 1e5, r
assert abs(r["joules_per_th"] - 100 / (r["hashes_per_second"] / 1e12)) <= 1e-6 * r["joules_per_th"], r
PY

# A hand-written tuning cache line is used by later runs on that device.
if hashbench devices | tail -n +2 | cut -d, -f5 | grep -qx cpu; then
  read -r idx key < <(hashbench devices --format jsonl | python3 -c '
import json, sys
for line in sys.stdin:
    d = json.loads(line)
    if d["device_type"] == "cpu":
        print(d["index"], d["platform"] + "|" + d["device"] + "|" + d["driver"]); break')
  echo "${key//,/;},4,8,0,1" >tune.csv
  hashbench sha256d --device "$idx" --cache-file tune.csv --seconds 0.5 --warmup 0 | tail -1 | cut -d, -f2,4,5 >cached.csv
  assert_eq "opencl vw=4 npi=8 ls=auto,4,8" "$(cat cached.csv)" "tuning cache read"
  # A line the kernel cannot be built with (vector width 3) means "not tuned": the run uses
  # the device's defaults instead of refusing the cache's values (exit 64).
  echo "${key//,/;},3,8,0,1" >bad-tune.csv
  assert_exit 0 "damaged tuning cache line" -- hashbench sha256d --device "$idx" --cache-file bad-tune.csv --seconds 0.2 --warmup 0 -o bad.csv
  [[ "$(tail -1 bad.csv | cut -d, -f4)" != 3 ]] || fail "a vector width of 3 reached the kernel"
  # tune: every trial verified and written, and the cache holds the fastest of them, which a
  # later run then uses (checked by reading the trial rows in Python, not by the tuner).
  rc=0
  hashbench tune --device "$idx" --seconds 0.02 --cache-file tuned.csv -o trials.csv 2>tune_err.txt || rc=$?
  ((rc == 0)) || fail "hashbench tune exited $rc: $(grep -v '^hashbench: tune: vw=' tune_err.txt | tail -5)"
  read -r best_vw best_npi best_ls trials < <(python3 - trials.csv <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert all(r["verified"] == "true" for r in rows), rows
ok = [r for r in rows if r["partial"] == "false"]
best = max(ok, key=lambda r: float(r["hashes_per_second"]))
print(best["vector_width"], best["nonces_per_item"], best["local_size"] or 0, len(rows))
PY
)
  (( trials >= 8 )) || fail "tune ran $trials trials, want the widths, nonces and work-groups (>= 8)"
  assert_eq "${key//,/;},$best_vw,$best_npi,$best_ls" "$(cut -d, -f1-4 tuned.csv)" "tune caches the fastest trial"
  hashbench sha256d --device "$idx" --cache-file tuned.csv --seconds 0.2 --warmup 0 | tail -1 | cut -d, -f4,5 >tuned-run.csv
  assert_eq "$best_vw,$best_npi" "$(cat tuned-run.csv)" "a later run uses the tuned values"
fi

# SIGINT: the partial result is written and marked partial, exit 130.
hashbench sha256d --device native --seconds 60 --warmup 0 -o part.csv &
pid=$!
sleep 2
kill -INT $pid
rc=0
wait $pid || rc=$?
assert_eq 130 "$rc" "interrupted exit code"
assert_eq "true,true" "$(tail -1 part.csv | awk -F, '{print $(NF-1)","$NF}')" "partial record"

# SIGINT during a scan: exit 130, the hits of the scanned part written, and a summary that
# names the part scanned. Deterministic: the signal is sent only once the scan has said it
# started (that note comes after the handler is installed), and the full range (nonce 0 to
# 2^32 - 1, a minute or more on 2 cores) cannot finish within the 1 s we then wait.
hashbench scan --header "$G" --device native -o scan_part.csv 2>scan_err.txt &
pid=$!
for _ in $(seq 300); do grep -q "SIGINT stops with a partial result" scan_err.txt && break; sleep 0.1; done
assert_contains scan_err.txt "scanning 4294967296 nonces from 0 on native" "scan start note"
sleep 1
kill -INT $pid
rc=0
wait $pid || rc=$?
assert_eq 130 "$rc" "interrupted scan exit code"
assert_contains scan_err.txt "interrupted: partial result, scanned " "partial scan summary"
# The summary's range starts at 0 and the unscanned tail ends at the last nonce. No nonce
# below 600000000 meets the genesis block's target (a full scan of 0..599999999 reports none;
# its own nonce is 2083236893) and 1 s scans about 2^26 here, so the partial output is empty.
grep -Eq "scanned [0-9]+ of 4294967296 nonces \(0 to [0-9]+\), 0 found; nonces [0-9]+ to 4294967295 not scanned" \
  scan_err.txt || fail "partial scan summary: $(cat scan_err.txt)"
assert_eq "nonce,hash,meets_block_target,device" "$(cat scan_part.csv)" "partial scan output: header only"
# Which native path runs, and why, is said: devices and sha256d name the same code.
HS_NATIVE_CODE=portable hashbench devices >dev.csv 2>dev.err
assert_eq "portable" "$(awk -F, '$5 == "native" { print $6 }' dev.csv)" "devices: the forced path"
assert_contains dev.err "native path portable: chosen by HS_NATIVE_CODE" "devices says why"
HS_NATIVE_CODE=portable hashbench sha256d --device native --seconds 0.2 >run.csv 2>run.err
assert_contains run.csv "native portable" "sha256d runs it"
assert_contains run.err "native path portable: chosen by HS_NATIVE_CODE" "sha256d says why"
hashbench devices 2>auto.err >/dev/null
grep -qE "native path (portable|sha-ni x4|avx512 x16|avx2 x8): (the only vector path|the fastest on one thread|this CPU has neither)" \
  auto.err || fail "devices names the choice and its reason: $(cat auto.err)"
finish
