#!/usr/bin/env bash
# allocate split: candidate AI capacities over a real day; records leasecalc reads.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
D=$HS_TEST_DATA/allocate
HOUSTON=$(cut_data ercot_dam_hb_houston_2025-04-11.csv)  # ERCOT DAM 2025-04-11, HB_HOUSTON
# A day is no year: refused unless told how to annualize it.
assert_exit 65 "a day is not a year" -- allocate split --site "$HS_SOURCE_DIR/examples/site.toml" --ai-mw 0:40:20 -i "$HOUSTON"
assert_contains "$T/err" "the price history is not a year to annualize: no whole month of winter (Dec-Feb), spring (Mar-May), summer (Jun-Aug), autumn (Sep-Nov) (whole months: none; partly covered: 2025-04)" "says why"
assert_contains "$T/err" "--annualize by-month" "says how"
allocate split --site "$HS_SOURCE_DIR/examples/site.toml" --ai-mw 0:40:20 --annualize hours \
  -i "$HOUSTON" >split.csv
# A subcommand's options may come before it, as the tool's own may come after it.
allocate --site "$HS_SOURCE_DIR/examples/site.toml" -i "$HOUSTON" split --ai-mw 0:40:20 --annualize hours >before.csv
cmp -s split.csv before.csv || fail "options before the subcommand: $(diff split.csv before.csv | head -3)"
allocate split --ai-mw 0:40:20 --annualize hours --site "$HS_SOURCE_DIR/examples/site.toml" -i "$HOUSTON" --quiet >after.csv
cmp -s split.csv after.csv || fail "--quiet after the subcommand"
# by-month: the day stands for April (30 days, UTC: the site has no time zone), April for the
# year: day x 720 / 24 x 12 = day x 360, against hours' day x 8760 / 24 = day x 365.
allocate split --site "$HS_SOURCE_DIR/examples/site.toml" --ai-mw 0:40:20 --annualize by-month \
  -i "$HOUSTON" >bymonth.csv
paste -d, split.csv bymonth.csv | awk -F, 'NR > 1 { r = $12 / $6; if (r < 360 / 365 - 1e-6 || r > 360 / 365 + 1e-6) exit 1 }' ||
  fail "by-month is 360/365 of hours: $(cut -d, -f6 split.csv bymonth.csv | tr '\n' ' ')"
assert_eq "ai_mw,mining_mw,hours,ai_margin_usd,mining_margin_usd,annual_margin_usd" "$(head -1 split.csv)" "header"
assert_eq 4 "$(wc -l <split.csv)" "three candidates"
# 20 MW IT x pue 1.25 = 25 MW of AI leaves 98.5 - 25 = 73.5 MW for mining (whole units, pro rata).
awk -F, 'NR==3 { if ($1 != 20 || $2 > 73.5 || $2 < 73.4) exit 1 }' split.csv || fail "20 MW row: $(sed -n 3p split.csv)"
assert_eq "24.0000" "$(sed -n 2p split.csv | cut -d, -f3)" "hours"
# Values, by an independent path: the 20 MW candidate sizes the site's first AI block (hall-a,
# 20 MW IT in examples/site.toml) as it is, so its AI margin is the margin allocate plan
# reports for hall-a on the same day.
allocate plan --site "$HS_SOURCE_DIR/examples/site.toml" -i "$HOUSTON" \
  --summary plan_summary.csv >/dev/null
hall_a=$(mlr --icsv --onidx filter '$scope == "hall-a"' then cut -f margin_usd plan_summary.csv)
assert_eq "$hall_a" "$(sed -n 3p split.csv | cut -d, -f4)" "20 MW AI margin = plan's hall-a margin"
# An AI block's margin is linear in its MW (rent per kW, energy at the same prices): 40 MW earns
# twice 20 MW, and 0 MW nothing.
assert_eq "0.00" "$(sed -n 2p split.csv | cut -d, -f4)" "0 MW AI margin"
assert_eq "$(awk -v m="$hall_a" 'BEGIN { printf "%.2f", 2 * m }')" "$(sed -n 4p split.csv | cut -d, -f4)" "40 MW = 2 x 20 MW"
# Less mining as AI grows: each 20 MW of AI IT takes 25 MW (PUE 1.25) from the mining fleet.
awk -F, 'NR > 2 { if (prev - $2 < 24.9 || prev - $2 > 25.1) exit 1 } NR > 1 { prev = $2 }' split.csv ||
  fail "mining MW steps: $(cut -d, -f2 split.csv | tr '\n' ' ')"
finish
