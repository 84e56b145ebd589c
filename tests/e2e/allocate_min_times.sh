#!/usr/bin/env bash
# Minimum on/off times count elapsed minutes, in plan, replay and now alike, on a stream that
# mixes a 60-minute interval with 5-minute ones (worked by hand in tests/unit/dispatch/
# solver_test.cpp): a 10 MW block, break-even 50 $/MWh, on at least 50 minutes, off at least 20.
# 00:00 one hour at 20 (+300 $); then 5 minutes each at 110, 20, 110, 20, 20 (-50, +25, -50,
# +25, +25 $). Stopped at 01:00, the block stays off at 01:05, 01:10 and 01:15 (less than 20
# minutes on) and starts at 01:20: 325 $, not the 375 $ of flapping on and off.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
cat >site.toml <<'TOML'
[site]
interconnect_mw = 100
[economics]
hashprice_usd_per_ph_day = 12
[[mining]]
name = "a"
units = 10000
ths_per_unit = 100
watts_per_unit = 1000
min_on_minutes = 50
min_off_minutes = 20
TOML
{
  echo "interval_start,interval_minutes,node,price_per_mwh"
  echo "2025-04-01T00:00:00Z,60,HB,20"
  for p in 0:110 5:20 10:110 15:20 20:20; do printf '2025-04-01T01:%02d:00Z,5,HB,%s\n' "${p%%:*}" "${p#*:}"; done
} >mixed.csv
want="10.0000 0.0000 0.0000 0.0000 0.0000 10.0000"

allocate plan --site site.toml -i mixed.csv --summary sum.csv >plan.csv
assert_eq "$want" "$(sed 1d plan.csv | cut -d, -f4 | tr '\n' ' ' | sed 's/ $//')" "plan: off from 01:00 to 01:15"
assert_eq "325.00" "$(grep '^site,' sum.csv | cut -d, -f8)" "plan margin"

allocate replay --site site.toml -i mixed.csv --summary rsum.csv -o dec.csv
for col in 6 9 11; do
  assert_eq "$want" "$(sed 1d dec.csv | cut -d, -f$col | tr '\n' ' ' | sed 's/ $//')" "replay column $col"
done
for s in rolling myopic perfect; do
  assert_eq "325.00" "$(grep "^$s," rsum.csv | cut -d, -f8)" "replay $s margin"
done

# now from cron, one interval a run, the state file carrying the last decision.
got=""
for line in $(seq 2 7); do
  at=$(sed -n "${line}p" mixed.csv | cut -d, -f1)  # cron at the start of each interval
  sed -n "1p;${line}p" mixed.csv | allocate --quiet now --site site.toml --state st.json --at "$at" -o sp.csv
  got+="$(sed -n 2p sp.csv | cut -d, -f4) "
done
assert_eq "$want" "${got% }" "now: the same decisions"
finish
