#!/usr/bin/env bash
# allocate now as cron runs it: the latest price, a state file, setpoints written atomically.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
D=$HS_TEST_DATA/allocate
SITE=$HS_SOURCE_DIR/examples/site.toml
hdr='interval_start,interval_minutes,node,price_per_mwh'
# s19jpro breaks even at 54.60 $/MWh; hysteresis 2: off above 56.60, on again below 52.60.
prices=(30 56 58 54 52)
want=(on on off off on)
t0=$(date -u -d 2025-04-11T00:00:00Z +%s)
for i in "${!prices[@]}"; do
  ts=$(date -u -d "@$((t0 + i * 900))" +%Y-%m-%dT%H:%M:%SZ)
  printf '%s\n%s,15,HB_HOUSTON,%s\n' "$hdr" "$ts" "${prices[$i]}" >p.csv
  allocate now --site "$SITE" --state state.json -o sp.csv <p.csv
  got=$(awk -F, '$2=="s19jpro" { print ($6=="off" ? "off" : "on") }' sp.csv)
  assert_eq "${want[$i]}" "$got" "s19jpro at ${prices[$i]} (interval $i)"
  # The same input again: the same setpoints and the same state.
  cp sp.csv sp1.csv
  cp state.json st1.json
  allocate now --site "$SITE" --state state.json -o sp.csv <p.csv
  cmp -s sp.csv sp1.csv || fail "repeat run gives the same setpoints (interval $i)"
  cmp -s state.json st1.json || fail "repeat run gives the same state (interval $i)"
done
assert_eq "2025-04-11T01:00:00Z,s19jpro,mining,12.9320,4000,full" "$(grep s19jpro sp.csv)" "setpoint record"
# A failing run (unknown node) leaves the setpoint file and the state as they were.
cp sp.csv before.csv
cp state.json state_before.json
assert_exit 65 "no prices for the node" -- allocate now --site "$SITE" --state state.json -o sp.csv --node NOPE -i p.csv
cmp -s sp.csv before.csv || fail "setpoints untouched on failure"
cmp -s state.json state_before.json || fail "state untouched on failure"
ls -A | grep -q '\.tmp' && fail "no temporary file left behind"
# An older price than the state's last decision is refused.
printf '%s\n2025-04-10T00:00:00Z,15,HB_HOUSTON,30\n' "$hdr" >old.csv
assert_exit 65 "older price" -- allocate now --site "$SITE" --state state.json -o sp.csv -i old.csv
finish
