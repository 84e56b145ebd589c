#!/usr/bin/env bash
# The analyst's chain on a real year: ERCOT's 2023 day-ahead prices at HB_HOUSTON (read in
# place) -> allocate split on the example site -> leasecalc compare --split. The two tools give
# one answer: leasecalc's first-year margin of each candidate is allocate's annual margin to the
# cent, and both rank the candidates alike.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
year=$(shared_data prices/ercot/np4-180-er_DAMLZHBSPP_2023.xlsx)
E="$HS_SOURCE_DIR/examples"

powerfeed "$year" --node HB_HOUSTON | allocate split --site "$E/site.toml" --ai-mw 0:40:20 >split.csv
# A whole year (2023 in the site's zone, America/Chicago): no annualizing needed.
assert_eq "8760.0000 8760.0000 8760.0000" "$(mlr --icsv --onidx filter '$kind == "total"' then cut -f hours split.csv | tr '\n' ' ' | sed 's/ $//')" "hours"
# hall-a's tenant pays its power (examples/site.toml), as compare.toml's lease.power_payer says.
assert_eq "tenant" "$(mlr --icsv --onidx filter '$ai_mw == 20 && $kind == "ai"' then cut -f power_payer split.csv)" "payer carried"

# The hall running from the start (no construction, one tranche): first year = allocate's year.
leasecalc compare "$E/compare.toml" --split split.csv --set lease.construction_months=0 --set lease.tranches=1 \
  >now.csv 2>/dev/null
allocate_margins=$(mlr --icsv --onidx filter '$kind == "total"' then cut -f annual_margin_usd split.csv | tr '\n' ' ')
leasecalc_margins=$(mlr --icsv --onidx filter 'is_present($scenario) && $scenario =~ "/split_"' then cut -f first_year_margin_usd now.csv | tr '\n' ' ')
assert_eq "$allocate_margins" "$leasecalc_margins" "first-year margin = allocate's annual margin, to the cent"
# Both tools rank the candidates alike: by allocate's margin, by leasecalc's first year, and by
# leasecalc's NPV over the horizon (capex and the hashprice path included), AI beats mining here.
rank() { awk '{ for (i = 1; i <= NF; i++) printf "%d ", (i > 1 && $i > $(i - 1)) }'; }
assert_eq "0 1 1 " "$(echo "$allocate_margins" | rank)" "allocate: more AI, more margin"
assert_eq "0 1 1 " "$(echo "$leasecalc_margins" | rank)" "leasecalc: more AI, more first-year margin"
leasecalc compare "$E/compare.toml" --split split.csv >npv.csv 2>/dev/null
assert_eq "0 1 1 " "$(mlr --icsv --onidx filter '$scenario =~ "/split_"' then cut -f npv_usd npv.csv | tr '\n' ' ' | rank)" "leasecalc: more AI, more NPV"
# With compare.toml's 18 months of construction the hall's first year is mining and the site's
# alone: the candidates' mining and site parts.
want=$(mlr --icsv --onidx filter '$ai_mw == 20 && ($kind == "mining" || $kind == "site")' then stats1 -a sum -f annual_margin_usd split.csv)
got=$(grep '^site/split_ai_20mw,' npv.csv | cut -d, -f11)
awk -v a="$want" -v b="$got" 'BEGIN { d = a - b; exit !(d < 0.02 && d > -0.02) }' || fail "first year while building: $want vs $got"
finish
