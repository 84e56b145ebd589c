#!/usr/bin/env bash
# scripts/demo runs with the built tools: on the real ERCOT workbook read in place from
# ../shared/data, and, with that folder absent, on the synthetic month of scripts/synthetic-prices,
# labelled as synthetic (figures checked with awk over the generator's own output).
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
tools=$HS_BUILD_DIR/tools
export DEMO_CHARTS=$T/charts  # the demo's charts, out of the source tree

# The real recordings.
"$HS_SOURCE_DIR/scripts/demo" --tools "$tools" >real.txt 2>real.err ||
  fail "demo on the recordings: exit $?; $(tail -5 real.err)"
assert_contains real.txt "ERCOT HB_WEST real-time prices, March 2025" "real prices named"
assert_contains real.txt "(read in place: $(shared_data prices/ercot/np6-785-er_rtm_spp_2025-03.xlsx))" "read in place"
grep -q SYNTHETIC real.txt && fail "the real run mentions synthetic prices"
for c in price-duration dispatch-first-day cumulative-cash; do
  grep -q "<svg" "charts/$c.svg" 2>/dev/null || fail "the demo drew no $c chart"
done

# No recordings: the synthetic month, said so.
HS_SHARED_DATA="" HYBRIDSITE_SHARED_DATA=$T/absent "$HS_SOURCE_DIR/scripts/demo" --tools "$tools" >syn.txt 2>syn.err ||
  fail "demo without recordings: exit $?; $(tail -5 syn.err)"
assert_contains syn.txt "SYNTHETIC prices, not market data (no recordings at $T/absent)" "labelled synthetic"
grep -q "HB_WEST" syn.txt && fail "the synthetic run names a real node"
"$HS_SOURCE_DIR/scripts/synthetic-prices" -o synthetic.csv
# The recipe's month: 2,976 quarter hours, the 1,200 spike the highest; three 3-hour spikes are
# the only prices above the s19jpro's break-even, so the plan curtails exactly 9 hours.
want=$(awk -F, 'NR > 1 { n++; if ($2 > max) max = $2; if ($2 > 100) hi++ } END { printf "%d %.0f %.2f", n, max, hi / 4 }' synthetic.csv)
assert_eq "2976 1200 9.00" "$want" "the recipe's count, maximum and hours above 100"
# node_type is empty, so the table's fields shift: count is the 7th, max the 10th.
stats=$(grep -A2 '^node .*count' syn.txt | tail -1)
assert_eq "2976 1,200" "$(awk '{ print $7, $10 }' <<<"$stats")" "stats table: count and max"
assert_contains syn.err "curtailed 9.00 h" "hours curtailed (allocate's summary, on stderr)"
finish
