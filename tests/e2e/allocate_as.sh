#!/usr/bin/env bash
# Ancillary services stacked on mining (hand-worked in tests/unit/dispatch/as_test.cpp), and the
# model --write-lp writes solved again by glpsol and cbc: the same optimum.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
cat >site.toml <<TOML
[site]
interconnect_mw = 100
[economics]
hashprice_usd_per_ph_day = 12
[grid]
as_prices_file = "$HS_TEST_DATA/allocate/as_prices.csv"
[[mining]]
name = "a"
units = 10000
ths_per_unit = 100
watts_per_unit = 1000
controllable_load_resource = true
as_products = ["REGUP", "REGDN", "RRS"]
TOML
printf 'interval_start,interval_minutes,node,price_per_mwh\n2025-04-01T00:00:00Z,60,HB,40\n2025-04-01T01:00:00Z,60,HB,60\n' >p.csv
# Hour 0 at 40: 10 MW run and back RRS: 10 x (10 + 12) = 220; hour 1 at 60: off, REGDN 10 x 8 = 80.
allocate plan --site site.toml -i p.csv --summary s.csv --as-awards aw.csv --write-lp model.lp >d.csv
assert_eq "300.00" "$(grep '^site,' s.csv | cut -d, -f8)" "margin"
assert_eq "2025-04-01T00:00:00Z,a,RRS,10.0000,12,120.00" "$(sed -n 2p aw.csv)" "RRS award"
assert_eq "2025-04-01T01:00:00Z,a,REGDN,10.0000,8,80.00" "$(sed -n 3p aw.csv)" "REGDN award"
assert_eq 3 "$(wc -l <aw.csv)" "no other award"
assert_eq "10.0000" "$(sed -n 3p d.csv | cut -d, -f6)" "REGDN in the dispatch record's reserve_mw"
checked=0
if command -v glpsol >/dev/null; then
  glpsol --lp model.lp -o g.txt >/dev/null
  assert_eq "-300.00" "$(awk '/^Objective:/ { printf "%.2f", $4 }' g.txt)" "glpsol objective"
  checked=1
fi
if command -v cbc >/dev/null; then
  assert_eq "-300.00" "$(cbc model.lp solve quit 2>&1 | awk '/^Optimal - objective value/ { printf "%.2f", $5 }')" "cbc objective"
  checked=1
fi
# Bad eligibility is refused with the key.
sed -i 's/^controllable_load_resource = true//' site.toml
assert_exit 65 "REGUP without a CLR" -- allocate plan --site site.toml -i p.csv
assert_contains err "controllable_load_resource" "the message names the key"

# A battery (hand-worked in tests/unit/dispatch/storage_test.cpp): 20 then 100 $/MWh, 5 MW in,
# 4.05 MW out; glpsol and cbc solve the written model to the same optimum.
cat >bess.toml <<'TOML'
[site]
interconnect_mw = 100
[[ai]]
name = "h"
it_mw = 10
revenue_usd_per_mwh = 200
[[storage]]
name = "bess"
energy_mwh = 10
power_mw = 5
round_trip_efficiency = 0.81
degradation_usd_per_mwh = 2
TOML
printf 'interval_start,interval_minutes,node,price_per_mwh\n2025-04-01T00:00:00Z,60,HB,20\n2025-04-01T01:00:00Z,60,HB,100\n' >q.csv
allocate plan --site bess.toml -i q.csv --summary bs.csv --by-class bc.csv --write-lp bess.lp >/dev/null
assert_eq "3096.90" "$(grep '^site,' bs.csv | cut -d, -f8)" "battery site margin"
assert_eq "2025-04-01T01:00:00Z,bess,storage,discharge,,-4.0500,396.90" "$(grep '01:00:00Z,bess' bc.csv)" "battery by class"
if command -v glpsol >/dev/null; then
  glpsol --lp bess.lp -o gb.txt >/dev/null
  assert_eq "-3096.90" "$(awk '/^Objective:/ { printf "%.2f", $4 }' gb.txt)" "glpsol on the battery model"
fi
if command -v cbc >/dev/null; then
  assert_eq "-3096.90" "$(cbc bess.lp solve quit 2>&1 | awk '/^Optimal - objective value/ { printf "%.2f", $5 }')" "cbc on the battery model"
fi
((checked)) || exit 77
finish
