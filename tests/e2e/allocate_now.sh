#!/usr/bin/env bash
# allocate now as cron runs it: the interval holding the clock (--at here), a state file,
# setpoints written atomically; without a fresh price the site's fail-safe acts (exit 3).
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
  at=$(date -u -d "@$((t0 + i * 900 + 300))" +%Y-%m-%dT%H:%M:%SZ)  # cron runs 5 minutes in
  allocate now --site "$SITE" --state state.json --at "$at" -o sp.csv <p.csv
  got=$(awk -F, '$2=="s19jpro" { print ($6=="off" ? "off" : "on") }' sp.csv)
  assert_eq "${want[$i]}" "$got" "s19jpro at ${prices[$i]} (interval $i)"
  # The same input again: the same setpoints and the same state.
  cp sp.csv sp1.csv
  cp state.json st1.json
  allocate now --site "$SITE" --state state.json --at "$at" -o sp.csv <p.csv
  cmp -s sp.csv sp1.csv || fail "repeat run gives the same setpoints (interval $i)"
  cmp -s state.json st1.json || fail "repeat run gives the same state (interval $i)"
done
# Decided on the interval's own price, 0 s old.
assert_eq "2025-04-11T01:00:00Z,s19jpro,mining,12.9320,4000,full,price,0,," "$(grep s19jpro sp.csv)" "setpoint record"
assert_eq "2025-04-11T01:00:00Z,hall-a,ai,25.0000,,on,firm,0,," "$(grep hall-a sp.csv)" "firm AI"
# A failing run (unknown node) leaves the setpoint file and the state as they were.
cp sp.csv before.csv
cp state.json state_before.json
assert_exit 65 "no prices for the node" -- allocate now --site "$SITE" --state state.json --at "$at" -o sp.csv --node NOPE -i p.csv
cmp -s sp.csv before.csv || fail "setpoints untouched on failure"
cmp -s state.json state_before.json || fail "state untouched on failure"
ls -A | grep -q '\.tmp' && fail "no temporary file left behind"

# The clock, not the newest row: a day-ahead file holds the whole day, and at 12:02Z the 12:00Z
# interval is decided; the later rows are forecasts for now.
python3 - >day.csv <<'PY'
print("interval_start,interval_minutes,node,price_per_mwh")
for q in range(96):
    print("2025-04-12T%02d:%02d:00Z,15,HB_HOUSTON,%d" % (q // 4, q % 4 * 15, 500 if q == 48 else 30))
PY
allocate now --site "$SITE" --state day.json --at 2025-04-12T12:02:00Z -o sp.csv <day.csv 2>err
assert_eq "2025-04-12T12:00:00Z,s21,mining,0.0000,0,off,price,0,," "$(grep ',s21,' sp.csv)" "the 12:00 interval at its price (500)"
assert_contains err "47 price row(s) after the interval decided (2025-04-12T12:00:00Z) are forecasts for now, not decided" "forecast rows noted"
# Without --at it is the wall clock's interval: these 2025 prices are long stale there.
assert_exit 3 "the clock's interval" -- allocate now --site "$SITE" -i day.csv -o clock.csv
now_q=$(( $(date -u +%s) / 900 * 900 ))
awk -F, -v a="$(date -u -d "@$now_q" +%Y-%m-%dT%H:%M:%SZ)" -v b="$(date -u -d "@$((now_q - 900))" +%Y-%m-%dT%H:%M:%SZ)" \
  'NR > 1 && $1 != a && $1 != b { exit 1 }' clock.csv || fail "wall clock interval: $(sed -n 2p clock.csv)"

# Stale: the newest price (12:15 to 12:30Z) ended 45 minutes before 13:15 (the site allows 30):
# the fail-safe decides 13:15: mining off (examples/site.toml's default), the firm hall on,
# the interruptible one off; exit 3 tells cron.
head -51 day.csv >to1230.csv
assert_exit 3 "stale price" -- allocate now --site "$SITE" --state day.json --at 2025-04-12T13:15:00Z -o sp.csv -i to1230.csv
assert_contains "$T/err" "the newest price ended 45 min before 2025-04-12T13:15:00Z (at 2025-04-12T12:30:00Z; the site allows 30 min): the fail-safe decides 2025-04-12T13:15:00Z" "says why"
assert_eq "2025-04-12T13:15:00Z,s21,mining,0.0000,0,off,stale,2700,," "$(grep ',s21,' sp.csv)" "stale: mining off"
assert_eq "2025-04-12T13:15:00Z,hall-a,ai,25.0000,,on,stale,2700,," "$(grep hall-a sp.csv)" "stale: the firm hall stays on"
assert_eq "2025-04-12T13:15:00Z,hall-b,ai,0.0000,,off,stale,2700,," "$(grep hall-b sp.csv)" "stale: the interruptible hall off"
# Within the limit the newest price stands for the interval (12:45 is 15 minutes after it ended).
allocate now --site "$SITE" --state within.json --at 2025-04-12T12:45:00Z -o sp.csv <to1230.csv
assert_eq "2025-04-12T12:45:00Z,s21,mining,29.1200,8000,full,price,900,," "$(grep ',s21,' sp.csv)" "a recent price stands"
# Missing: the fetch failed and left nothing; the fail-safe's setpoints are still written.
assert_exit 3 "no input at all" -- allocate now --site "$SITE" --state day.json --at 2025-04-12T13:31:00Z -o sp.csv -i /dev/null
assert_contains "$T/err" "no price at or before 2025-04-12T13:31:00Z in /dev/null: the fail-safe decides 2025-04-12T13:30:00Z" "says why"
assert_eq "2025-04-12T13:30:00Z,s19xp,mining,0.0000,0,off,missing,,," "$(grep ',s19xp,' sp.csv)" "missing: no age"

# hold keeps what was in force for hold_max_minutes of fail-safe, then falls to off.
{ cat "$SITE"; printf '\n[operations]\nfailsafe = "hold"\nhold_max_minutes = 30\n'; } >hold.toml
allocate now --site hold.toml --state hold.json --at 2025-04-12T12:20:00Z -o sp.csv <to1230.csv
assert_eq "8000,full,price" "$(grep ',s21,' sp.csv | cut -d, -f5-7)" "running on a price"
for t in 13:15 13:30 13:45; do
  assert_exit 3 "hold at $t" -- allocate now --site hold.toml --state hold.json --at "2025-04-12T$t:00Z" -o "hold_$t.csv" -i /dev/null
done
assert_eq "8000,full,missing" "$(grep ',s21,' hold_13:15.csv | cut -d, -f5-7)" "held (0 min of fail-safe)"
assert_eq "8000,full,missing" "$(grep ',s21,' hold_13:30.csv | cut -d, -f5-7)" "held (15 min)"
assert_eq "0,off,missing" "$(grep ',s21,' hold_13:45.csv | cut -d, -f5-7)" "off after 30 min"
# A price ends the fail-safe; the next one starts the hold's clock again.
allocate now --site hold.toml --state hold.json --at 2025-04-12T14:00:00Z -o sp.csv <day.csv
assert_exit 3 "hold again" -- allocate now --site hold.toml --state hold.json --at 2025-04-12T15:00:00Z -o sp.csv -i /dev/null
assert_eq "8000,full,missing" "$(grep ',s21,' sp.csv | cut -d, -f5-7)" "held again after a price"

# A state newer than the clock (a future interval decided once, or the clock stepped back)
# never blocks the loop: the run decides its interval and says how to recover.
allocate now --site "$SITE" --state fut.json --at 2025-04-12T23:50:00Z -o sp.csv <day.csv
allocate now --site "$SITE" --state fut.json --at 2025-04-12T12:02:00Z -o sp.csv <day.csv 2>err
assert_contains err "the state file's last decision is for 2025-04-12T23:45:00Z, after the interval decided now (2025-04-12T12:00:00Z)" "reported"
assert_contains err "remove the state file to start afresh" "how to recover"
assert_eq "2025-04-12T12:00:00Z" "$(sed -n 2p sp.csv | cut -d, -f1)" "decided anyway"
allocate now --site "$SITE" --state fut.json --at 2025-04-12T12:17:00Z -o sp.csv <day.csv 2>err
assert_eq "0" "$(grep -c warning err)" "and the loop goes on, warned no more"
assert_exit 64 "a bad --at" -- allocate now --site "$SITE" --at yesterday -i day.csv
finish
