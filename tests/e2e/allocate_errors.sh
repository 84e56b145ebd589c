#!/usr/bin/env bash
# Bad input: clear messages and the right exit codes.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
D=$HS_TEST_DATA/allocate
SITE=$HS_SOURCE_DIR/examples/site.toml

assert_exit 65 "gap refused" -- allocate plan --site "$SITE" -i "$D/gap.csv"
assert_contains err "gap in the price stream from 2025-04-11T07:00:00Z to 2025-04-11T08:00:00Z (use --allow-gaps" "gap message"
assert_exit 0 "gap allowed" -- allocate plan --site "$SITE" -i "$D/gap.csv" --allow-gaps
assert_contains err "warning: 1 gap(s) in the price stream: 2025-04-11T07:00:00Z..2025-04-11T08:00:00Z" "gap reported"
assert_eq 4 "$(wc -l <out)" "planned around the gap"
assert_exit 65 "overlap refused" -- allocate plan --site "$SITE" -i "$D/overlap.csv" --allow-gaps
assert_contains err "intervals overlap" "overlap message"
assert_exit 65 "currency without --fx" -- allocate plan --site "$SITE" -i "$D/eur.csv"
assert_contains err "field 'currency': prices are in EUR but the site is in USD; give the exchange rate with --fx" "currency message"
assert_exit 0 "currency with --fx" -- allocate plan --site "$SITE" -i "$D/eur.csv" --fx 1.08
assert_exit 65 "empty stream" -- allocate plan --site "$SITE" -i "$D/empty.csv"
assert_contains err "no price records" "empty message"
assert_exit 65 "empty stdin" -- allocate plan --site "$SITE" </dev/null
printf '[site]\ninterconnect_mw = 40\n[[ai]]\nname = "hall-a"\nit_mw = 40\npue = 1.05\nfrim = true\n' >typo.toml
assert_exit 65 "unknown key" -- allocate plan --site typo.toml -i "$D/eur.csv" --fx 1
assert_contains err "allocate: typo.toml:7: field 'frim': unknown key 'frim' in [[ai]] #1 (did you mean 'firm'?)" "suggestion"
sed -i '/frim/d' typo.toml
assert_exit 65 "infeasible site" -- allocate plan --site typo.toml -i "$D/eur.csv" --fx 1
assert_contains err "AI block 'hall-a' needs 42 MW but the interconnect allows 40" "infeasible in site terms"
printf '[site]\ninterconnect_mw = -40\n[[ai]]\nit_mw = 1\n' >neg.toml
assert_exit 65 "negative capacity" -- allocate plan --site neg.toml -i "$D/eur.csv" --fx 1
assert_contains err "field 'interconnect_mw': must not be negative" "negative message"
assert_exit 66 "missing site file" -- allocate plan --site nosuch.toml -i "$D/eur.csv"
assert_exit 64 "no subcommand" -- allocate
assert_exit 64 "bad option" -- allocate plan --site "$SITE" --bogus
assert_exit 64 "bad range" -- allocate split --site "$SITE" --ai-mw 10:0:-1 -i "$D/eur.csv" --fx 1
finish
