#!/usr/bin/env bash
# The project carries no copy of a real recording, whole or cut: every file git tracks is
# compared with every file under ../shared/data (bytes by SHA-256; text by runs of lines, see
# tests/e2e/lib/no_copies.py). Tests, benches and the demo read the recordings in place.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
[[ -d "$HS_SHARED_DATA" ]] || { fail "no recordings at $HS_SHARED_DATA (set HYBRIDSITE_SHARED_DATA)"; finish; }
cd "$HS_SOURCE_DIR"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -z >"$T/files"
else
  find . -path ./build -prune -o -type f -print0 >"$T/files"  # an exported tree: every file
fi
xargs -0 python3 "$HS_SOURCE_DIR/tests/e2e/lib/no_copies.py" "$HS_SHARED_DATA" <"$T/files" >"$T/copies" ||
  fail "copies of recordings in the project: $(cat "$T/copies")"

# The check itself finds a whole copy and a cut (in a scratch folder, never in the tree).
mkdir -p "$T/probe"
cp "$(shared_data prices/ercot/np6-905-cd_rtm_spp_2025-04-10_he19_i2.csv)" "$T/probe/whole.csv"
sed -n '1p;100,130p' "$(shared_data prices/entsoe/FR_day-ahead_prices_2023.csv)" >"$T/probe/cut.csv"
printf 'interval_start,price\n2025-01-01T00:00:00Z,10\n' >"$T/probe/own.csv"
assert_exit 1 "probe finds copies" -- python3 "$HS_SOURCE_DIR/tests/e2e/lib/no_copies.py" "$HS_SHARED_DATA" \
  "$T/probe/whole.csv" "$T/probe/cut.csv" "$T/probe/own.csv"
assert_contains "$T/out" "whole.csv: a copy of ../shared/data/prices/ercot/np6-905-cd_rtm_spp_2025-04-10_he19_i2.csv" "whole copy"
assert_contains "$T/out" "cut.csv: 29 runs of lines cut from ../shared/data/prices/entsoe/FR_day-ahead_prices_2023.csv" "cut"
assert_eq "2" "$(wc -l <"$T/out")" "own data is not flagged"
finish
