#!/usr/bin/env bash
# fleet status --servers against DMTF's redfishtool, reading the same simulated BMCs in the same
# run: N GPU servers (default 200) on 127.0.0.1 (tests/fleet_sim/redfish_sim.py serving DMTF's
# public-localstorage mockup from ../shared/data, HTTP basic auth), read once by `fleet status
# --servers` (every BMC at once on libcurl's multi interface) and once by redfishtool 1.1.8
# (`Chassis -I 1U getPowerReading`, one process per server, J at a time through xargs -P).
# Both read the power in force and the limit. Prints both wall times and the ratio.
#
#   bench/fleet_redfish_redfishtool.sh [N] [J]      (J default 16)
# Needs scripts/pyasic-venv (redfishtool is in that venv). The simulator is one Python process
# with a thread per request and sets the pace on a small machine for both clients.
set -euo pipefail
N=${1:-200}
J=${2:-16}
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FLEET=${FLEET:-$(b=$(bench_build_dir fleet); [[ -n $b ]] && echo "$b/tools/fleet" || echo fleet)}
RT="${HYBRIDSITE_PYASIC_VENV:-/opt/hybridsite/pyasic-venv}/bin/redfishtool"
[[ -x $RT ]] || { echo "no redfishtool: run scripts/pyasic-venv" >&2; exit 69; }
source "$ROOT/scripts/lib/shared-data.bash"
LS=$(dirname "$(shared_data redfish/public-localstorage/index.json)")
W=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/fleet-redfish.XXXXXX")
sim_pid=
trap '[[ -n $sim_pid ]] && kill $sim_pid 2>/dev/null; rm -rf "$W"' EXIT
ulimit -n "$(ulimit -Hn)"
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

python3 - "$N" "$LS" "$W/spec.json" <<'PY'
import json, sys
n, mockup, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
json.dump({"username": "admin", "password": "s3cret",
           "servers": [{"name": "g%04d" % i, "mockup": mockup, "tls": False, "auth": "basic"} for i in range(n)]},
          open(out, "w"))
PY
python3 "$ROOT/tests/fleet_sim/redfish_sim.py" "$W/spec.json" "$W/ports.json" >"$W/sim.out" 2>"$W/sim.err" &
sim_pid=$!
until grep -q '^ready' "$W/sim.out" 2>/dev/null; do sleep 0.2; kill -0 $sim_pid; done
python3 - "$W/ports.json" >"$W/inv.toml" <<'PY'
import json, sys
for name, port in json.load(open(sys.argv[1])).items():
    if name != "control":
        print(f'[[server]]\nid = "{name}"\naddress = "127.0.0.1:{port}"\nblock = "hall"\nwatts = 800\nscheme = "http"\nauth = "basic"\n')
PY
printf '[redfish]\nusername = "admin"\npassword = "s3cret"\n' >"$W/cred.toml"
chmod 600 "$W/cred.toml"

t0=$(now)
"$FLEET" status --servers --inventory "$W/inv.toml" --credentials "$W/cred.toml" --quiet -o "$W/fleet.csv"
fleet_s=$(secs "$t0" "$(now)")
fleet_ok=$(awk -F, 'NR > 1 && $5 == "on" && $9 == "500.0"' "$W/fleet.csv" | wc -l)

python3 -c "import json,sys; [print(v) for k, v in json.load(open(sys.argv[1])).items() if k != 'control']" "$W/ports.json" >"$W/ports.txt"
t0=$(now)
xargs -P "$J" -I{} sh -c '"$1" -r "127.0.0.1:$2" -u admin -p s3cret -A Basic -S Never Chassis -I 1U getPowerReading >"$3/rt.$2.json" 2>/dev/null' \
  _ "$RT" {} "$W" <"$W/ports.txt"
rt_s=$(secs "$t0" "$(now)")
rt_ok=$(cat "$W"/rt.*.json | python3 -c '
import json, sys
text, n, dec = sys.stdin.read(), 0, json.JSONDecoder()
i = 0
while i < len(text):
    while i < len(text) and text[i].isspace(): i += 1
    if i >= len(text): break
    o, i = dec.raw_decode(text, i)
    pc = o["PowerControl"][0] if "PowerControl" in o else o
    n += pc["PowerLimit"]["LimitInWatts"] == 500
print(n)')

printf '%-34s %10s %10s %12s\n' "client" "wall s" "read" "servers/s"
printf '%-34s %10s %10s %12s\n' "fleet status --servers (ours)" "$fleet_s" "$fleet_ok/$N" "$(awk -v n="$N" -v s="$fleet_s" 'BEGIN { printf "%.0f", n / s }')"
printf '%-34s %10s %10s %12s\n' "redfishtool 1.1.8, $J at a time" "$rt_s" "$rt_ok/$N" "$(awk -v n="$N" -v s="$rt_s" 'BEGIN { printf "%.0f", n / s }')"
echo "ratio (redfishtool wall / fleet wall): $(awk -v a="$rt_s" -v b="$fleet_s" 'BEGIN { printf "%.1f", a / b }')"
