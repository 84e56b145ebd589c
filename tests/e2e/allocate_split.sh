#!/usr/bin/env bash
# allocate split: candidate AI capacities over a real day; records leasecalc reads.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
D=$HS_TEST_DATA/allocate
allocate split --site "$HS_SOURCE_DIR/examples/site.toml" --ai-mw 0:40:20 \
  -i "$D/ercot_dam_hb_houston_2025-04-11.csv" >split.csv
assert_eq "ai_mw,mining_mw,hours,ai_margin_usd,mining_margin_usd,annual_margin_usd" "$(head -1 split.csv)" "header"
assert_eq 4 "$(wc -l <split.csv)" "three candidates"
# 20 MW IT x pue 1.25 = 25 MW of AI leaves 98.5 - 25 = 73.5 MW for mining (whole units, pro rata).
awk -F, 'NR==3 { if ($1 != 20 || $2 > 73.5 || $2 < 73.4) exit 1 }' split.csv || fail "20 MW row: $(sed -n 3p split.csv)"
assert_eq "24.0000" "$(sed -n 2p split.csv | cut -d, -f3)" "hours"
finish
