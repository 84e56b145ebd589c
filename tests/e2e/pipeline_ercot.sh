#!/usr/bin/env bash
# The toolkit's main job in real pipes, on ERCOT's published day-ahead prices (2025-04-11):
#   powerfeed -> allocate plan / allocate split -> leasecalc compare
# Values are checked against the source file and against each other, not against themselves.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
dam=$(shared_data prices/ercot/np4-190-cd_dam_spp_2025-04-11.csv)
xlsx=$(shared_data prices/ercot/np6-785-er_rtm_spp_2025-03.xlsx)
site="$HS_SOURCE_DIR/examples/site.toml"

powerfeed "$dam" --node HB_WEST | allocate plan --site "$site" --summary summary.csv > plan.csv

# 24 hourly intervals, one per hour ending 01:00..24:00 CDT.
assert_eq 25 "$(wc -l < plan.csv)" "plan rows (header + 24)"
# Hour ending 20:00 CDT on 04/11 (UTC-5) starts at 2025-04-12T00:00Z; the file's price there is 95.41.
src_price=$(awk -F, '$3=="HB_WEST" && $2=="20:00" {gsub(/ /,"",$4); print $4}' "$dam")
assert_eq "95.41" "$src_price" "source price, HB_WEST hour ending 20:00"
row=$(grep '^2025-04-12T00:00:00Z,' plan.csv)
assert_eq "$src_price" "$(cut -d, -f3 <<<"$row")" "price carried through the pipe"
# At 95.41 only the S21 class (break-even 115.31) still mines, in its eco mode: 19.136 MW.
assert_eq "19.1360" "$(cut -d, -f4 <<<"$row")" "mining MW in the evening peak"
# The summary's site margin equals the sum of the interval margins (each rounded to cents).
sum=$(awk -F, 'NR>1 {s += $12} END {printf "%.2f", s}' plan.csv)
site_margin=$(awk -F, '$1=="site" {print $8}' summary.csv)
awk -v a="$sum" -v b="$site_margin" 'BEGIN {d = a - b; exit !(d < 0.13 && d > -0.13)}' ||
  fail "sum of interval margins $sum != summary margin $site_margin"

# Capacity split, fed to leasecalc on stdin: one scenario per candidate.
powerfeed "$dam" --node HB_WEST | allocate split --site "$site" --ai-mw 0:60:20 --annualize hours 2>/dev/null > split.csv
# Per candidate: three mining classes, hall-a (split sizes the first AI block, drops the others), site, total.
assert_eq 4 "$(grep -c ',total,total,' split.csv)" "four candidates"
assert_eq 25 "$(wc -l < split.csv)" "header + 4 x (3 classes, hall-a, site, total)"
leasecalc compare "$HS_SOURCE_DIR/examples/compare.toml" --split - --quiet < split.csv > compare.csv
for mw in 0 20 40 60; do
  grep -q "^site/split_ai_${mw}mw," compare.csv || fail "leasecalc has no scenario for the ${mw} MW split"
done
# More AI on this day means more margin: the annual margins rise with the AI capacity.
totals=$(mlr --icsv --onidx filter '$kind == "total"' then cut -f annual_margin_usd split.csv | tr '\n' ' ')
assert_eq "$(echo "$totals" | tr ' ' '\n' | grep . | sort -g | tr '\n' ' ')" "$totals" "annual margin rises with AI MW"

# The same chain in JSON Lines gives the same plan.
powerfeed "$dam" --node HB_WEST --format jsonl | allocate plan --site "$site" --quiet > plan2.csv
cmp -s plan.csv plan2.csv || fail "plan differs when the prices come as JSON Lines"

# powerfeed reads its own records back: the same statistics from the workbook and from its output.
powerfeed "$xlsx" --node HB_WEST -o hb_west.csv
powerfeed stats "$xlsx" --node HB_WEST > stats_direct.csv
powerfeed stats hb_west.csv > stats_again.csv
cmp -s stats_direct.csv stats_again.csv || fail "stats differ after a round trip through price records"
assert_eq "$(tail -n +2 hb_west.csv | cut -d, -f1-8)" "$(powerfeed hb_west.csv | tail -n +2 | cut -d, -f1-8)" \
  "price records read back unchanged"
finish
