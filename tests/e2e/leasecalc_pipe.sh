#!/usr/bin/env bash
# allocate's records feed leasecalc in a pipe: plan_summary gives the mining power price and
# uptime, split gives candidate AI/mining capacities. Hand-written inputs in the allocate
# formats (lib/records/allocate.cpp).
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
D="$HS_TEST_DATA/leasecalc"
E="$HS_SOURCE_DIR/examples"

# plan_summary: mining energy 16,740 + 10,044 MWh cost 502,200 + 301,320 USD -> $30.00/MWh;
# site uptime 0.9. Same result as setting those two keys by hand.
want=$(leasecalc mining "$E/mining.toml" --summary --set mining.power_price_per_mwh=30 --set mining.uptime=0.9 2>/dev/null)
got=$(cat "$D/plan_summary.csv" | leasecalc mining "$E/mining.toml" --summary --plan-summary - 2>/dev/null)
assert_eq "$want" "$got" "plan_summary on stdin = price 30, uptime 0.9"
# JSON Lines in works the same (format detected).
mlr --icsv --ojsonl cat "$D/plan_summary.csv" >ps.jsonl
got=$(leasecalc mining "$E/mining.toml" --summary --plan-summary - <ps.jsonl 2>/dev/null)
assert_eq "$want" "$got" "plan_summary as JSON Lines"

# split: one extra scenario per candidate.
cat "$D/split.csv" | leasecalc compare "$E/compare.toml" --split - >cmp.csv 2>/dev/null
assert_eq "site/split_ai_0mw site/split_ai_10mw" "$(tail -n +5 cmp.csv | cut -d, -f1 | tr '\n' ' ' | sed 's/ $//')" "split candidates"
# Values, worked outside leasecalc: the 0 MW AI candidate is the mining model alone with the
# fleet sized from its 40 facility MW through compare.toml's 17.5 J/TH and PUE 1.05
# (40e6 / 18.375 = 2,176,870.7 TH/s), and a 0 MW lease adds nothing.
ths=$(awk 'BEGIN { printf "%.6f", 40e6 / (17.5 * 1.05) }')
want=$(leasecalc compare "$E/compare.toml" --set lease.mw=0 --set mining.fleet_ths="$ths" 2>/dev/null | grep '^site/mining,' | cut -d, -f2-9)
assert_eq "$want" "$(grep '^site/split_ai_0mw,' cmp.csv | cut -d, -f2-9)" "0 MW AI split = mining sized through J/TH and PUE"
# On this site the lease pays (site/ai NPV > 0) and mining does not (site/mining NPV < 0), so
# moving 10 MW from mining to AI must raise the NPV.
npv10=$(grep '^site/split_ai_10mw,' cmp.csv | cut -d, -f2)
npv0=$(grep '^site/split_ai_0mw,' cmp.csv | cut -d, -f2)
assert_eq 1 "$(awk -v a="$npv10" -v b="$npv0" 'BEGIN { print (a > b) ? 1 : 0 }')" "10 MW of AI beats all mining here"
# A split record missing a required column is bad data, named.
printf 'ai_mw,hours\n1,2\n' >bad_split.csv
assert_exit 65 "split without mining_mw" -- leasecalc compare --split bad_split.csv
assert_contains "$T/err" "mining_mw" "missing column named"
# A plan summary without a site record cannot give the uptime.
grep -v '^site,' "$D/plan_summary.csv" >no_site.csv
assert_exit 65 "plan summary without the site record" -- leasecalc mining --plan-summary no_site.csv
finish
