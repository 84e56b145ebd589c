#!/usr/bin/env bash
# GPU servers read without a BMC, read only. source "nvml": this node's GPUs through the CPU
# stand-in for NVML (tests/fake_nvml/, HS_NVML_LIB and HS_FAKE_NVML); source "dcgm":
# dcgm-exporter's /metrics (tests/data/fleet/gpu/dcgm_h100x2.prom) served over plain http on
# 127.0.0.1. fleet status --servers and --ai give the figures set, summed by hand per block, with
# no credentials file; a failing NVML names its code, a malformed /metrics its line, a dead
# port is unreachable. fleet apply refuses a cap for them as read only, journaled, not asked
# again by a rerun.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
NVML="$HS_BUILD_DIR/tests/fake_nvml/libnvidia-ml.so.1"
[[ -f $NVML ]] || { echo "no NVML stand-in at $NVML (built with unit_fleet by tests/CMakeLists.txt)" >&2; exit 1; }
export HS_NVML_LIB=$NVML
# Four GPUs: 650.2 + 612 + 598.5 + 701 = 2561.7 W, limits 4 x 700 = 2800 W in 4 x [200, 700] W.
export HS_FAKE_NVML="gpus=4;watts=650.2,612,598.5,701;limit=700;limit_min=200;limit_max=700;temp=64,71,69,66"

# The fixture, and a copy whose third line is not Prometheus text.
cp "$HS_TEST_DATA/fleet/gpu/dcgm_h100x2.prom" good.prom
sed '3s/.*/DCGM_FI_DEV_POWER_USAGE{gpu="0" 312.5/' good.prom >bad.prom
# One http.server per file, each serving it at /metrics; their ports on the first line.
start_server python3 -c '
import http.server, sys, threading
def handler(path):
    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path != "/metrics":
                self.send_error(404)
                return
            body = open(path, "rb").read()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        def log_message(self, *a):
            pass
    return H
servers = [http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler(p)) for p in sys.argv[1:]]
print(" ".join(str(s.server_address[1]) for s in servers), flush=True)
for s in servers[1:]:
    threading.Thread(target=s.serve_forever, daemon=True).start()
servers[0].serve_forever()
' good.prom bad.prom
read -r GOOD BAD <"$T/port.txt"
[[ -n ${BAD:-} ]] || { echo "the /metrics servers did not start" >&2; exit 1; }
# A port nothing listens on: bound, then closed.
DEAD=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1]); s.close()")

cat >inv.toml <<TOML
[[server]]
id = "here"
block = "hall-a"
source = "nvml"             # this node: no address
watts = 3000

[[server]]
id = "d1"
address = "127.0.0.1:$GOOD"
block = "hall-a"
source = "dcgm"
watts = 1500

[[server]]
id = "bad"
address = "127.0.0.1:$BAD"
block = "hall-b"
source = "dcgm"
watts = 2000

[[server]]
id = "dead"
address = "127.0.0.1:$DEAD"
block = "hall-b"
source = "dcgm"
watts = 2500
TOML
# check FILE "KEY FIELD VALUE"...: each field of the row whose server (or first column) is KEY,
# all read by one python.
check() {
  local file=$1 got
  shift
  got=$(python3 - "$file" "$@" <<'PY'
import csv, sys
path = sys.argv[1]
rows = {r["server"]: r for r in csv.DictReader(open(path))}
for want in sys.argv[2:]:
    key, name, value = (want.split(" ", 2) + [""])[:3]
    got = rows.get(key, {}).get(name, "<no row>")
    if got != value:
        print(f"{key} {name}: expected [{value}], got [{got}]")
PY
) || got="cannot read $file"
  [[ -z $got ]] || fail "$file: $got"
}
# A credentials file that does not exist: none is read without a Redfish server.
F=(fleet --inventory inv.toml --credentials "$T/no-such-credentials.toml" --connect-timeout 1000 --read-timeout 3000)

# --- status --servers: the stand-in's and the fixture's figures
assert_exit 0 "status --servers" -- "${F[@]}" status --servers -o servers.csv
# dcgm: 312.5 + 298.04 W, GPUs at 61 and 58 C; GPU 1's management limit is NaN, so no sum of
# limits is claimed, and the fixture publishes no limit range.
check servers.csv \
  "here address local" "here source nvml" "here state on" "here watts 2561.7" "here watts_source nvml" \
  "here limit_watts 2800.0" "here limit_min_watts 800.0" "here limit_max_watts 2800.0" "here gpu_temp_c 71.0" \
  "here psu_input_watts " "here inlet_temp_c " "here error " \
  "d1 address 127.0.0.1:$GOOD" "d1 source dcgm" "d1 state on" "d1 watts 610.5" "d1 watts_source dcgm" \
  "d1 limit_watts " "d1 limit_min_watts " "d1 limit_max_watts " "d1 gpu_temp_c 61.0" "d1 psu_input_watts " \
  "bad state error" "bad watts " "dead state unreachable" "dead watts "
assert_contains servers.csv "GET /metrics: line 3: " "the malformed /metrics names its line"
assert_contains servers.csv "GET /metrics: Couldn't connect to server" "dead: curl's reason"
assert_contains err "2 of 4 server(s) could not be read" "the unread servers are counted"

# --- status --ai, by hand: a read-only source sees the GPUs alone, so the rest of the server
# counts at its most (nameplate less the GPUs' largest limits), and NVML's default limit (at
# the largest) is no cap:
#   hall-a: here 2561.7 W + (3000 - 4 x 700) = 2761.7 W, uncapped; d1 publishes no largest
#           limit, so its 1500 W nameplate: it = uncapped = 4261.7 W, no cap, hottest GPU 71 C
#   hall-b: neither read: their nameplates 2000 + 2500 W
assert_exit 0 "status --ai" -- "${F[@]}" status --ai -o ai.csv
assert_eq "hall-a,2,2,0,0.004262,0.004262,,71.0," "$(sed -n 2p ai.csv | cut -d, -f2-)" "hall-a"
# Limits set below the largest (600 W each) are a cap: uncapped at the 3000 W nameplate.
HS_FAKE_NVML="gpus=4;watts=550,540,530,520;limit=600;limit_min=200;limit_max=700;temp=60,61,62,63" \
  "${F[@]}" status --ai -o capped.csv 2>/dev/null || fail "status --ai with capped GPUs"
assert_eq "hall-a,2,2,1,0.003840,0.004500,0.002400,63.0," "$(sed -n 2p capped.csv | cut -d, -f2-)" \
  "hall-a capped: 2140 + 200 + 1500 W drawn, 3000 + 1500 W uncapped"
assert_eq "hall-b,2,0,0,0.000000,0.004500,,," "$(sed -n 3p ai.csv | cut -d, -f2-)" "hall-b"

# --- NVML failing to initialise: an error with NVML's name for the code; d1 still read
HS_FAKE_NVML="init=9" "${F[@]}" status --servers -o nvmlerr.csv 2>/dev/null || fail "status with NVML failing"
check nvmlerr.csv "here state error" "here watts " "d1 state on" \
  "here error nvmlInit_v2 failed: NVML_ERROR_DRIVER_NOT_LOADED"
# A GPU lost off the bus: no partial sum, the GPU named.
HS_FAKE_NVML="gpus=2;watts=300;lost=1" "${F[@]}" status --servers -o lost.csv 2>/dev/null || fail "status with a GPU lost"
check lost.csv "here state error" "here watts " \
  "here error no power reading from GPU 1 (nvmlDeviceGetHandleByIndex_v2 failed: NVML_ERROR_GPU_IS_LOST)"

# --- apply: a cap for a read-only server is refused, per server; cap_pct 0 leaves them alone
printf '%s\n' "interval_start,class,kind,power_mw,cap_pct" "2026-03-01T12:00:00Z,hall-a,ai,1.5,25" \
  "2026-03-01T12:00:00Z,hall-b,ai,1.5,0" >sp.csv
assert_exit 1 "apply a cap to read-only servers" -- "${F[@]}" apply sp.csv --journal j.db --settle 1 -o caps.csv
tail=" cap this server through its BMC (source \"redfish\") or leave its block without cap_pct"
check caps.csv "here outcome refused" "here address local" "here asked_limit_watts " \
  "d1 outcome refused" "bad outcome unchanged" "dead outcome unchanged" \
  "here error read-only source \"nvml\": fleet never sets a power limit through NVML;$tail" \
  "d1 error read-only source \"dcgm\": fleet never sets a power limit through dcgm-exporter;$tail"
assert_contains err "here (local): power cap refused: read-only source \"nvml\"" "the refusal on stderr"
assert_eq "here refused|d1 refused|bad unchanged|dead unchanged" \
  "$(sqlite3 j.db "SELECT group_concat(server || ' ' || outcome, '|') FROM (SELECT * FROM caps ORDER BY id)")" \
  "journaled outcomes"
assert_eq "0" "$(sqlite3 j.db "SELECT count(*) FROM commands")" "nothing sent"
# The same setpoints again: a refusal is not asked again (named, still a failure); unchanged,
# a success, is worked out afresh, as for a BMC.
assert_exit 1 "rerun" -- "${F[@]}" apply sp.csv --journal j.db --settle 1 -o rerun.csv
check rerun.csv "here outcome skipped" "d1 outcome skipped" "bad outcome unchanged" \
  "here error earlier run: refused: read-only source \"nvml\": fleet never sets a power limit through NVML;$tail; not sent again for these setpoints"
finish
