#!/usr/bin/env bash
# The AI hall in the shipped loop (examples/hybridsite-loop with AI_DRAW): each turn fleet
# status --ai reads the hall's GPU servers (our Redfish BMC simulator serving DMTF's
# public-smartnic mockup, read in place, with a power Control), allocate now gives the measured
# headroom to mining, and under a price spike caps the hall within its flexibility clause; fleet
# apply sets the servers' limits and reads them back, and clears them when the spike is over.
# Ten simulated LuxOS miners carry the mining side.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
source "$HS_SOURCE_DIR/tests/e2e/lib/fleet.bash"
EX="$HS_SOURCE_DIR/examples"
NIC=$(dirname "$(shared_data redfish/public-smartnic/index.json)")

python3 - <<'PY'
import json
ms = [{"id": "m%02d" % i, "class": "s21", "firmware": "luxos", "ths": 200, "watts": 3500, "state": "sleep"} for i in range(10)]
json.dump({"classes": [{"name": "s21", "pue": 1.0}], "machines": ms}, open("spec.json", "w"))
# Ten BMCs of the mockup: each draws its EnvironmentMetrics' 374 W until a limit settles.
bmcs = [{"name": "g%d" % i, "mockup": "NIC", "tls": False, "auth": "basic", "settle_s": 0.2,
         "control": {"min": 200, "max": 1000}} for i in range(10)]
json.dump({"username": "admin", "password": "s3cret", "servers": bmcs}, open("bmc.json", "w"))
PY
sed -i "s|\"NIC\"|\"$NIC\"|g" bmc.json
start_fleet_sim spec.json inv.toml
python3 "$SIM/redfish_sim.py" bmc.json ports.json >bmc.out 2>bmc.err &
bmc_pid=$!
trap 'kill $sim_pid $bmc_pid 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 100); do grep -q '^ready' bmc.out 2>/dev/null && break; sleep 0.1; done
grep -q '^ready' bmc.out || { echo "BMC simulator did not start: $(cat bmc.err)" >&2; exit 1; }
python3 - <<'PY' >>inv.toml
import json
for name, port in json.load(open("ports.json")).items():
    if name != "control":
        print(f'\n[[server]]\nid = "{name}"\naddress = "127.0.0.1:{port}"\nblock = "hall"\nwatts = 1000\nscheme = "http"\nauth = "basic"')
PY
BMC_CTL=$(python3 -c "import json; print(json.load(open('ports.json'))['control'])")
limits() {
  python3 -c "import json,urllib.request; d=json.load(urllib.request.urlopen('http://127.0.0.1:$BMC_CTL/state'))
print(' '.join(str(v['limit']) for k, v in sorted(d.items()) if isinstance(v, dict) and 'limit' in v))"
}
printf '[redfish]\nusername = "admin"\npassword = "s3cret"\n' >cred.toml
chmod 600 cred.toml

# 45 kW: ten 3.5 kW miners (break-even 119.05 $/MWh) beside a 10 kW IT hall at PUE 1.2, with
# 1 kW kept above its measured draw; its clause caps up to 25 % at 150 $ per capped MWh.
cat >site.toml <<'TOML'
[site]
interconnect_mw = 0.045
[economics]
hashprice_usd_per_ph_day = 50
[[mining]]
name = "s21"
units = 10
ths_per_unit = 200
watts_per_unit = 3500
[[ai]]
name = "hall"
it_mw = 0.01
pue = 1.2
lease_usd_per_kw_month = 130
measured_margin_mw = 0.001
flex_max_cap_pct = 25
flex_cost_usd_per_mwh = 150
TOML
feed() {
  python3 - "$1" <<'PY'
import sys, time
q = int(time.time()) // 900 * 900
print("interval_start,interval_minutes,iso,market,node,price_per_mwh,currency")
for t in range(q - 86400, q + 86400, 900):
    print(time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t)) + ",15,ERCOT,rt,HB_WEST,%s,USD" % sys.argv[1])
PY
}
cat >loop.conf <<CONF
FETCH="powerfeed $PWD/feed.csv"
SITE=$PWD/site.toml
INVENTORY=$PWD/inv.toml
STATE_DIR=$PWD/var
FETCH_TIMEOUT=30
APPLY_TIMEOUT=60
AI_DRAW=yes
AI_DRAW_ARGS=(--credentials $PWD/cred.toml --connect-timeout 2000 --read-timeout 5000)
NOW_ARGS=(--horizon 15m)
APPLY_ARGS=(--ramp 0 --settle 0.5 --connect-timeout 2000 --read-timeout 5000 --credentials $PWD/cred.toml --caps $PWD/var/caps.csv)
CONF
turn() { "$EX/hybridsite-loop" loop.conf 2>>loop.log; }
hall() { mlr --icsv --onidx filter '$class == "hall"' then cut -o -f "$1" var/setpoints.csv; }
s21() { mlr --icsv --onidx filter '$class == "s21"' then cut -o -f "$1" var/setpoints.csv; }

# 1. 30 $/MWh. The hall draws 10 x 374 W = 3.74 kW IT (4.488 kW facility) + 1 kW kept free:
# mining has 45 - 5.488 = 39.512 kW, all ten units (35 kW); at its 12 kW contract it would have
# 33 kW, nine. No cap (cap_pct 0): the servers have no limit, nothing is sent to them.
feed 30 >feed.csv
got=0; turn || got=$?
assert_eq 0 "$got" "turn 1 exit: $(tail -3 loop.log)"
assert_contains loop.log "ai draw 0, allocate now 0, fleet apply 0" "turn 1 logged"
assert_eq "0.003740 0.003740" "$(mlr --icsv --onidx cut -o -f it_mw,uncapped_it_mw var/ai_draw.csv)" "the hall measured"
assert_eq "10" "$(s21 units_on)" "turn 1: the headroom runs the tenth miner"
assert_eq "0.0045 0.00" "$(hall power_mw) $(hall cap_pct)" "turn 1: the hall at its draw, uncapped"
assert_eq "10" "$(sim 'sum(1 for m in d["machines"].values() if m["on"])')" "turn 1: ten hashing"
assert_eq "None None None None None None None None None None" "$(limits)" "turn 1: no limit"

# 2. A spike at 300 $/MWh: mining is off (above 119.05), and a capped IT MWh saves 300 x 1.2 =
# 360 $ for 150 $: the hall is capped by 25 %, each server to round(374 x 0.75) = 281 W.
feed 300 >feed.csv
got=0; turn || got=$?
assert_eq 0 "$got" "turn 2 exit: $(tail -3 loop.log)"
assert_eq "0 capped 25.00" "$(s21 units_on) $(hall mode) $(hall cap_pct)" "turn 2: mining off, the hall capped"
assert_eq "281 281 281 281 281 281 281 281 281 281" "$(limits)" "turn 2: the limits set"
assert_eq "set" "$(mlr --icsv --onidx cut -f outcome then uniq -a var/caps.csv)" "turn 2: every cap set and read back"
assert_eq "281" "$(mlr --icsv --onidx head -n 1 then cut -f readback_limit_watts var/caps.csv)" "turn 2: read back"

# 3. 30 $/MWh again: the reading was taken under the limits, so the hall counts at its
# nameplate (uncapped_it_mw 10 x 1000 W): nine miners; the limits are cleared.
feed 30 >feed.csv
got=0; turn || got=$?
assert_eq 0 "$got" "turn 3 exit: $(tail -3 loop.log)"
assert_eq "0.010000" "$(mlr --icsv --onidx cut -f uncapped_it_mw var/ai_draw.csv)" "turn 3: capped servers at nameplate"
assert_eq "9 0.00" "$(s21 units_on) $(hall cap_pct)" "turn 3: the contract's room, no cap"
assert_eq "None None None None None None None None None None" "$(limits)" "turn 3: the limits cleared"
assert_eq "cleared" "$(mlr --icsv --onidx cut -f outcome then uniq -a var/caps.csv)" "turn 3: cleared, read back"

# 4. Read uncapped again: the headroom returns.
got=0; turn || got=$?
assert_eq "10" "$(s21 units_on)" "turn 4: ten again"

finish
