#!/usr/bin/env bash
# check, stats, --every, --latest, merging several inputs, duplicates and conflicts.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
RT=$(shared_data prices/ercot/np6-905-cd_rtm_spp_2025-04-10_he19_i2.csv)
ERCOT_DAM=$(shared_data prices/ercot/np4-190-cd_dam_spp_2025-04-11.csv)
ERCOT_RT_MAR=$(shared_data prices/ercot/np6-785-er_rtm_spp_2025-03.xlsx)
ERCOT_DAM_2023=$(shared_data prices/ercot/np4-180-er_DAMLZHBSPP_2023.xlsx)
PJM_JUNE=$(cut_data rt_hrl_lmps_12hubs_2025-06.csv)
FR_2023=$(shared_data prices/entsoe/FR_day-ahead_prices_2023.csv)

# check: the 2025-03-09 spring-forward day has 92 of 92 intervals, an ordinary day 96; the
# file ends at 2025-03-16 04:45Z = 23:45 CDT on the 15th, so every day is complete.
assert_exit 0 "check complete" -- powerfeed check "$ERCOT_RT_MAR" --node HB_NORTH
assert_contains "$T/out" "HB_NORTH,HU,ERCOT,rt,2025-03-09,15,92,92,0,true," "check 92/92"
assert_contains "$T/out" "HB_NORTH,HU,ERCOT,rt,2025-03-08,15,96,96,0,true," "check 96/96"
# One interval of 2025-04-10 (HE19 i2 = 23:15Z): 1 of 96, the others listed as gaps, exit 1.
assert_exit 1 "check incomplete" -- powerfeed check "$RT" --node HB_NORTH
assert_contains "$T/out" "HB_NORTH,HU,ERCOT,rt,2025-04-10,15,96,1,0,false,2025-04-10T05:00:00Z 2025-04-10T05:15:00Z" "check gaps"
assert_eq "95" "$(sed 1d "$T/out" | cut -d, -f11 | wc -w)" "95 gaps listed"
# A history that lacks seasons is not a year: March, August and November 2023 (local days, cut
# here from the whole archive) checked over 2023 miss 365 - 31 - 31 - 30 = 273 whole days,
# listed with found 0, and nine months entirely; exit 1.
powerfeed "$ERCOT_DAM_2023" --node HB_NORTH --from 2023-03-01T06:00Z --to 2023-04-01T05:00Z -o mar.csv
powerfeed "$ERCOT_DAM_2023" --node HB_NORTH --from 2023-08-01T05:00Z --to 2023-09-01T05:00Z -o aug.csv
powerfeed "$ERCOT_DAM_2023" --node HB_NORTH --from 2023-11-01T05:00Z --to 2023-12-01T06:00Z -o nov.csv
assert_exit 1 "three months are not a year" -- powerfeed check mar.csv aug.csv nov.csv --from 2023-01-01T06:00Z --to 2024-01-01T06:00Z
assert_eq "273" "$(awk -F, 'NR > 1 && $8 == 0' "$T/out" | wc -l)" "whole days without data"
assert_eq "92" "$(awk -F, 'NR > 1 && $10 == "true"' "$T/out" | wc -l)" "the days there are complete"
assert_contains "$T/out" "HB_NORTH,,ERCOT,da,2023-06-15,60,24,0,0,false,2023-06-15T05:00:00Z 2023-06-15T06:00:00Z" "a June day, every hour missing"
assert_contains "$T/err" "HB_NORTH ERCOT da: 273 whole days without data (the months 2023-01, 2023-02, 2023-04, 2023-05, 2023-06, 2023-07, 2023-09, 2023-10, 2023-12 entirely)" "months named"
# The whole year over the same window: every day there.
assert_exit 0 "a year is a year" -- powerfeed check "$ERCOT_DAM_2023" --node HB_NORTH --from 2023-01-01T06:00Z --to 2024-01-01T06:00Z
assert_eq "365" "$(sed 1d "$T/out" | wc -l)" "365 days"
# The fall-back day of the 2023 archive: 25 hours found.
assert_exit 0 "check complete" -- powerfeed check "$ERCOT_DAM_2023" \
  --node HB_NORTH --from 2023-11-05T05:00Z --to 2023-11-06T06:00Z
assert_contains "$T/out" "HB_NORTH,,ERCOT,da,2023-11-05,60,25,25,0,true," "check 25/25"
# The same file twice: every interval a duplicate.
assert_exit 1 "check duplicates" -- powerfeed check "$RT" "$RT" --node HB_NORTH
assert_contains "$T/out" ",1,false," "check lists the duplicate"

# Merge: the same file twice is exact duplicates, dropped.
powerfeed "$RT" "$RT" --node 'HB_*' >m.csv
assert_eq "$(powerfeed "$RT" --node 'HB_*' | wc -l)" "$(wc -l <m.csv)" "exact duplicates dropped"
# A conflicting copy: error naming both places, or a chosen rule.
sed 's/^04\/10\/2025,19,2,HB_NORTH,HU,[^,]*,/04\/10\/2025,19,2,HB_NORTH,HU,99.99,/' "$RT" >changed.csv
grep -q "HB_NORTH,HU,99.99" changed.csv || fail "test setup: HB_NORTH row not changed"
assert_exit 65 "conflict" -- powerfeed "$RT" changed.csv --node HB_NORTH
# Line numbers stay right when the fast path skips the lines between hits.
n=$(grep -n ',HB_NORTH,HU,' changed.csv | cut -d: -f1)
assert_contains "$T/err" "changed.csv:$n" "conflict names the second place and line"
assert_contains "$T/err" "he19_i2.csv:$n " "conflict names the first place and line"
assert_contains "$T/err" "np6-905-cd_rtm_spp_2025-04-10_he19_i2.csv:" "conflict names the first place"
assert_eq "99.99" "$(powerfeed "$RT" changed.csv --node HB_NORTH --on-conflict last | sed 1d | cut -d, -f7)" "last wins"
assert_eq "first" "$(powerfeed "$RT" changed.csv --node HB_NORTH --on-conflict first | sed 1d | cut -d, -f7 | grep -qv 99.99 && echo first)" "first wins"

# Two different files merge into one stream, sorted by time within node.
powerfeed "$ERCOT_DAM" "$RT" --node HB_NORTH >two.csv
assert_eq "26" "$(wc -l <two.csv)" "RT 1 + DAM 24 rows"

# --every 1h: the FR 2023 hourly prices are already hourly: the 2023-10-29 CET hour stays 0.
# --every 1d: the FR local day 2023-10-29 has 25 hours (1500 minutes), starting 22:00Z.
powerfeed "$FR_2023" --from 2023-10-28T22:00Z --to 2023-10-29T23:00Z --every 1d >d.csv 2>/dev/null
assert_contains d.csv "2023-10-28T22:00:00Z,1500,ENTSOE,da,FR,," "FR fall-back day is 25 h"
assert_contains d.csv ",true" "complete day"
# ERCOT RT one quarter resampled to 1h: incomplete (15 of 60 minutes), flagged or dropped.
powerfeed "$RT" --node HB_NORTH --every 1h >h.csv
assert_contains h.csv "2025-04-10T23:00:00Z,60,ERCOT,rt,HB_NORTH,HU," "hour bucket"
assert_contains h.csv ",false" "flagged incomplete"
assert_exit 0 "drop incomplete" -- powerfeed "$RT" --node HB_NORTH --every 1h --incomplete drop
assert_eq "1" "$(wc -l <"$T/out")" "dropped: header only"
assert_contains "$T/err" "dropped 1 interval" "drop warning"
# --every 1h of 4 quarters: 2025-03-09 HE2 on HB_NORTH: 26.82, 26.95, 27.19, 25.39 -> mean 26.5875.
powerfeed "$ERCOT_RT_MAR" --node HB_NORTH --from 2025-03-09T07:00Z --to 2025-03-09T08:00Z --every 1h >e.csv
assert_contains e.csv "2025-03-09T07:00:00Z,60,ERCOT,rt,HB_NORTH,HU,26.5875,USD" "hourly mean"

# --latest: the newest interval per node (March file ends 2025-03-16 04:45Z).
assert_eq "2025-03-16T04:45:00Z" "$(powerfeed "$ERCOT_RT_MAR" --latest --node HB_NORTH | sed 1d | cut -d, -f1)" "latest"

# stats: hand-checked with awk over the same PJM rows (count, max, share negative, hours above 1000).
powerfeed stats "$PJM_JUNE" --node 'NEW JERSEY HUB' --above 1000 >s.csv
want=$(awk -F, '$4=="NEW JERSEY HUB" && $13=="True" {n++; if($10<0)neg++; if($10>1000)a++} END {print n","neg","a}' "$PJM_JUNE")
got=$(sed 1d s.csv | awk -F, '{printf "%d,%d,%d\n", $8, $16*$8+0.5, $17}')
assert_eq "$want" "$got" "stats count, negatives, hours above"
assert_eq "1989.05107" "$(sed 1d s.csv | cut -d, -f11)" "stats max"
# The mean is derived, so it has 4 decimals: awk's mean of the same 720 hourly prices is 49.3371
# (hourly intervals: time-weighted = plain mean); 3 negative hours of 720 = 0.0042.
want=$(awk -F, '$4=="NEW JERSEY HUB" && $13=="True" {s += $10; n++} END {printf "%.4f", s / n}' "$PJM_JUNE")
assert_eq "$want" "$(sed 1d s.csv | cut -d, -f9)" "stats mean at 4 decimals"
assert_eq "49.3371" "$want" "awk mean of NEW JERSEY HUB"
assert_eq "0.0042" "$(sed 1d s.csv | cut -d, -f16)" "negative share at 4 decimals"
finish
