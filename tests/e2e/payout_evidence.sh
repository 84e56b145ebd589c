#!/usr/bin/env bash
# Credits are permanent, so payout refuses what its inputs cannot vouch for: a block after the
# share log's end, a cut last line, two blocks in the chain at one height. Each refusal names
# the place, exits 65 and leaves the ledger as it was.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
D=$HS_TEST_DATA/payout
L=$T/ledger.db
count() { sqlite3 "$L" "select count(*) from $1"; }

# The log cut at 00:01:10 (the share at 00:01:30 gone); block 101 came at 00:01:20.
head -n -1 "$D/shares.csv" >short.csv
assert_exit 65 "block after the log" -- payout credit --ledger "$L" --blocks "$D/blocks.csv" --shares short.csv
assert_contains "$T/err" "blocks.csv:3: field 'time': block 101 at 2026-01-01T00:01:20Z is after the share log's end (last share at 2026-01-01T00:01:10Z)" "names the block and the log's end"
assert_contains "$T/err" "--log-complete-until 2026-01-01T00:01:20Z" "says how to vouch for the log"
[[ ! -e "$L" ]] || assert_eq "0" "$(count blocks)" "nothing credited"
# payout split refuses the same way; told the log is complete, it splits block 101 over it
# exactly as with the share after it (PPLNS: alice 401, carol 350, dave 250).
assert_exit 65 "split too" -- payout split --blocks "$D/blocks.csv" --shares short.csv
payout split --blocks "$D/blocks.csv" --shares short.csv --log-complete-until 2026-01-01T00:01:20Z >vouched.csv
payout split --blocks "$D/blocks.csv" --shares "$D/shares.csv" >full.csv
cmp -s vouched.csv full.csv || fail "a vouched log splits as the complete one"
assert_contains full.csv "101,0000000000000000000000000000000000000000000000000000000000000101,alice,401," "block 101 alice"
assert_exit 65 "vouched too early" -- payout split --blocks "$D/blocks.csv" --shares short.csv --log-complete-until 2026-01-01T00:01:19Z
assert_exit 64 "a bad time" -- payout split --blocks "$D/blocks.csv" --shares short.csv --log-complete-until yesterday

# A last line without its newline: frank@node,51 may have been 512.
{ cat "$D/shares.csv"; printf '2026-01-01T00:01:40Z,frank@node,51'; } >cut.csv
assert_exit 65 "cut last line" -- payout credit --ledger "$L" --blocks "$D/blocks.csv" --shares cut.csv
assert_contains "$T/err" "cut.csv:8: the last line has no newline" "names the cut line"
[[ ! -e "$L" ]] || assert_eq "0" "$(count blocks)" "nothing credited"
{ cat "$D/shares.csv"; printf '{"time":"2026-01-01T00:01:40Z","account":"frank","share_difficulty":51'; } >cut.jsonl
assert_exit 65 "cut JSON Lines" -- payout split --blocks "$D/blocks.csv" --shares cut.jsonl

# Two blocks at height 101 in one file: refused, naming both; with the first orphaned, fine.
other=1111111111111111111111111111111111111111111111111111111111111111
{ cat "$D/blocks.csv"; echo "101,2026-01-01T00:01:25Z,$other,1000,0,10,confirmed"; } >twice.csv
assert_exit 65 "two at one height" -- payout credit --ledger "$L" --blocks twice.csv --shares "$D/shares.csv"
assert_contains "$T/err" "twice.csv:4: field 'height': a second block at height 101 ($other), but line 3 has 0000000000000000000000000000000000000000000000000000000000000101 there" "names both"
sed '3s/confirmed$/orphaned/' twice.csv >reorg.csv
assert_exit 0 "one orphaned" -- payout credit --ledger "$L" --blocks reorg.csv --shares "$D/shares.csv"
assert_contains "$T/err" "credited 2 block(s)" "100 and the other 101"

# Across runs: block 101 credited, then a run says another block is at 101 without orphaning
# the first: refused, the ledger unchanged; listing the first as orphaned reverses it instead.
rm -f "$L"
payout credit --ledger "$L" --blocks "$D/blocks.csv" --shares "$D/shares.csv" 2>/dev/null
sed "3s/^101,[^,]*,[^,]*,/101,2026-01-01T00:01:25Z,$other,/" "$D/blocks.csv" >later.csv
before=$(sqlite3 "$L" "select count(*), sum(amount_sats) from credits")
assert_exit 65 "another block at a credited height" -- payout credit --ledger "$L" --blocks later.csv --shares "$D/shares.csv"
assert_contains "$T/err" "the ledger already credited 0000000000000000000000000000000000000000000000000000000000000101 at that height" "names the credited block"
assert_eq "$before" "$(sqlite3 "$L" "select count(*), sum(amount_sats) from credits")" "ledger unchanged"
{ cat later.csv; sed -n '3s/confirmed$/orphaned/p' "$D/blocks.csv"; } >swap.csv
assert_exit 0 "the first orphaned in the same run" -- payout credit --ledger "$L" --blocks swap.csv --shares "$D/shares.csv"
assert_eq "reversed" "$(sqlite3 "$L" "select state from blocks where block_hash like '%0101'")" "the first reversed"
assert_eq "credited" "$(sqlite3 "$L" "select state from blocks where block_hash = '$other'")" "the other credited"
finish
