#!/usr/bin/env bash
# Demand-response events with the settlement journal (hand-worked in tests/unit/dispatch/dr_test.cpp):
# hours at 40, a 10 MW class; ERS 01:00-02:00 reduce by 6 MW from the hour before (10 MW), utility-dr
# 03:00-04:00 reduce to 2 MW.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
cat >site.toml <<TOML
[site]
interconnect_mw = 100
[economics]
hashprice_usd_per_ph_day = 12
[grid]
dr_events_file = "$HS_TEST_DATA/allocate/dr_events.csv"
[[mining]]
name = "a"
units = 10000
ths_per_unit = 100
watts_per_unit = 1000
TOML
{
  echo interval_start,interval_minutes,node,price_per_mwh
  for h in 0 1 2 3; do echo "2025-04-01T0$h:00:00Z,60,HB,40"; done
} >p.csv
allocate plan --site site.toml -i p.csv --summary s.csv --dr-journal j.csv >/dev/null
assert_eq "260.00" "$(grep '^site,' s.csv | cut -d, -f8)" "margin"
assert_eq "ERS,2025-04-01T01:00:00Z,2025-04-01T02:00:00Z,2025-04-01T01:00:00Z,60,10.0000,4.0000,4.0000,6.0000,0.0000,0.00" \
  "$(sed -n 2p j.csv)" "ERS journal row"
assert_eq "utility-dr,2025-04-01T03:00:00Z,2025-04-01T04:00:00Z,2025-04-01T03:00:00Z,60,10.0000,2.0000,2.0000,8.0000,0.0000,0.00" \
  "$(sed -n 3p j.csv)" "utility-dr journal row"
allocate replay --site site.toml -i p.csv --summary rs.csv --dr-journal rj.csv -o /dev/null
assert_eq "$(sed -n 2,3p j.csv)" "$(sed -n 2,3p rj.csv)" "replay journal of the rolling decisions"
# The myopic rule from cron: hour 1 comes down to 4 MW.
for h in 0 1; do
  printf 'interval_start,interval_minutes,node,price_per_mwh\n2025-04-01T0%s:00:00Z,60,HB,40\n' "$h" >n.csv
  allocate now --site site.toml --state st.json --at "2025-04-01T0$h:05:00Z" -o sp.csv <n.csv
done
assert_eq "2025-04-01T01:00:00Z,a,mining,4.0000,4000,full,dr,0,," "$(sed -n 2p sp.csv)" "now under the ERS event"
# An event with both reduce_to_mw and reduce_by_mw is refused, naming the file, line and field.
printf 'start,end,reduce_to_mw,reduce_by_mw,program,penalty_usd_per_mwh\n2025-04-01T01:00:00Z,2025-04-01T02:00:00Z,1,2,x,5\n' >bad.csv
sed "s|dr_events_file = .*|dr_events_file = \"$PWD/bad.csv\"|" site.toml >bad.toml
assert_exit 65 "both reduce_to and reduce_by" -- allocate plan --site bad.toml -i p.csv
assert_contains err "bad.csv:2" "names the file and line"
finish
