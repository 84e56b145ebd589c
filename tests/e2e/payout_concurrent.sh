#!/usr/bin/env bash
# Two credit runs at once on one ledger (two cron jobs): each block is credited once, both
# succeed, verify passes. A lock held longer than --busy-timeout gives exit 75 and a message.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
L=$T/ledger.db
# 300 blocks (D = 50) and 30000 shares from 40 accounts, one share a second.
awk 'BEGIN { print "time,account,share_difficulty";
  for (i = 0; i < 30000; i++) printf "%s,acct%d,%d\n", strftime("%Y-%m-%dT%H:%M:%SZ", 1767225600 + i, 1), i % 40, 1 + i % 7 }' >"$T/shares.csv"
awk 'BEGIN { print "height,time,block_hash,subsidy_sats,fees_sats,network_difficulty,status";
  for (b = 0; b < 300; b++) printf "%d,%s,%064x,312500000,%d,50,confirmed\n", 900000 + b,
    strftime("%Y-%m-%dT%H:%M:%SZ", 1767225600 + 100 * b + 99, 1), b + 1, 1000 * b }' >"$T/blocks.csv"
payout credit --ledger "$L" --blocks "$T/blocks.csv" --shares "$T/shares.csv" 2>"$T/e1" & p1=$!
payout credit --ledger "$L" --blocks "$T/blocks.csv" --shares "$T/shares.csv" 2>"$T/e2" & p2=$!
rc1=0; wait $p1 || rc1=$?
rc2=0; wait $p2 || rc2=$?
assert_eq "0 0" "$rc1 $rc2" "both runs succeed"
assert_eq "300" "$(sqlite3 "$L" "select count(*) from blocks")" "300 blocks credited"
assert_eq "300" "$(cat "$T/e1" "$T/e2" | sed -n 's/.*credited \([0-9]*\) block.*/\1/p' | awk '{ s += $1 } END { print s }')" \
  "each block credited by exactly one run"
assert_eq "$((300 * 312500000 + 1000 * 299 * 300 / 2))" "$(sqlite3 "$L" "select sum(amount_sats) from credits")" "sum of rewards"
assert_exit 0 "verify" -- payout verify --ledger "$L"

# Runs that create a new ledger at the same moment: one creates it, the others find it made
# (a run once read the id still unset and the other's tables already there, and refused the
# ledger as "something else"). Twenty rounds of three.
# Two shares, then the one at +100 s: the log reaches past the block at +99 s.
{ head -3 "$T/shares.csv"; sed -n 102p "$T/shares.csv"; } >"$T/s3.csv"
head -2 "$T/blocks.csv" >"$T/b1.csv"
bad=0
for round in $(seq 20); do
  rm -f "$T/new.db"
  pids=()
  for k in 1 2 3; do
    payout credit --ledger "$T/new.db" --blocks "$T/b1.csv" --shares "$T/s3.csv" 2>"$T/n$k" & pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || bad=$((bad + 1)); done
done
assert_eq "0" "$bad" "every run on a ledger created at the same moment succeeds"

# Hold the write lock from another process: a run that cannot get it in time exits 75.
(echo "BEGIN IMMEDIATE; INSERT INTO accounts(name) VALUES('zz');"; sleep 3; echo "ROLLBACK;") | sqlite3 "$L" & holder=$!
sleep 0.5
assert_exit 75 "busy" -- payout pay --ledger "$L" --min 1 --busy-timeout 200
assert_contains "$T/err" "is busy" "busy message"
wait $holder
assert_exit 0 "verify after busy" -- payout verify --ledger "$L"
finish
