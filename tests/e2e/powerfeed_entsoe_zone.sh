#!/usr/bin/env bash
# An ENTSO-E export whose header names its zone ("BZN|DE-LU") is read with that zone as the
# node, even when saved under a name that is not a zone (issue 16: entsoe.csv became node
# "entsoe"). Prices: DE-LU day-ahead 2021-01-01 00:00-03:00 CET, the values of the recorded
# A44 reply ../shared/data/api/entsoe/A44_DE-LU_*.xml (PT60M, positions 1-3).
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"

cat >entsoe.csv <<'CSV'
"MTU (CET/CEST)","Day-ahead Price [EUR/MWh]","BZN|DE-LU"
"01.01.2021 00:00 - 01.01.2021 01:00","50.87",""
"01.01.2021 01:00 - 01.01.2021 02:00","48.19",""
"01.01.2021 02:00 - 01.01.2021 03:00","44.68",""
CSV
powerfeed entsoe.csv >out.csv
assert_eq "4" "$(wc -l <out.csv)" "three hours (+ header)"
assert_eq "2020-12-31T23:00:00Z,60,ENTSOE,da,DE-LU,,50.87,EUR" "$(sed -n 2p out.csv | cut -d, -f1-8)" "node from the header"
assert_eq "0" "$(grep -c ',entsoe,' out.csv || true)" "no node named after the file"
# Selecting the zone by name works, as it would for an export with an Area column.
assert_eq "3" "$(powerfeed entsoe.csv --node DE-LU | tail -n +2 | wc -l)" "--node DE-LU"
# The older layout without a zone keeps taking the node from the file name.
head -2 entsoe.csv | sed 's/,"BZN|DE-LU"//; s/,""$//' >NL_2021.csv
assert_eq "NL" "$(powerfeed NL_2021.csv | sed -n 2p | cut -d, -f5)" "file name without a header zone"

finish
