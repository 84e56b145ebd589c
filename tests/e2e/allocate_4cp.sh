#!/usr/bin/env bash
# 4CP candidates from load_forecast records, the threshold from the command line (hand-worked in
# tests/unit/dispatch/peak_forecast_test.cpp): 20:15 and 20:30 flagged at 85,000 MW, the
# class stays off in them: 2 x 10 MW x (50 - 40) x 0.25 h = 50.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
cat >site.toml <<TOML
[site]
interconnect_mw = 100
[economics]
hashprice_usd_per_ph_day = 12
[grid]
peak_usd_per_mw = 1000
peak_forecast_file = "$HS_TEST_DATA/allocate/load_forecast.csv"
[[mining]]
name = "a"
units = 10000
ths_per_unit = 100
watts_per_unit = 1000
TOML
{
  echo interval_start,interval_minutes,node,price_per_mwh
  for m in 00 15 30 45; do echo "2025-08-01T20:$m:00Z,15,HB,40"; done
} >p.csv
assert_exit 64 "no threshold" -- allocate plan --site site.toml -i p.csv
allocate plan --site site.toml -i p.csv --peak-threshold 85000 --summary s.csv >d.csv
assert_eq "50.00" "$(grep '^site,' s.csv | cut -d, -f8)" "margin"
assert_eq "0.0000 0.0000" "$(sed -n 3,4p d.csv | cut -d, -f4 | tr '\n' ' ' | sed 's/ $//')" "off in the flagged intervals"
# At 87,000 nothing is flagged: all four on, 100.
allocate plan --site site.toml -i p.csv --peak-threshold 87000 --summary s2.csv >/dev/null
assert_eq "100.00" "$(grep '^site,' s2.csv | cut -d, -f8)" "margin without flags"
finish
