#!/usr/bin/env bash
# Resumable backfill: powerfeed fetch --archive is SIGKILLed in the middle of an 8-day DAM
# backfill (12 pages a day, each answered slowly); the archive then holds whole days only, and
# the rerun fetches just the missing days and emits all 192 hours, none twice, none missing.
# SIGTERM stops it between days (exit 130).
# Then a correction (2026-09-04 HE01 28.76 -> 31.5) is picked up by --refresh and reported.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
command -v python3 >/dev/null || exit 77

USER_=fake-user-b4c1 PASS_=fake-pass-9e02 KEY_=fake-key-17aa
start_server python3 "$HS_SOURCE_DIR/tests/e2e/lib/ercot_api_server.py" "$(dirname "$(shared_data api/ercot/np4-190-cd_dam_spp_HB_HOUSTON_2026-09-04_page1.json)")" "$USER_" "$PASS_" "$KEY_"
export ERCOT_USERNAME=$USER_ ERCOT_PASSWORD=$PASS_ ERCOT_SUBSCRIPTION_KEY=$KEY_ XDG_CONFIG_HOME=$T/config
# The command line for the server's MODE (its words hold no spaces).
args() {
  echo fetch ercot --product da-spp --node HB_HOUSTON --from 2026-09-01 --to 2026-09-09 --page-size 2 \
    --rate-limit 0 --archive a.sqlite --base-url "$U/$1/api/public-reports" --token-url "$U/$1/token"
}
# shellcheck disable=SC2046
fetch() { local mode=$1; shift; powerfeed $(args "$mode") "$@"; }  # fetch MODE ARGS...
count() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1], timeout=10).execute(sys.argv[2]).fetchone()[0])' a.sqlite "$1"; }

# In the background the tool itself must be the process killed, not a subshell running fetch.
# shellcheck disable=SC2046
powerfeed $(args slow) >first.csv 2>first.err &
pid=$!
# Kill once two days are committed (0.2 s a page: about 2.5 s a day).
for _ in $(seq 300); do
  [[ -f a.sqlite ]] && (( $(count "select count(*) from windows" 2>/dev/null || echo 0) >= 2 )) && break
  sleep 0.1
done
kill -KILL "$pid"
rc=0
wait "$pid" 2>/dev/null || rc=$?
assert_eq 137 "$rc" "the fetch itself was SIGKILLed"
done_days=$(count "select count(*) from windows")
if (( done_days < 2 || done_days >= 8 )); then fail "killed after $done_days of 8 days; expected part of them"; fi
# Whole days only: every stored day has its 24 hours, and nothing else is stored.
assert_eq "$((done_days * 24))" "$(count "select count(*) from items")" "rows = 24 x committed days"
assert_eq 0 "$(count "select count(*) from (select window from items group by window having count(*) != 24)")" "no half day"

# SIGTERM stops between windows: exit 130, one more whole day at most, nothing half.
# shellcheck disable=SC2046
powerfeed $(args slow) >term.csv 2>term.err &
pid=$!
for _ in $(seq 300); do
  (( $(count "select count(*) from windows" 2>/dev/null || echo 0) > done_days )) && break
  sleep 0.1
done
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
assert_eq 130 "$rc" "SIGTERM exit"
assert_contains term.err "fetch: interrupted before HB_HOUSTON 2026-09-" "interruption named"
done_days=$(count "select count(*) from windows")
assert_eq "$((done_days * 24))" "$(count "select count(*) from items")" "whole days after SIGTERM"

# The rerun fetches only what is missing.
assert_exit 0 "rerun" -- fetch ok
assert_contains "$T/err" "$((8 - done_days)) window(s) fetched, $done_days from the archive" "only missing days fetched"
cp "$T/out" all.csv
assert_eq 193 "$(wc -l <all.csv)" "192 hours and a header"
assert_eq 192 "$(tail -n +2 all.csv | cut -d, -f1 | sort -u | wc -l)" "no duplicate hour"
# No gap: consecutive hours from 2026-09-01T05:00Z (CDT midnight) to 2026-09-09T04:00Z.
python3 - all.csv <<'PY' || fail "hours not contiguous"
import csv, datetime, sys
rows = list(csv.DictReader(open(sys.argv[1])))
t = [datetime.datetime.fromisoformat(r["interval_start"].replace("Z", "+00:00")) for r in rows]
assert t[0].isoformat() == "2026-09-01T05:00:00+00:00", t[0]
assert t[-1].isoformat() == "2026-09-09T04:00:00+00:00", t[-1]
assert all((b - a).total_seconds() == 3600 for a, b in zip(t, t[1:]))
PY
assert_contains all.csv "2026-09-04T05:00:00Z,60,ERCOT,da,HB_HOUSTON,,28.76,USD," "recorded HE01"
powerfeed check all.csv >check.csv
assert_eq 8 "$(grep -c ',true,' check.csv)" "powerfeed check: 8 complete days"

# A correction: --refresh 5 refetches 2026-09-04..08; the changed value replaces the old one and
# is reported, and the other days are unchanged.
assert_exit 0 "refresh" -- fetch revise --refresh 5
assert_contains "$T/err" "revised ERCOT da HB_HOUSTON 2026-09-04T05:00:00Z: 28.76 -> 31.5" "revision reported"
assert_contains "$T/err" "5 window(s) fetched, 3 from the archive" "refresh window"
assert_contains "$T/err" "0 new row(s), 1 revised" "one revision counted"
assert_contains "$T/out" "2026-09-04T05:00:00Z,60,ERCOT,da,HB_HOUSTON,,31.5,USD," "new value emitted"
assert_eq 193 "$(wc -l <"$T/out")" "still 192 hours"
assert_eq 192 "$(count "select count(*) from items")" "archive holds each hour once"
for f in first.csv first.err term.csv term.err all.csv "$T/out" "$T/err" a.sqlite; do
  for s in "$USER_" "$PASS_" "$KEY_"; do if grep -qaF -- "$s" "$f"; then fail "secret found in $f"; fi; done
done
finish
