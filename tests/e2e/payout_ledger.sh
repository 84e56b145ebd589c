#!/usr/bin/env bash
# payout credit / pay / confirm / cancel / balances / statement / verify on one ledger:
# idempotent crediting, an orphan after crediting, settled batches, refusals that leave the
# ledger unchanged, and verify catching a tampered ledger.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
D=$HS_TEST_DATA/payout
L=$T/ledger.db
txid=$(printf 'ab%.0s' {1..32})
dump() { sqlite3 "$L" .dump | md5sum; }

assert_exit 0 "credit" -- payout credit --ledger "$L" --blocks "$D/blocks.csv" --shares "$D/shares.csv" --fee-bps 100
assert_contains "$T/err" "credited 2 block(s)" "credit summary"
before=$(dump)
# Crediting again (even under another scheme) changes nothing.
assert_exit 0 "credit again" -- payout credit --ledger "$L" --scheme prop --blocks "$D/blocks.csv" --shares "$D/shares.csv"
assert_contains "$T/err" "2 already done" "credit again summary"
assert_eq "$before" "$(dump)" "ledger unchanged by a second credit"

# Balances (PPLNS 1%, working in schemes_test.cpp): alice 198+396, bob 297, carol 495+347, dave 248, fee 20.
payout balances --ledger "$L" >"$T/b.csv"
assert_eq ":fee,20,0,0,20
alice,594,0,0,594
bob,297,0,0,297
carol,842,0,0,842
dave,248,0,0,248" "$(tail -n +2 "$T/b.csv")" "balances"

# pay --min 300: alice and carol; bob and dave carry over; the pool's :fee is never paid.
payout pay --ledger "$L" --min 300 >"$T/p.csv"
assert_eq "1,alice,594,pending,
1,carol,842,pending," "$(tail -n +2 "$T/p.csv")" "batch 1"
assert_eq "alice,594,0,594,0" "$(payout balances --ledger "$L" | grep ^alice)" "pending reserves the balance"
assert_exit 0 "confirm" -- payout confirm 1 --ledger "$L" --txid "$txid"
assert_contains "$T/out" "1,carol,842,confirmed,$txid" "confirmed batch"
before=$(dump)
assert_exit 65 "confirm twice" -- payout confirm 1 --ledger "$L" --txid "$txid"
assert_contains "$T/err" "batch 1 was already confirmed" "confirm twice message"
assert_exit 65 "cancel confirmed" -- payout cancel 1 --ledger "$L"
assert_exit 65 "unknown batch" -- payout confirm 9 --ledger "$L" --txid "$txid"
assert_contains "$T/err" "no batch 9" "unknown batch message"
assert_exit 64 "bad txid" -- payout confirm 1 --ledger "$L" --txid xyz
assert_eq "$before" "$(dump)" "refusals leave the ledger unchanged"

# A second batch, cancelled: its amounts come back.
payout pay --ledger "$L" --min 1 >"$T/p2.csv"
assert_eq "2,bob,297,pending,
2,dave,248,pending," "$(tail -n +2 "$T/p2.csv")" "batch 2 has bob and dave, nobody else"
assert_exit 0 "cancel" -- payout cancel 2 --ledger "$L"
assert_eq "bob,297,0,0,297" "$(payout balances --ledger "$L" | grep ^bob)" "cancel returns the balance"
assert_exit 65 "cancel twice" -- payout cancel 2 --ledger "$L"

# Block 101 turns orphaned after crediting (and after alice was paid): reversal rows, no delete.
sed 's/,confirmed$/,orphaned/;2s/,orphaned$/,confirmed/' "$D/blocks.csv" >"$T/orphan.csv"
assert_exit 0 "credit orphan" -- payout credit --ledger "$L" --blocks "$T/orphan.csv" --shares "$D/shares.csv" --fee-bps 100
assert_contains "$T/err" "reversed 1 orphaned" "orphan summary"
assert_eq "4" "$(sqlite3 "$L" "select count(*) from credits where kind='reversal'")" "one reversal per row of block 101"
assert_eq "8" "$(sqlite3 "$L" "select count(*) from credits where kind<>'reversal'")" "original rows kept"
assert_eq "alice,198,594,0,-396" "$(payout balances --ledger "$L" | grep ^alice)" "alice owes the orphan back"
payout statement alice --ledger "$L" >"$T/st.csv"
assert_eq "alice,reward,100,,,198,198" "$(sed -n 2p "$T/st.csv" | sed 's/,[0-9]\{64\},/,,/')" "statement line 1"
assert_eq "alice,reversal,101,,,-396,-396" "$(tail -1 "$T/st.csv" | sed 's/,[0-9]\{64\},/,,/')" "statement last line"
assert_exit 0 "verify" -- payout verify --ledger "$L"
assert_contains "$T/out" "ok: 2 blocks" "verify ok"

# Not our file; a missing ledger; a foreign SQLite database.
echo "hello" >"$T/text.db"
assert_exit 65 "not a ledger" -- payout credit --ledger "$T/text.db" --blocks "$D/blocks.csv" --shares "$D/shares.csv"
assert_contains "$T/err" "not a payout ledger" "not-ours message"
assert_eq "hello" "$(cat "$T/text.db")" "foreign file untouched"
sqlite3 "$T/other.db" "create table t(a)"
assert_exit 65 "foreign sqlite" -- payout pay --ledger "$T/other.db" --min 1
assert_exit 66 "missing ledger" -- payout balances --ledger "$T/none.db"
# Bad input refused before the ledger is touched.
before=$(dump)
assert_exit 65 "bad shares" -- payout credit --ledger "$L" --blocks "$D/blocks.csv" --shares "$D/shares_zero.csv"
assert_eq "$before" "$(dump)" "bad input leaves the ledger unchanged"

# Tampering: a credit changed behind payout's back is found (exit 1).
sqlite3 "$L" "update credits set amount_sats = amount_sats + 1 where id = 1"
assert_exit 1 "verify tampered" -- payout verify --ledger "$L"
assert_contains "$T/out" "FAIL: account alice" "balance discrepancy found"
assert_contains "$T/out" "rows sum to 1001 sats, subsidy + fees is 1000" "conservation discrepancy found"
finish
