#!/usr/bin/env bash
# allocate's records feed leasecalc in a pipe: plan_summary gives the mining power price and
# uptime, split gives each candidate's year of dispatch. Hand-written inputs in the allocate
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

# split: one extra scenario per candidate, valued from the split's year (hand-written records:
# 0 MW of AI, then 10 MW of hall-a leased at 130 $/kW-month, 15,600,000 a year, its tenant
# paying the power; the site's own 400,000 of energy and 100,000 of charges in both).
cat "$D/split.csv" | leasecalc compare "$E/compare.toml" --split - >cmp.csv 2>/dev/null
assert_eq "site/split_ai_0mw site/split_ai_10mw" "$(tail -n +5 cmp.csv | cut -d, -f1 | tr '\n' ' ' | sed 's/ $//')" "split candidates"
# With the AI running from the start, the first year's revenue less power is the total row's
# annual margin: 20,000,000 - 8,400,000 - 100,000 and 30,600,000 - 6,400,000 - 100,000.
leasecalc compare "$E/compare.toml" --split "$D/split.csv" --set lease.construction_months=0 --set lease.tranches=1 >now.csv 2>/dev/null
assert_eq "11500000.00 24100000.00" "$(grep '^site/split_' now.csv | cut -d, -f11 | tr '\n' ' ' | sed 's/ $//')" "first-year margin = split's"
# compare.toml builds the hall for 18 months: its first year is mining and the site's alone,
# 9,000,000 - 500,000.
assert_eq "8500000.00" "$(grep '^site/split_ai_10mw,' cmp.csv | cut -d, -f11)" "AI under construction earns nothing"
# January 2026 (744 of 8,760 hours): power (6,000,000 + 400,000 + 100,000) x 744 / 8760 =
# 552,054.79; capex the 1,500,000 TH/s at 15 $ (22,500,000) and the first of 24 months of the
# hall's 10 MW x 9,000,000 (3,750,000).
leasecalc compare "$E/compare.toml" --split "$D/split.csv" --cash-flows >flows.csv 2>/dev/null
assert_eq "552054.79,26250000.00" "$(grep '^site/split_ai_10mw,2026-01-01' flows.csv | cut -d, -f5,7)" "January's power and capex"
# Who pays for the hall's power is one setting: the records say the tenant.
assert_exit 65 "payer disagrees" -- leasecalc compare "$E/compare.toml" --split "$D/split.csv" --set lease.power_payer=landlord
assert_contains "$T/err" "split.csv:7: field 'power_payer': the split's AI blocks have the tenant pay their power" "names the record"
assert_contains "$T/err" "--set sets lease.power_payer = landlord" "names the setting"
# Records cut before a candidate's total row are refused, not half used.
head -n 8 "$D/split.csv" >cut.csv
assert_exit 65 "no total row" -- leasecalc compare "$E/compare.toml" --split cut.csv
assert_contains "$T/err" "cut.csv:8: field 'kind': the candidate with ai_mw 10 has no total row" "says where"
# A split record missing a required column is bad data, named.
printf 'ai_mw,hours\n1,2\n' >bad_split.csv
assert_exit 65 "split without mining_mw" -- leasecalc compare --split bad_split.csv
assert_contains "$T/err" "mining_mw" "missing column named"
# A plan summary without a site record cannot give the uptime.
grep -v '^site,' "$D/plan_summary.csv" >no_site.csv
assert_exit 65 "plan summary without the site record" -- leasecalc mining --plan-summary no_site.csv
finish
