#!/usr/bin/env bash
# The journal: a run killed half way and started again with the same setpoints does not
# flap machines (what was acknowledged is not sent again, nor compensated by other machines
# while it ramps); a second run while one is going is refused with 75.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
source "$HS_SOURCE_DIR/tests/e2e/lib/fleet.bash"

# 40 s21 asleep, J/TH 17.50 ... 19.45 (watts 3500 + 10 i); a woken machine needs 3 s
# before its power shows (lag_s), as a real one ramps.
python3 - <<'PY'
import json
ms = [{"id": "m%02d" % i, "class": "s21", "firmware": "luxos", "ths": 200, "watts": 3500 + 10 * i,
       "state": "sleep", "lag_s": 3} for i in range(40)]
json.dump({"classes": [{"name": "s21", "pue": 1.0}], "machines": ms}, open("spec.json", "w"))
PY
start_fleet_sim spec.json inv.toml
printf 'interval_start,class,kind,power_mw,units_on,mode\n2025-04-11T00:00:00Z,s21,mining,0.0719,20,full\n' >sp.csv
# Ramp 0.6 MW/min in 1 s waves: 10 kW a wave, two wakeups each: 10 waves for 20 machines.
args=(sp.csv --inventory inv.toml --journal j.db --ramp 0.6 --wave-seconds 1 --settle 3.5)

# Killed after the third wave (waves 0, 1, 2: six machines acknowledged their wakeup).
got=0
HS_FLEET_CRASH_AFTER_WAVE=2 fleet apply "${args[@]}" -o r0.csv 2>err0 || got=$?
assert_eq 137 "$got" "killed by the crash hook"
assert_eq "6" "$(sqlite3 j.db "SELECT count(*) FROM commands WHERE command='curtail' AND outcome='ack'")" "acknowledged before the crash"
assert_eq "m00,m01,m02,m03,m04,m05" "$(sqlite3 j.db "SELECT group_concat(machine) FROM (SELECT machine FROM commands WHERE command='curtail' ORDER BY id)")" "most efficient first"

# Resumed at once: the six still show no power (ramping), yet count as on: 14 more, not 20.
fleet apply "${args[@]}" -o r1.csv 2>err1
assert_eq "14,14,20,0.0719" "$(field r1.csv s21 commands),$(field r1.csv s21 acknowledged),$(field r1.csv s21 measured_units_on),$(field r1.csv s21 measured_mw)" "resumed run"
assert_contains err1 "resumed: 6 machine(s) had acknowledged these setpoints" "resume noted"
assert_eq "20" "$(sim 'sum(1 for m in d["machines"].values() if m["on"])')" "exactly 20 machines on"
assert_eq "1" "$(sim 'max(sum(1 for c in m["log"] if c[0]=="curtail") for m in d["machines"].values())')" "no machine sent twice"
# 20 most efficient on: 3500..3690 W, 71900 W in all.
assert_eq "71900.0" "$(sim 'd["total_watts"]')" "simulator total watts"

# A second run while one holds the journal: refused with 75, nothing sent by it.
printf 'interval_start,class,kind,power_mw,units_on,mode\n2025-04-11T00:15:00Z,s21,mining,0,0,off\n' >off.csv
fleet apply off.csv --inventory inv.toml --journal j.db --ramp 0.6 --wave-seconds 1 --settle 3.5 -o r2.csv 2>err2 &
first=$!
sleep 1
assert_exit 75 "concurrent run" -- fleet apply off.csv --inventory inv.toml --journal j.db
assert_contains "$T/err" "another fleet run holds j.db.lock" "clear message"
wait $first || fail "the first run failed: $(cat err2)"
assert_eq "0" "$(field r2.csv s21 measured_units_on)" "first run finished the job"
finish
