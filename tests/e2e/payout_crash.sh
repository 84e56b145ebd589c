#!/usr/bin/env bash
# A crash (SIGKILL through the HS_PAYOUT_CRASH_AT hook) at each point of credit, pay and
# confirm, followed by a rerun: nothing is paid twice and no balance is lost.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
D=$HS_TEST_DATA/payout
L=$T/ledger.db
txid=$(printf 'cd%.0s' {1..32})
credit() { payout credit --ledger "$L" --blocks "$D/blocks.csv" --shares "$D/shares.csv" "$@"; }

# Killed mid-credit: nothing credited; the rerun credits both blocks once.
assert_exit 137 "killed in credit" -- env HS_PAYOUT_CRASH_AT=credit-mid payout credit --ledger "$L" --blocks "$D/blocks.csv" --shares "$D/shares.csv"
assert_eq "0" "$(sqlite3 "$L" "select count(*) from blocks")" "no block credited by the killed run"
assert_exit 0 "credit rerun" -- credit
assert_eq "2" "$(sqlite3 "$L" "select count(*) from blocks")" "rerun credits"

# Killed before pay commits: no batch; the rerun makes batch 1.
assert_exit 137 "killed before pay commit" -- env HS_PAYOUT_CRASH_AT=pay-before-commit payout pay --ledger "$L" --min 1
assert_eq "0" "$(sqlite3 "$L" "select count(*) from batches")" "no batch after a crash before commit"
# Killed after pay commits but before the batch was printed (the operator never saw it):
# the rerun prints the same batch and makes no second one.
assert_exit 137 "killed after pay commit" -- env HS_PAYOUT_CRASH_AT=pay-after-commit payout pay --ledger "$L" --min 1
assert_exit 0 "pay rerun" -- payout pay --ledger "$L" --min 1
assert_contains "$T/err" "batch 1 is still pending" "rerun names the pending batch"
assert_eq "1,alice,601,pending,
1,bob,300,pending,
1,carol,850,pending,
1,dave,250,pending," "$(tail -n +2 "$T/out")" "same batch printed again"
assert_eq "1" "$(sqlite3 "$L" "select count(*) from batches")" "one batch only"
# Killed before confirm commits: still pending; the rerun confirms; a third confirm is refused.
assert_exit 137 "killed in confirm" -- env HS_PAYOUT_CRASH_AT=confirm-before-commit payout confirm 1 --ledger "$L" --txid "$txid"
assert_eq "pending" "$(sqlite3 "$L" "select state from batches where id=1")" "still pending after the crash"
assert_exit 0 "confirm rerun" -- payout confirm 1 --ledger "$L" --txid "$txid"
assert_exit 65 "confirm again" -- payout confirm 1 --ledger "$L" --txid "$txid"
# A new pay finds nothing left: nobody is paid twice.
assert_exit 0 "pay after confirm" -- payout pay --ledger "$L" --min 1
assert_eq "batch,account,amount_sats,status,txid" "$(cat "$T/out")" "nothing paid twice"
assert_eq "2001" "$(sqlite3 "$L" "select sum(paid_sats) from accounts")" "all 2001 sats of rewards paid once"
assert_exit 0 "verify" -- payout verify --ledger "$L"
finish
