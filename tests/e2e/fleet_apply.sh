#!/usr/bin/env bash
# allocate now | fleet apply, as cron runs it, against 250 simulated LuxOS miners on
# 127.0.0.1: the least efficient machines sleep first, the ramp limit holds per wave, the
# measured site power equals the setpoint, and a second run of the same setpoints sends
# nothing. Then the price falls and the sleeping class is woken again.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
source "$HS_SOURCE_DIR/tests/e2e/lib/fleet.bash"
SITE=$HS_TEST_DATA/fleet/site.toml

# s21: 150 machines of 3500 W, 100 hashing and 50 asleep. s19jpro: 100 machines hashing,
# 3000 + i W each (J/TH 30.00 ... 30.99): the order they are slept in is known.
python3 - <<'PY'
import json
ms = [{"id": "s21-%03d" % i, "class": "s21", "firmware": "luxos", "ths": 200, "watts": 3500,
       "state": "on" if i < 100 else "sleep"} for i in range(150)]
ms += [{"id": "s19jpro-%03d" % i, "class": "s19jpro", "firmware": "luxos", "ths": 100, "watts": 3000 + i,
        "state": "on"} for i in range(100)]
json.dump({"ramp_mw_per_minute": 6, "classes": [{"name": "s21", "pue": 1.04}, {"name": "s19jpro", "pue": 1.06}],
           "machines": ms}, open("spec.json", "w"))
PY
start_fleet_sim spec.json inv.toml
net=(--inventory inv.toml --connect-timeout 2000 --read-timeout 5000)
hdr='interval_start,interval_minutes,node,price_per_mwh'

# 80 $/MWh: s19jpro is off (break-even 54.60), s21 runs all 150.
printf '%s\n2025-04-11T00:00:00Z,15,HB_HOUSTON,80\n' "$hdr" >p1.csv
allocate now --site "$SITE" --state state.json --at 2025-04-11T00:05:00Z -o sp1.csv <p1.csv
assert_eq "2025-04-11T00:00:00Z,s21,mining,0.5460,150,full,price,0,," "$(grep s21 sp1.csv)" "setpoint s21"
assert_eq "2025-04-11T00:00:00Z,s19jpro,mining,0.0000,0,off,price,0,," "$(grep s19jpro sp1.csv)" "setpoint s19jpro"

# The plan: 100 sleeps, worst J/TH first; 50 wakeups. Ramp 6 MW/min in 0.2 s waves is
# 20 kW a wave: six s19jpro sleeps (about 3.2 kW each at PUE 1.06), five s21 wakeups (3.64 kW).
fleet apply sp1.csv "${net[@]}" --dry-run --wave-seconds 0.2 -o plan.csv
assert_eq 150 "$(($(wc -l <plan.csv) - 1))" "planned actions"
assert_eq "s19jpro-099,s19jpro-098,s19jpro-097" "$(awk -F, '$5=="sleep" {print $3}' plan.csv | head -3 | paste -sd,)" "worst first"
assert_eq "s19jpro-000" "$(awk -F, '$5=="sleep" {print $3}' plan.csv | tail -1)" "best last"
assert_eq 27 "$(awk -F, 'NR>1 {print $7}' plan.csv | sort -un | wc -l)" "waves (17 of sleeps, 10 of wakeups)"
over=$(awk -F, 'NR>1 { pue = ($2=="s21") ? 1.04 : 1.06; w[$7] += ($9 < 0 ? -$9 : $9) * pue }
  END { for (k in w) if (w[k] > 20000 + 1e-6) print k, w[k] }' plan.csv)
assert_eq "" "$over" "no wave switches more than 20 kW"
assert_eq "s21-100" "$(awk -F, '$5=="wakeup" {print $3}' plan.csv | head -1)" "first wakeup"
assert_eq "0" "$(sim 'sum(len(m["log"]) for m in d["machines"].values())')" "a dry run sends no command"

# The cron line itself: allocate now | fleet apply.
start=$(date +%s.%N)
allocate now --site "$SITE" --state state.json --at 2025-04-11T00:05:00Z <p1.csv |
  fleet apply "${net[@]}" --journal journal.db --wave-seconds 0.2 --settle 0.3 -o r1.csv
elapsed=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
awk -v e="$elapsed" 'BEGIN { exit !(e >= 5.2) }' || fail "27 waves of 0.2 s take at least 5.2 s, took $elapsed"
assert_eq "0.5460" "$(field r1.csv s21 measured_mw)" "s21 measured MW"
assert_eq "150" "$(field r1.csv s21 measured_units_on)" "s21 hashing"
assert_eq "50" "$(field r1.csv s21 acknowledged)" "s21 wakeups acknowledged"
assert_eq "0.0000" "$(field r1.csv s19jpro measured_mw)" "s19jpro measured MW"
assert_eq "100" "$(field r1.csv s19jpro acknowledged)" "s19jpro sleeps acknowledged"
assert_eq "true,true" "$(field r1.csv s21 within_tolerance),$(field r1.csv s19jpro within_tolerance)" "within tolerance"
# The simulator's own books agree: 150 x 3500 W and nothing else.
assert_eq "525000.0" "$(sim 'd["total_watts"]')" "simulator total watts"
assert_eq "1" "$(sim 'max(sum(1 for c in m["log"] if c[0]=="curtail") for m in d["machines"].values())')" "one curtail per machine"
assert_eq "logon,curtail,logoff" "$(sim '",".join(c[0] for c in d["machines"]["s19jpro-050"]["log"])')" "LuxOS session around the command"
# The journal holds every command with its answer; session ids are not kept.
assert_eq "150" "$(sqlite3 journal.db "SELECT count(*) FROM commands WHERE command='curtail' AND outcome='ack'")" "journaled curtails"
assert_eq "0" "$(sqlite3 journal.db "SELECT count(*) FROM commands WHERE parameter GLOB '*[A-Za-z0-9]*,*' AND parameter NOT LIKE '<session>%'")" "no session id in the journal"

# Cron runs again within the interval: the same setpoints, nothing sent.
allocate now --site "$SITE" --state state.json --at 2025-04-11T00:05:00Z <p1.csv |
  fleet apply "${net[@]}" --journal journal.db --wave-seconds 0.2 --settle 0 -o r2.csv
assert_eq "0,0" "$(field r2.csv s21 commands),$(field r2.csv s19jpro commands)" "repeat run sends nothing"
assert_eq "1" "$(sim 'max(sum(1 for c in m["log"] if c[0]=="curtail") for m in d["machines"].values())')" "still one curtail per machine"

# Another client (or a run cut short) holds s19jpro-000's LuxOS session: its logon is refused
# (402); fleet asks `session` for the open one and acts within it, as pyasic does.
python3 - <<'PY'
import json, socket, tomllib
m = [x for x in tomllib.load(open("inv.toml", "rb"))["machine"] if x["id"] == "s19jpro-000"][0]
host, _, port = m["address"].partition(":")
with socket.create_connection((host, int(port or 4028)), timeout=5) as c:
    c.sendall(json.dumps({"command": "logon"}).encode())
    print(c.recv(4096).decode(errors="replace").rstrip("\0"), file=open("held.json", "w"))
PY
assert_contains held.json '"SessionID"' "a session held before the run"

# 30 $/MWh: s19jpro on again, all 100; measured = (sum of 3000..3099 W) x 1.06 = 323247 W.
printf '%s\n2025-04-11T00:15:00Z,15,HB_HOUSTON,30\n' "$hdr" >p2.csv
allocate now --site "$SITE" --state state.json --at 2025-04-11T00:20:00Z <p2.csv |
  fleet apply "${net[@]}" --journal journal.db --ramp 0 --settle 0.3 -o r3.csv
assert_eq "100,0.3232,true" "$(field r3.csv s19jpro acknowledged),$(field r3.csv s19jpro measured_mw),$(field r3.csv s19jpro within_tolerance)" "s19jpro back on"
assert_eq "logon,logon,session,curtail,logoff" \
  "$(sim '",".join(c[0] for c in d["machines"]["s19jpro-000"]["log"][-5:])')" "the held session used"
assert_eq "0" "$(field r3.csv s21 commands)" "s21 untouched"
assert_eq "829950.0" "$(sim 'd["total_watts"]')" "simulator total after wakeup"

# Safety: a setpoint for a class the inventory lacks is refused before anything is sent.
printf 'interval_start,class,kind,power_mw,units_on,mode\n2025-04-11T00:30:00Z,s9,mining,1,10,full\n' >bad.csv
assert_exit 65 "unknown class" -- fleet apply bad.csv "${net[@]}" --journal journal.db
assert_contains "$T/err" "setpoint for class 's9', which inv.toml does not declare" "message names the class"
assert_exit 64 "apply without a journal" -- fleet apply sp1.csv "${net[@]}"
finish
