#!/usr/bin/env bash
# Peak windows (4CP) and time series joined by time (hashprice, reserve price), through the
# command line, against optima worked by hand. Site files and series: tests/data/allocate.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
D=$HS_TEST_DATA/allocate
hdr='interval_start,interval_minutes,node,price_per_mwh'
printf '%s\n' "$hdr" 2025-04-01T00:00:00Z,60,N,20 2025-04-01T01:00:00Z,60,N,20 2025-04-01T02:00:00Z,60,N,40 >p1.csv

# Peak windows. One 10 MW class, break-even 50 $/MWh; prices 20, 20, 40: +30, +30, +10 per MWh.
# Hours 0 ('jul') and 2 ('aug') are flagged; the September window has no interval here, so the
# charge is 40 $/MW x (P0 + P2) / 2. Hour 0: 30 - 20 > 0, on; hour 2: 10 - 20 < 0, off.
# Margin 300 + 300 - 40 x 10 / 2 = 400 $, peak-window charge 200 $.
allocate plan --site "$D/peak_site.toml" -i p1.csv --summary s.csv --write-lp peak.lp >plan.csv
assert_eq "site,400.00,clp,200.00" "$(grep '^site,' s.csv | cut -d, -f1,8,14,15)" "peak windows: margin, solver, charge"
assert_eq "10.0000 10.0000 0.0000" "$(tail -n +2 plan.csv | cut -d, -f4 | tr '\n' ' ' | sed 's/ $//')" "mining MW by hour"
if command -v glpsol >/dev/null; then
  # No constant terms: the written model's minimum is minus the margin.
  glpsol --lp peak.lp -o g.txt >/dev/null
  assert_eq "-400" "$(awk '/^Objective:/ { print $4 }' g.txt)" "glpsol on the written model"
fi

# Series joined step-wise by time. hashprice.csv: 12 $/PH/day (break-even 50 $/MWh) at 00:00Z,
# 24 (100 $/MWh) from 01:00Z, and from 02:00Z the block-reward form, 46.79052 $/PH/day
# (194.9605 $/MWh). reserve.csv: 5 $/MW-h at 00:00Z, 1 from 01:00Z; reserve capped at 4 MW.
# Prices 52, 52, 90:
#   hour 0: -2 $/MWh mined, 5 $/MW-h held: 4 MW -> 200 - 208 + 20 = 12 $
#   hour 1: +48 $/MWh: 10 MW, 4 MW held at 1 $ -> 1000 - 520 + 4 = 484 $
#   hour 2: +104.9605 $/MWh: 10 MW, 4 MW held -> 1949.605 - 900 + 4 = 1053.605 $
# Margin 1549.605 $. Break-even in the summary at the mean hashprice (12 + 24 + 46.79052) / 3 =
# 27.59684 $/PH/day: 27.59684 x 50 / 12 = 114.99 $/MWh.
printf '%s\n' "$hdr" 2025-04-01T00:00:00Z,60,N,52 2025-04-01T01:00:00Z,60,N,52 2025-04-01T02:00:00Z,60,N,90 >p2.csv
allocate plan --site "$D/series_site.toml" -i p2.csv --summary s2.csv >plan2.csv
assert_eq "4.0000,0.0000,4.0000,96.0000,200.00,0.00,20.00,208.00,12.00" \
  "$(sed -n 2p plan2.csv | cut -d, -f4-)" "hour 0: reserve at 5 pays for 4 MW"
assert_eq "10.0000,0.0000,4.0000,90.0000,1000.00,0.00,4.00,520.00,484.00" \
  "$(sed -n 3p plan2.csv | cut -d, -f4-)" "hour 1: hashprice 24, reserve at 1"
assert_eq "10.0000,1949.61" "$(sed -n 4p plan2.csv | cut -d, -f4,8)" "hour 2: hashprice from the block reward"
awk -F, '$1=="site" { d = $8 - 1549.605; if (d > 0.006 || d < -0.006) exit 1 }' s2.csv || fail "series margin: $(grep '^site,' s2.csv)"
assert_eq "a,114.99" "$(grep '^a,' s2.csv | cut -d, -f1,11)" "break-even at the mean hashprice"

# allocate now uses the row in force: at 99 $/MWh the class is off at 00:00Z (break-even 50 with
# 12 $/PH/day, hysteresis 2) and on at 01:00Z (break-even 100 with 24 $/PH/day).
printf '%s\n' "$hdr" 2025-04-01T00:00:00Z,60,N,99 | allocate now --site "$D/series_site.toml" --at 2025-04-01T00:05:00Z -o sp0.csv
printf '%s\n' "$hdr" 2025-04-01T01:00:00Z,60,N,99 | allocate now --site "$D/series_site.toml" --at 2025-04-01T01:05:00Z -o sp1.csv
assert_eq "off on" "$(cut -d, -f6 sp0.csv | tail -1) $(cut -d, -f6 sp1.csv | tail -1 | sed 's/full/on/')" "now follows the hashprice series"

# An interval before the first row of a series is refused, naming it.
printf '%s\n' "$hdr" 2025-03-30T00:00:00Z,60,N,52 >p3.csv
assert_exit 65 "interval before the series" -- allocate plan --site "$D/series_site.toml" -i p3.csv
assert_contains err "hashprice.csv: no row at or before 2025-03-30T00:00:00Z (the first row is from 2025-03-31T00:00:00Z)" "message names the interval"
# A new key with a typo is refused with a suggestion.
sed 's/^peak_usd_per_mw/peak_usd_per_mv/' "$D/peak_site.toml" >typo.toml
cp "$D/peaks.csv" .
assert_exit 65 "typo in a new key" -- allocate plan --site typo.toml -i p1.csv
assert_contains err "unknown key 'peak_usd_per_mv' in [grid] (did you mean 'peak_usd_per_mw'?)" "suggestion"
finish
