#!/usr/bin/env bash
# Streaming: output is time-major (interval, then node), inputs merge by time, an input out of
# time order beyond the one-hour reorder window is an error naming file and line unless
# --unsorted, and a price record keeps the source it names.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
RT=$(shared_data prices/ercot/np6-905-cd_rtm_spp_2025-04-10_he19_i2.csv)
ERCOT_DAM=$(shared_data prices/ercot/np4-190-cd_dam_spp_2025-04-11.csv)
X=$(shared_data prices/ercot/np6-785-er_rtm_spp_2025-03.xlsx)
C=$(shared_data prices/caiso/20181013_20181107_PRC_LMP_DAM_v1.csv)

# Two nodes of the 2025-03-09 spring-forward day: 92 intervals each, interleaved by time.
powerfeed "$X" --node HB_NORTH --node HB_WEST --from 2025-03-09T06:00Z --to 2025-03-10T05:00Z >two.csv
assert_eq "185" "$(wc -l <two.csv)" "2 x 92 rows + header"
# 07:45Z is HE2 i4 (25.39 for HB_NORTH, see powerfeed_formats.sh); then 08:00Z (HE4 i1, 25.1).
assert_eq "2025-03-09T07:45:00Z,HB_NORTH 2025-03-09T07:45:00Z,HB_WEST 2025-03-09T08:00:00Z,HB_NORTH" \
  "$(sed -n '16,18p' two.csv | cut -d, -f1,5 | tr '\n' ' ' | sed 's/ $//')" "time-major: by interval, then node"
assert_eq "$(sed 1d two.csv | cut -d, -f1 | sort -c && echo sorted)" "sorted" "times never go back"

# One node alone, as records; then reversed (newest first): line 2 is 04:45Z, line 7 is 03:30Z,
# more than an hour before 04:45Z, so the window cannot take it.
powerfeed "$X" --node HB_NORTH --from 2025-03-09T06:00Z --to 2025-03-10T05:00Z >north.csv
{ head -1 north.csv; sed 1d north.csv | tac; } >reversed.csv
assert_eq "2025-03-10T03:30:00Z" "$(sed -n 7p reversed.csv | cut -d, -f1)" "test setup: line 7"
assert_exit 65 "out of order" -- powerfeed reversed.csv
assert_contains "$T/err" "reversed.csv:7: not in time order" "names file and line"
assert_contains "$T/err" "--unsorted" "names the way out"
# With --keep-going the late rows are reported and counted: 04:45Z down to 03:45Z (5 rows) are
# within the hour, the other 87 of 92 are not.
assert_exit 65 "out of order, keep going" -- powerfeed reversed.csv --keep-going
assert_eq "6" "$(wc -l <"$T/out")" "5 rows within the window + header"
assert_contains "$T/err" "87 bad row(s)" "late rows counted"
# --unsorted holds the input and sorts it: the same rows as the original.
powerfeed reversed.csv --unsorted >sorted.csv
assert_eq "$(cut -d, -f1-8 north.csv)" "$(cut -d, -f1-8 sorted.csv)" "--unsorted restores the order"
# Swapped neighbours stay within the window and need nothing.
{ head -1 north.csv; sed -n '3p;2p;5p;4p' north.csv; sed 1,5d north.csv; } >swapped.csv
assert_eq "$(cut -d, -f1-8 north.csv)" "$(powerfeed swapped.csv | cut -d, -f1-8)" "reordered within the window"

# Two inputs holding alternate intervals merge back into the one series (read concurrently).
{ head -1 north.csv; sed 1d north.csv | sed -n '1~2p'; } >odd.csv
{ head -1 north.csv; sed 1d north.csv | sed -n '2~2p'; } >even.csv
assert_eq "$(cut -d, -f1-8 north.csv)" "$(powerfeed even.csv odd.csv | cut -d, -f1-8)" "merge by time"
# An overlapping third input with one changed price: a conflict naming both places.
awk -F, -v OFS=, 'NR == 10 {$7 = 99.5} 1' north.csv >changed.csv
assert_exit 65 "conflict across merged inputs" -- powerfeed north.csv changed.csv
assert_contains "$T/err" "north.csv:10 and" "first place"
assert_contains "$T/err" "changed.csv:10 " "second place"

# CAISO OASIS rows are not sorted: that input is held whole (no --unsorted needed), and it merges
# with others by time: the DAM hour 2018-11-04 08:00Z comes out once, in order.
powerfeed "$C" "$ERCOT_DAM" --node 0096WD_7_N001 --node HB_NORTH >mix.csv
assert_eq "626" "$(wc -l <mix.csv)" "601 CAISO + 24 ERCOT hours + header"
assert_eq "$(sed 1d mix.csv | cut -d, -f1 | sort -c && echo sorted)" "sorted" "CAISO and ERCOT merged by time"

# check and --every stream too: per node state, days in order.
assert_exit 0 "check two nodes" -- powerfeed check "$X" --node HB_NORTH --node HB_WEST --from 2025-03-09T06:00Z \
  --to 2025-03-10T05:00Z
assert_eq "HB_NORTH,2025-03-09,92,92 HB_WEST,2025-03-09,92,92" \
  "$(sed 1d "$T/out" | cut -d, -f1,5,7,8 | tr '\n' ' ' | sed 's/ $//')" "check per node"

# Patterns on the ERCOT fast path: the verdict is cached per node and type text, so LZ_WEST as
# LZ (35.59) and as LZEW (35.6) are judged apart.
assert_eq "LZ_WEST,LZ,35.59" "$(powerfeed "$RT" --node 'LZ_WES?' --node-type LZ | sed 1d | cut -d, -f5-7)" "pattern + type"
assert_eq "LZ_WEST,LZ,35.59 LZ_WEST,LZEW,35.6" \
  "$(powerfeed "$RT" --node 'LZ_W*T' | sed 1d | cut -d, -f5-7 | tr '\n' ' ' | sed 's/ $//')" "pattern, both types"
# A single pattern pre-selects lines on its longest plain run (HB_NORT) and still matches exactly.
assert_eq "$(powerfeed "$RT" --node HB_NORTH)" "$(powerfeed "$RT" --node 'HB_NORT[H]')" "pattern = literal"
assert_eq "HB_NORTH" "$(powerfeed "$RT" --node '[H]B_NOR*H' | sed 1d | cut -d, -f5)" "bracket first"

# A record's own source is kept when price records are read again.
assert_eq "$X" "$(powerfeed north.csv | sed -n 2p | cut -d, -f9)" "source kept from the record"
finish
