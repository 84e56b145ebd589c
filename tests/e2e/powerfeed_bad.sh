#!/usr/bin/env bash
# Bad input: each a clear message and the right exit code; --keep-going reports and counts.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
RT=$(shared_data prices/ercot/np6-905-cd_rtm_spp_2025-04-10_he19_i2.csv)

printf 'when,what\n1,2\n' >unknown.csv
assert_exit 65 "unknown format" -- powerfeed unknown.csv
assert_contains "$T/err" 'headers seen: "when", "what"' "names the headers"

: >empty.csv
assert_exit 65 "empty file" -- powerfeed empty.csv
assert_contains "$T/err" "empty" "empty message"

assert_exit 66 "missing file" -- powerfeed nosuch.csv

# A price that is not a number: file, line, column.
sed '5s/,[0-9.]*,N$/,abc,N/' "$RT" >badprice.csv
assert_exit 65 "bad price" -- powerfeed badprice.csv
assert_contains "$T/err" "badprice.csv:5: field 'SettlementPointPrice': expected a number, got \"abc\"" "bad price message"
# --keep-going: reported on stderr and counted; the rest is written; exit 65 still says "not all".
assert_exit 65 "keep going" -- powerfeed badprice.csv --keep-going
assert_eq "1000" "$(wc -l <"$T/out")" "999 rows + header"
assert_contains "$T/err" "badprice.csv:5:" "keep-going reports the row"
assert_contains "$T/err" "1 bad row" "keep-going counts"

# 02:30 on the 2025-03-09 spring-forward day does not exist (HE3 interval 3).
printf '%s\n' "$(head -1 "$RT")" "03/09/2025,3,3,HB_NORTH,HU,20.5,N" >spring.csv
assert_exit 65 "nonexistent local time" -- powerfeed spring.csv
assert_contains "$T/err" "spring.csv:2" "nonexistent time names the line"

# The repeated hour twice without the Y flag.
printf '%s\n' "$(head -1 "$RT")" "11/05/2023,2,1,HB_NORTH,HU,20.5,N" "11/05/2023,2,1,HB_NORTH,HU,21.5,N" >noflag.csv
assert_exit 65 "repeat without flag" -- powerfeed noflag.csv
assert_contains "$T/err" "noflag.csv:3" "repeat without flag names the line"

# A truncated zip.
python3 -m zipfile -c good.zip "$RT"
head -c $(($(wc -c <good.zip) / 2)) good.zip >trunc.zip
assert_exit 65 "truncated zip" -- powerfeed trunc.zip
assert_contains "$T/err" "trunc.zip" "truncated zip names the file"
# A good zip (the _csv.zip downloads) reads like the CSV inside.
assert_exit 0 "zip" -- powerfeed good.zip --node HB_NORTH
assert_contains "$T/out" "2025-04-10T23:15:00Z,15,ERCOT,rt,HB_NORTH,HU," "zip row"

# Usage errors.
assert_exit 64 "bad --every" -- powerfeed "$RT" --every 7m
assert_exit 64 "bad --from" -- powerfeed "$RT" --from yesterday
finish
