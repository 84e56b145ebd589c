#!/usr/bin/env bash
# fleet status against a mixed simulated fleet (LuxOS, Braiins OS, bmminer, cgminer): per
# machine telemetry, and per class the measured TH/s, W per unit and J/TH, hand-worked.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
source "$HS_SOURCE_DIR/tests/e2e/lib/fleet.bash"
python3 - <<'PY'
import json
ms = [{"id": "lux-%d" % i, "class": "s21", "firmware": "luxos", "ths": 200, "watts": 3500 + 100 * i, "state": "on"}
      for i in range(3)]
ms += [{"id": "bm-%d" % i, "class": "s19", "firmware": "bmminer", "ths": 100, "watts": 3050, "state": "on"} for i in range(2)]
ms += [{"id": "cg-0", "class": "s19", "firmware": "cgminer", "ths": 100, "watts": 3050, "state": "sleep"},
       {"id": "bos-0", "class": "s19", "firmware": "braiins", "ths": 100, "watts": 3000, "state": "on"}]
json.dump({"classes": [{"name": "s21", "pue": 1.04}, {"name": "s19", "pue": 1.06}], "machines": ms}, open("spec.json", "w"))
PY
start_fleet_sim spec.json inv.toml

fleet status --inventory inv.toml -o st.csv
row() { grep "^$1," st.csv | cut -d, -f4-; }
# firmware,state,ths,watts,watts_source,temp_c,hw_errors(skipped),joules_per_th
assert_eq "luxos,hashing,200.000,3600.0,firmware,78.0" "$(row lux-1 | cut -d, -f1-6)" "LuxOS: power and temps"
assert_eq "18.00" "$(row lux-1 | cut -d, -f8)" "LuxOS J/TH"
assert_eq "bmminer,hashing,100.000,3050.0,estimate,72.0" "$(row bm-0 | cut -d, -f1-6)" "bmminer: GHS 5s string, watts estimated"
assert_eq "cgminer,sleeping,0.000,0.0,estimate,30.0" "$(row cg-0 | cut -d, -f1-6)" "cgminer asleep"
assert_eq "braiins,hashing,100.000,3000.0,firmware,78.0" "$(row bos-0 | cut -d, -f1-6)" "Braiins OS tunerstatus"

# s21: 600 TH/s, 10800 W, 3600 W and 200 TH/s a unit, 18 J/TH. s19: three hashing of four,
# 3050 + 3050 + 3000 = 9100 W over 300 TH/s = 30.333 J/TH, two of them estimated.
fleet status --inventory inv.toml --summary -o sum.csv
assert_eq "s21,3,3,3,600.000,0.010800,200.000,3600.0,18.000,0" "$(grep '^s21,' sum.csv)" "s21 summary"
assert_eq "s19,4,4,3,300.000,0.009100,100.000,3033.3,30.333,2" "$(grep '^s19,' sum.csv)" "s19 summary"
# Miller sums the per-machine records to the same class totals (an independent reader).
if command -v mlr >/dev/null; then
  assert_eq "s19,300,9100" "$(mlr --icsv --ocsv --headerless-csv-output filter '$class=="s19"' then stats1 -a sum -f ths,watts -g class st.csv)" "Miller's sums"
fi
# As hashbench's profile record: s21 measured by its firmware; s19's watts partly estimated, so none.
fleet status --inventory inv.toml --profile -o prof.csv
# 200 TH/s at 3,600 W: 18.0 J/TH, and 2e14 / 3600 = 55,555,555,555.5556 H/s per W.
assert_eq "s21,sha256d,200000000000000,H/s,3600.0,fleet,18.0,,false,,,,55555555555.5556" "$(grep '^s21,' prof.csv)" "s21 profile record"
assert_eq "s19,sha256d,100000000000000,H/s,,,,,false,,,," "$(grep '^s19,' prof.csv)" "s19 profile record"
if command -v hashbench >/dev/null; then
  hashbench profile --spec prof.csv -o norm.csv
  assert_eq "s21,sha256d,200000000000000,H/s,3600.0,fleet,18.0,,false,,,,55555555555.5556" "$(grep '^s21,' norm.csv)" "hashbench profile --spec reads it"
fi
fleet status --inventory inv.toml --class s21 --format jsonl -o s21.jsonl
assert_eq "3" "$(wc -l <s21.jsonl)" "one class"
assert_contains s21.jsonl '"machine":"lux-0"' "jsonl records"
assert_exit 64 "unknown class" -- fleet status --inventory inv.toml --class s9

# query: one read-only command to every machine, the replies as records.
fleet query pools --inventory inv.toml -o pools.csv
assert_eq "7" "$(grep -c ',pools,true,S,7,1 Pool(s),' pools.csv)" "every machine answers pools"
assert_contains pools.csv 'stratum+tcp://stratum.slushpool.com:3333' "the reply itself"
fleet query power --inventory inv.toml --class s19 -o power.csv
assert_eq "bmminer:false:power reply: status E: Invalid command" "$(grep '^bm-0,' power.csv | python3 -c 'import csv,sys; r=next(csv.reader(sys.stdin)); print(r[2]+":"+r[4]+":"+r[8])')" "no power command on bmminer"
assert_exit 64 "a command that changes the machine" -- fleet query curtail --inventory inv.toml
assert_eq "0" "$(sim 'sum(len(m["log"]) for m in d["machines"].values())')" "query sent no control command"

# s19 mixes firmware: the two bmminer machines hash and cannot be commanded, so 2 units
# leave nothing for Braiins OS: it is paused; 3 resume it. The cgminer one stays asleep.
printf 'interval_start,class,kind,power_mw,units_on,mode\n2025-04-11T00:00:00Z,s19,mining,0.0065,2,full\n' >two.csv
fleet apply two.csv --inventory inv.toml --journal j.db --ramp 0 --settle 0.2 -o a1.csv
assert_eq "1,1,2,0.0065" "$(field a1.csv s19 commands),$(field a1.csv s19 acknowledged),$(field a1.csv s19 measured_units_on),$(field a1.csv s19 measured_mw)" "Braiins OS paused"
assert_eq "[['pause', '']]" "$(sim 'd["machines"]["bos-0"]["log"]')" "pause, no session"
sed 's/,0.0065,2,full/,0.0096,3,full/; s/T00:00/T00:15/' two.csv >three.csv
fleet apply three.csv --inventory inv.toml --journal j.db --ramp 0 --settle 0.2 -o a2.csv
assert_eq "1,3,0.0096" "$(field a2.csv s19 acknowledged),$(field a2.csv s19 measured_units_on),$(field a2.csv s19 measured_mw)" "Braiins OS resumed"
finish
