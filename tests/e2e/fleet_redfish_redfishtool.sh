#!/usr/bin/env bash
# DMTF's own Redfish client, redfishtool (in the venv of scripts/pyasic-venv), against our BMC
# simulator serving DMTF's public-localstorage mockup (read in place), beside fleet: a power limit
# redfishtool sets (Chassis setPowerLimit) is the one fleet status reads, one fleet apply sets is
# the one redfishtool reads back (getPowerReading), and both read the same consumed watts. So the
# simulator that fleet's cap tests run on takes a power limit as a real client sends it.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
source "$HS_SOURCE_DIR/tests/e2e/lib/fleet.bash"
RT="$(dirname "$PYASIC_PY")/redfishtool"
[[ -x $RT ]] || { echo "no redfishtool in the venv (${PYASIC_PY%/bin/python}): run scripts/pyasic-venv" >&2; exit 1; }
LS=$(dirname "$(shared_data redfish/public-localstorage/index.json)")

cat >spec.json <<EOF
{"username": "admin", "password": "s3cret",
 "servers": [{"name": "ls", "mockup": "$LS", "tls": false, "auth": "basic", "settle_s": 0.2}]}
EOF
python3 "$SIM/redfish_sim.py" spec.json ports.json >sim.out 2>sim.err &
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 100); do grep -q '^ready' sim.out 2>/dev/null && break; sleep 0.1; done
grep -q '^ready' sim.out || { echo "simulator did not start: $(cat sim.err)" >&2; exit 1; }
PORT=$(python3 -c "import json; print(json.load(open('ports.json'))['ls'])")
cat >inv.toml <<EOF
[[server]]
id = "ls"
address = "127.0.0.1:$PORT"
block = "hall-a"
watts = 800
scheme = "http"
auth = "basic"
EOF
printf '[redfish]\nusername = "admin"\npassword = "s3cret"\n' >cred.toml
chmod 600 cred.toml
rt() { "$RT" -r "127.0.0.1:$PORT" -u admin -p s3cret -A Basic -S Never "$@"; }
# redfishtool's reading of PowerControl[0]: "limit consumed" (null for no limit).
rt_power() {
  rt Chassis -I 1U getPowerReading | python3 -c '
import json, sys
pc = json.load(sys.stdin)
pc = pc["PowerControl"][0] if "PowerControl" in pc else pc
print(pc["PowerLimit"]["LimitInWatts"] if pc["PowerLimit"]["LimitInWatts"] is not None else "null", pc["PowerConsumedWatts"])'
}
fleet_power() {
  fleet status --servers --inventory inv.toml --credentials cred.toml --quiet |
    mlr --icsv --onidx cut -o -f limit_watts,watts | sed 's/^ /null /; s/^$/null/'
}

# The mockup's own limit (500 W) and draw (344 W), as both clients read them.
assert_eq "500 344" "$(rt_power)" "redfishtool reads the mockup"
assert_eq "500.0 344.0" "$(fleet_power)" "fleet reads the mockup"

# redfishtool sets 450 W; fleet reads it.
rt Chassis -I 1U setPowerLimit 450 >rt.out 2>&1 || fail "redfishtool setPowerLimit 450: $(cat rt.out)"
assert_eq "450.0" "$(fleet_power | cut -d' ' -f1)" "fleet reads redfishtool's limit"

# fleet caps the block by 25 %: the limit in force, so from the nameplate, 800 x 0.75 = 600 W;
# redfishtool reads it back.
printf 'interval_start,class,kind,power_mw,cap_pct\n2026-03-01T12:00:00Z,hall-a,ai,0.001,25\n' >cap.csv
fleet apply cap.csv --inventory inv.toml --credentials cred.toml --journal j.db --settle 0.5 -o caps.csv 2>apply.err ||
  fail "fleet apply: $(cat apply.err)"
assert_eq "set 600" "$(mlr --icsv --onidx cut -o -f outcome,readback_limit_watts caps.csv)" "fleet sets 600 W"
assert_eq "600" "$(rt_power | cut -d' ' -f1)" "redfishtool reads fleet's limit"

# redfishtool clears it (setPowerLimit null): fleet reads no limit.
rt Chassis -I 1U setPowerLimit null >rt.out 2>&1 || fail "redfishtool setPowerLimit null: $(cat rt.out)"
assert_eq "null 344.0" "$(fleet_power)" "fleet reads the limit cleared, the draw back"

finish
