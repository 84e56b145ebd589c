#!/usr/bin/env bash
# Setpoint modes become LuxOS profiles: the class maps eco to profile -2 (0.8 x TH/s,
# 0.7 x W in the simulator), every running machine gets it once, and waking machines get
# it before their wakeup.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
source "$HS_SOURCE_DIR/tests/e2e/lib/fleet.bash"
python3 - <<'PY'
import json
ms = [{"id": "m%d" % i, "class": "s21", "firmware": "luxos", "ths": 200, "watts": 3500,
       "state": "on" if i < 3 else "sleep", "profiles": {"default": [1, 1], "-2": [0.8, 0.7]}} for i in range(4)]
json.dump({"classes": [{"name": "s21", "pue": 1.0, "profiles": {"eco": "-2", "full": "default"}}], "machines": ms},
          open("spec.json", "w"))
PY
start_fleet_sim spec.json inv.toml
a=(--inventory inv.toml --journal j.db --ramp 0 --settle 0.2)
printf 'interval_start,class,kind,power_mw,units_on,mode\n2025-04-11T00:00:00Z,s21,mining,0.0098,4,eco\n' >eco.csv
fleet apply eco.csv "${a[@]}" --dry-run -o plan.csv
assert_eq "profile:m0,profile:m1,profile:m2,profile:m3,wakeup:m3" "$(awk -F, 'NR>1 {print $5":"$3}' plan.csv | paste -sd,)" "plan"
fleet apply eco.csv "${a[@]}" -o r1.csv
# 4 x 3500 W x 0.7 = 9800 W.
assert_eq "5,5,4,0.0098,true" "$(field r1.csv s21 commands),$(field r1.csv s21 acknowledged),$(field r1.csv s21 measured_units_on),$(field r1.csv s21 measured_mw),$(field r1.csv s21 within_tolerance)" "eco applied"
assert_eq "logon,profileset,curtail,logoff" "$(sim '",".join(c[0] for c in d["machines"]["m3"]["log"])')" "profile before wakeup"
assert_eq "-2,-2,-2,-2" "$(sim '",".join(m["profile"] for m in d["machines"].values())')" "every machine at -2"
# The next interval, still eco: the journal knows the profiles, nothing is sent.
sed 's/T00:00:00Z/T00:15:00Z/' eco.csv >eco2.csv
fleet apply eco2.csv "${a[@]}" -o r2.csv
assert_eq "0" "$(field r2.csv s21 commands)" "nothing sent for an unchanged mode"
printf 'interval_start,class,kind,power_mw,units_on,mode\n2025-04-11T00:30:00Z,s21,mining,0.014,4,full\n' >full.csv
fleet apply full.csv "${a[@]}" -o r3.csv
assert_eq "4,0.0140" "$(field r3.csv s21 acknowledged),$(field r3.csv s21 measured_mw)" "back to full"
finish
