#!/usr/bin/env bash
# A lease's flexibility clause: its figures (lease --flex), its place in the lease's cash flows,
# bad terms, and allocate split's capped AI blocks through compare --split. Figures by hand.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"

# 20 MW at 130 USD/kW-month from the start, one tranche, no escalator, ten years undiscounted;
# the rest at the defaults (landlord pays power, capex 10,000,000 per MW, residual 25%). The
# clause: caps of up to 25% for 50 h a year, 2 USD/kW-month off, 100 USD per capped MWh, 200 MWh
# a year expected, each worth 1,500 USD to the site.
cat >flex.toml <<'TOML'
name = "flex"
discount_rate = 0
[lease]
mw = 20
rate_per_kw_month = 130
escalator = 0
construction_months = 0
tranches = 1
flex_max_cap_pct = 25
flex_hours_per_year = 50
flex_discount_usd_per_kw_month = 2
flex_usd_per_capped_mwh = 100
flex_expected_capped_mwh_per_year = 200
flex_value_usd_per_capped_mwh = 1500
TOML

leasecalc lease flex.toml --flex >flex.csv
assert_eq "scenario,max_capped_mwh_per_year,capped_mwh_per_year,capped_mwh,discount_usd,payments_usd,value_usd,npv_usd,npv_without_usd,break_even_discount_usd_per_kw_month,break_even_value_usd_per_capped_mwh" \
  "$(head -1 flex.csv)" "flex_clause header"
# Most capped: 0.25 x 20 x 50 = 250 MWh a year; over 120 months 2,000 MWh.
# Discount 20,000 kW x 2 x 120 = 4,800,000; payments 2,000 x 100 = 200,000; value 2,000 x 1,500 =
# 3,000,000; the clause's NPV at 0%: 3,000,000 - 4,800,000 - 200,000 = -2,000,000.
# Without it: rent 2,600,000 x 120 = 312,000,000; power 20 MW x 0.8 x 1.3 x 50 USD x 87,648 h
# (2026-2035, two leap days) = 91,153,920; opex 2,000,000 x 10; capex 200,000,000; residual
# 50,000,000: 312,000,000 - 91,153,920 - 20,000,000 - 200,000,000 + 50,000,000 = 50,846,080.
# Break-evens: (1,500 - 100) x 200 / 12 / 20,000 = 1.1667 USD/kW-month; (480,000 + 20,000) / 200
# = 2,500 USD per capped MWh.
assert_eq "flex,250.0000,200.0000,2000.0000,4800000.00,200000.00,3000000.00,-2000000.00,50846080.00,1.1667,2500.00" \
  "$(sed -n 2p flex.csv)" "the clause's figures"
# The lease with the clause is the lease without it plus the clause: 50,846,080 - 2,000,000.
assert_eq "48846080.00" "$(leasecalc lease flex.toml --summary | sed -n 2p | cut -d, -f2)" "NPV with the clause"
# Its first month: 2,600,000 - 40,000 - 16.6667 x 100 + 16.6667 x 1,500 = 2,583,333.33 revenue.
assert_eq "2583333.33" "$(leasecalc lease flex.toml | sed -n 2p | cut -d, -f4)" "first month's revenue"
# A clause that is not there changes nothing: the file without its flex lines, and with them at 0.
grep -v '^flex_' flex.toml >plain.toml
leasecalc lease plain.toml >plain.csv
sed 's/^flex_\([a-z_]*\) = .*/flex_\1 = 0/' flex.toml >zero.toml
leasecalc lease zero.toml >zero.csv
assert_eq "$(cat plain.csv)" "$(cat zero.csv)" "a clause of zeros is no clause"
assert_eq "50846080.00" "$(leasecalc lease plain.toml --summary | sed -n 2p | cut -d, -f2)" "NPV without the clause"

# Bad terms: file, line and key; 64 from the command line.
assert_exit 64 "--flex without a clause" -- leasecalc lease plain.toml --flex
assert_contains "$T/err" "--flex: the scenario has no flexibility clause" "says why"
assert_exit 64 "--flex with --summary" -- leasecalc lease flex.toml --flex --summary
sed 's/^flex_expected_capped_mwh_per_year = 200/flex_expected_capped_mwh_per_year = 300/' flex.toml >over.toml
assert_exit 65 "more capped than the clause allows" -- leasecalc lease over.toml
assert_contains "$T/err" "over.toml:13: key 'lease.flex_expected_capped_mwh_per_year': more than the clause allows: 25% of 20 MW for 50 hours a year is 250 MWh, got \"300\"" "names the most"
sed 's/^flex_max_cap_pct = 25/flex_max_cap_pct = 0/' flex.toml >nocap.toml
assert_exit 65 "terms without a cap" -- leasecalc lease nocap.toml
assert_contains "$T/err" "nocap.toml:10: key 'lease.flex_hours_per_year': is a term of a flexibility clause, but lease.flex_max_cap_pct is 0" "a term without the cap"
assert_exit 64 "cap above 100% on --set" -- leasecalc lease flex.toml --set lease.flex_max_cap_pct=101
assert_contains "$T/err" "--set lease.flex_max_cap_pct=101: must be at most 100" "cap message"

# allocate split with a capped AI block: half a year (4,380 h) of 20 MW whose tenant pays its
# power, 100 IT MWh capped at 100 USD = 10,000 USD (the block's charges), annualized x 2 like its
# revenue: 200 MWh and 20,000 USD a year.
H=ai_mw,mining_mw,hours,part,kind,power_payer,capacity_mw,ths,energy_mwh,energy_cost_usd,revenue_usd,charges_usd,margin_usd,uptime,hours_curtailed,annual_revenue_usd,annual_energy_cost_usd,annual_charges_usd,annual_margin_usd,capped_mwh,cap_cost_usd
split() {  # split AI_CAPS TOTAL_CAPS
  echo "$H"
  echo "20,20,4380,s21,mining,,20,1000000,80000,2000000.00,5000000.00,0.00,3000000.00,0.9,400,10000000.00,4000000.00,0.00,6000000.00,,"
  echo "20,20,4380,hall-a,ai,tenant,20,,87500,0.00,11388000.00,10000.00,11378000.00,0.998,50,22776000.00,0.00,20000.00,22756000.00,$1"
  echo "20,20,4380,site,site,,1,,4380,100000.00,0.00,0.00,-100000.00,,,0.00,200000.00,0.00,-200000.00,,"
  echo "20,20,4380,total,total,,41,1000000,171880,2100000.00,16388000.00,10000.00,14278000.00,,,32776000.00,4200000.00,20000.00,28556000.00,$2"
}
split 100,10000.00 100,10000.00 >capped.csv
cat >site.toml <<'TOML'
name = "site"
[lease]
construction_months = 0
tranches = 1
flex_max_cap_pct = 25
flex_hours_per_year = 50
flex_usd_per_capped_mwh = 100
TOML
leasecalc compare site.toml --split - <capped.csv >cmp.csv 2>/dev/null
# The AI runs from the start: the candidate's first year is the total's annual margin, the caps'
# 20,000 a year included.
assert_eq "28556000.00" "$(grep '^site/split_ai_20mw,' cmp.csv | cut -d, -f11)" "the split's year, caps' cost in"
# The payment per capped MWh must be the split's 10,000 / 100 = 100.
assert_exit 65 "payment disagrees" -- leasecalc compare site.toml --split capped.csv --set lease.flex_usd_per_capped_mwh=90
assert_contains "$T/err" "capped.csv:3: field 'cap_cost_usd': 10000.00 for 100.0000 capped MWh (100.0000 USD per capped MWh), but the lease pays 90 USD per capped MWh (lease.flex_usd_per_capped_mwh, --set), 9000.00" "names both figures"
grep -v '^flex_' site.toml >noclause.toml
assert_exit 65 "capped split, no clause" -- leasecalc compare noclause.toml --split capped.csv
assert_contains "$T/err" "capped.csv:3: field 'capped_mwh': the split capped the AI block's power by 100.0000 MWh, but the scenario's lease has no flexibility clause" "no clause"
# 200 MWh a year against 0.25 x 20 MW x 30 h = 150.
assert_exit 65 "more capped than the clause allows" -- leasecalc compare site.toml --split capped.csv --set lease.flex_hours_per_year=30
assert_contains "$T/err" "capped.csv:3: field 'capped_mwh': annualized to 200.0000 MWh a year, more than the lease's clause allows the candidate: 25% of 20 MW for 30 hours a year is 150 MWh" "over the clause"
split 100, 100,10000.00 >nocost.csv
assert_exit 65 "capped MWh without their cost" -- leasecalc compare site.toml --split nocost.csv
assert_contains "$T/err" "nocost.csv:3: field 'cap_cost_usd': missing beside capped_mwh 100" "no cost"
# Older records, without the fields: as before without a clause; refused with one.
split , , >older.csv
leasecalc compare noclause.toml --split older.csv >/dev/null 2>&1 || fail "older split records without a clause"
leasecalc compare noclause.toml --split "$HS_TEST_DATA/leasecalc/split.csv" >/dev/null 2>&1 || fail "the older fixture"
assert_exit 65 "clause, split without caps" -- leasecalc compare site.toml --split older.csv
assert_contains "$T/err" "older.csv:5: field 'capped_mwh': the scenario's lease has a flexibility clause" "no caps in the split"
finish
