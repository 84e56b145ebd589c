#!/usr/bin/env bash
# payout split: exact splits without a ledger, on the hand-worked data of tests/data/payout
# (working in tests/unit/ledger/schemes_test.cpp), and refusals of bad input.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
D=$HS_TEST_DATA/payout
h100=0000000000000000000000000000000000000000000000000000000000000100
h101=0000000000000000000000000000000000000000000000000000000000000101

# 100 sats over three equal contributors: 33.33 each; the left-over satoshi goes to the first
# name in byte order (alice), though carol comes first in the file.
assert_exit 0 "units split" -- payout split --units "$D/three_equal.csv" --amount 100
assert_eq ",,alice,34,reward,units
,,bob,33,reward,units
,,carol,33,reward,units" "$(tail -n +2 "$T/out")" "100 sats over three"

# PPLNS, X = 2, fee 1%: block 101 is 396 + 347 + 248 + 10 = 1001 (boundary share of carol cut to 7).
payout split --blocks "$D/blocks.csv" --shares "$D/shares.csv" --fee-bps 100 >"$T/pplns.csv"
assert_eq "101,$h101,alice,396,reward,pplns
101,$h101,carol,347,reward,pplns
101,$h101,dave,248,reward,pplns
101,$h101,:fee,10,fee,pplns" "$(grep "^101," "$T/pplns.csv")" "pplns block 101"

# Every block of every scheme sums to subsidy + fees (1000 and 1001).
for s in pps fpps pplns prop solo tides; do
  payout split --scheme "$s" --blocks "$D/blocks.csv" --shares "$D/shares.csv" --fee-bps 250 >"$T/s.csv"
  assert_eq "100=1000 101=1001" \
    "$(awk -F, 'NR>1{s[$1]+=$4} END{printf "100=%d 101=%d", s[100], s[101]}' "$T/s.csv")" "$s conservation"
done

# Unfilled window: to the pool (900 of 1000 unassigned), or pro rata.
payout split --blocks "$D/blocks_unfilled.csv" --shares "$D/shares.csv" >"$T/u.csv"
assert_eq "alice=20 bob=30 carol=50 :unassigned=900" \
  "$(awk -F, 'NR>1{printf "%s%s=%s", (NR>2?" ":""), $3, $4}' "$T/u.csv")" "unfilled to pool"
payout split --blocks "$D/blocks_unfilled.csv" --shares "$D/shares.csv" --unfilled prorata >"$T/u.csv"
assert_eq "alice=200 bob=300 carol=500" \
  "$(awk -F, 'NR>1{printf "%s%s=%s", (NR>2?" ":""), $3, $4}' "$T/u.csv")" "unfilled pro rata"

# The rescan-per-block peer of bench/payout.sh writes the sliding window's bytes, PPLNS and TIDES.
"$HS_BUILD_DIR/bench/pplns_rescan" --blocks "$D/blocks.csv" --shares "$D/shares.csv" --fee-bps 100 >"$T/rescan.csv"
assert_eq "$(cat "$T/pplns.csv")" "$(cat "$T/rescan.csv")" "rescan equals sliding window"
payout split --scheme tides --blocks "$D/blocks.csv" --shares "$D/shares.csv" --fee-bps 100 >"$T/tides.csv"
"$HS_BUILD_DIR/bench/pplns_rescan" --scheme tides --blocks "$D/blocks.csv" --shares "$D/shares.csv" --fee-bps 100 \
  >"$T/rescan.csv"
assert_eq "$(cat "$T/tides.csv")" "$(cat "$T/rescan.csv")" "TIDES rescan equals sliding window"
assert_exit 64 "--rescan left payout split for bench/" -- payout split --blocks "$D/blocks.csv" --shares "$D/shares.csv" --rescan

# Shares on stdin, JSON Lines out.
payout split --blocks "$D/blocks.csv" --shares - --format jsonl <"$D/shares.csv" >"$T/j"
assert_eq '{"height":100,"block_hash":"'$h100'","account":"alice","amount_sats":200,"kind":"reward","scheme":"pplns"}' \
  "$(head -1 "$T/j")" "jsonl output"

# JSON Lines shares (the same log as shares.csv: a blank line, a difficulty as a string and as
# 8.0, an extra field) give the same rows, from a file and on stdin.
payout split --blocks "$D/blocks.csv" --shares "$D/shares.jsonl" --fee-bps 100 >"$T/jf.csv"
assert_eq "$(cat "$T/pplns.csv")" "$(cat "$T/jf.csv")" "jsonl shares file"
assert_exit 0 "jsonl shares on stdin" -- payout split --blocks "$D/blocks.csv" --shares - --fee-bps 100 <"$D/shares.jsonl"
assert_eq "$(cat "$T/pplns.csv")" "$(cat "$T/out")" "jsonl shares on stdin"
assert_exit 65 "jsonl zero difficulty on stdin" -- payout split --blocks "$D/blocks.csv" --shares - <"$D/shares_zero.jsonl"
assert_contains "$T/err" "<stdin>:2: field 'share_difficulty': must be positive" "jsonl stdin error names the line"

# Bad input: exit 65 with file, line and field.
assert_exit 65 "zero difficulty" -- payout split --blocks "$D/blocks.csv" --shares "$D/shares_zero.csv"
assert_contains "$T/err" "shares_zero.csv:3: field 'share_difficulty': must be positive" "zero difficulty message"
assert_exit 65 "negative difficulty" -- payout split --blocks "$D/blocks.csv" --shares "$D/shares_negative.csv"
assert_contains "$T/err" "must be positive" "negative difficulty message"
assert_exit 65 "out of order" -- payout split --blocks "$D/blocks.csv" --shares "$D/shares_order.csv"
assert_contains "$T/err" "shares_order.csv:3: field 'time': out of time order" "order message"
assert_exit 65 "delimiter in account" -- payout split --blocks "$D/blocks.csv" --shares "$D/shares_delim.csv"
assert_contains "$T/err" "field 'account'" "delimiter message"
assert_exit 65 "control character in account" -- payout split --blocks "$D/blocks.csv" --shares "$D/shares_control.csv"
assert_contains "$T/err" 'ali\x1bce' "control character shown escaped"
assert_exit 65 "negative fees" -- payout split --blocks "$D/blocks_negfee.csv" --shares "$D/shares.csv"
assert_contains "$T/err" "field 'fees_sats': must not be negative" "negative fees message"
assert_exit 64 "unknown scheme" -- payout split --scheme pps2 --blocks "$D/blocks.csv" --shares "$D/shares.csv"
assert_exit 66 "missing shares" -- payout split --blocks "$D/blocks.csv" --shares "$T/nope.csv"
# The PPLNS window is X * D exactly: X = 0.5 and D = 0.00000003 make a window of 1.5 units of
# 10^-8, so bob's newest share (1 unit) counts whole and alice's half: 1000 sats split 2:1 is
# 666.67 and 333.33, so bob 667 and alice 333. (Truncating X * D to 1 unit gave bob all 1000.)
H=0000000000000000000000000000000000000000000000000000000000000100
printf 'time,account,share_difficulty\n2026-01-01T00:00:10Z,alice,0.00000001\n2026-01-01T00:00:20Z,bob,0.00000001\n2026-01-01T00:00:40Z,carol,1\n' >tiny.csv
printf 'height,time,block_hash,subsidy_sats,fees_sats,network_difficulty,status\n100,2026-01-01T00:00:30Z,%s,1000,0,0.00000003,confirmed\n' "$H" >tinyb.csv
payout split --blocks tinyb.csv --shares tiny.csv --window 0.5 >half.csv
assert_eq "alice,333 bob,667" "$(sed 1d half.csv | cut -d, -f3,4 | tr '\n' ' ' | sed 's/ $//')" "exact window 1.5e-8"
# Network difficulty 1e18 (far past today's, below 2^64): TIDES' window 8e18 holds bob's 6e18
# whole and 2e18 of alice's 4e18, so 3.125 BTC splits 3:1 exactly (the products pass 128 bits).
printf 'time,account,share_difficulty\n2026-01-01T00:00:10Z,alice,4e18\n2026-01-01T00:00:20Z,bob,6e18\n2026-01-01T00:00:40Z,carol,1\n' >bigs.csv
printf 'height,time,block_hash,subsidy_sats,fees_sats,network_difficulty,status\n100,2026-01-01T00:00:30Z,%s,312500000,0,1e18,confirmed\n' "$H" >bigb.csv
payout split --scheme tides --blocks bigb.csv --shares bigs.csv >tides.csv
assert_eq "alice,78125000 bob,234375000" "$(sed 1d tides.csv | cut -d, -f3,4 | tr '\n' ' ' | sed 's/ $//')" "TIDES at D = 1e18"
# What no block can pay stays refused: PPS on D = 3e-8 owes the round's 20 of difficulty
# 312500000 * 20 / 0.00000003 = 208333333333333333 sats, past the 21 million bitcoin.
printf 'height,time,block_hash,subsidy_sats,fees_sats,network_difficulty,status\n100,2026-01-01T00:00:35Z,%s,312500000,0,0.00000003,confirmed\n' "$H" >ppsb.csv
assert_exit 65 "PPS past the supply" -- payout split --scheme pps --blocks ppsb.csv --shares "$D/shares.csv"
assert_contains "$T/err" "ppsb.csv:2: field 'network_difficulty': PPS owes the round's shares 208333333333333333 sats, more than the 21 million bitcoin" "names the amount"
finish
