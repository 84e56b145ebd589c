#!/usr/bin/env bash
# allocate split: candidate AI capacities over a real day; records leasecalc reads.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
D=$HS_TEST_DATA/allocate
HOUSTON=$(cut_data ercot_dam_hb_houston_2025-04-11.csv)  # ERCOT DAM 2025-04-11, HB_HOUSTON
# A day is no year: refused unless told how to annualize it.
assert_exit 65 "a day is not a year" -- allocate split --site "$HS_SOURCE_DIR/examples/site.toml" --ai-mw 0:40:20 -i "$HOUSTON"
assert_contains "$T/err" "the price history is not a year to annualize: no whole month of winter (Dec-Feb), spring (Mar-May), summer (Jun-Aug), autumn (Sep-Nov) (whole months: none; partly covered: 2025-04)" "says why"
assert_contains "$T/err" "--annualize by-month" "says how"
allocate split --site "$HS_SOURCE_DIR/examples/site.toml" --ai-mw 0:40:20 --annualize hours \
  -i "$HOUSTON" >split.csv
# A subcommand's options may come before it, as the tool's own may come after it.
allocate --site "$HS_SOURCE_DIR/examples/site.toml" -i "$HOUSTON" split --ai-mw 0:40:20 --annualize hours >before.csv
cmp -s split.csv before.csv || fail "options before the subcommand: $(diff split.csv before.csv | head -3)"
allocate split --ai-mw 0:40:20 --annualize hours --site "$HS_SOURCE_DIR/examples/site.toml" -i "$HOUSTON" --quiet >after.csv
cmp -s split.csv after.csv || fail "--quiet after the subcommand"
# by-month: the day stands for April (30 days, UTC: the site has no time zone), April for the
# year: day x 720 / 24 x 12 = day x 360, against hours' day x 8760 / 24 = day x 365.
allocate split --site "$HS_SOURCE_DIR/examples/site.toml" --ai-mw 0:40:20 --annualize by-month \
  -i "$HOUSTON" >bymonth.csv
paste -d, split.csv bymonth.csv | awk -F, 'NR > 1 && $19 != 0 { r = $40 / $19; if (r < 360 / 365 - 1e-6 || r > 360 / 365 + 1e-6) exit 1 }' ||
  fail "by-month is 360/365 of hours: $(cut -d, -f19 split.csv bymonth.csv | tr '\n' ' ')"
assert_eq "ai_mw,mining_mw,hours,part,kind,power_payer,capacity_mw,ths,energy_mwh,energy_cost_usd,revenue_usd,charges_usd,margin_usd,uptime,hours_curtailed,annual_revenue_usd,annual_energy_cost_usd,annual_charges_usd,annual_margin_usd,capped_mwh,cap_cost_usd" \
  "$(head -1 split.csv)" "header"
# Three candidates, each: s21, s19xp, s19jpro, hall-a (the first AI block, resized; hall-b is
# left out), site, total.
assert_eq "s21 s19xp s19jpro hall-a site total" "$(awk -F, '$1 == 20 { printf "%s ", $4 }' split.csv | sed 's/ $//')" "parts"
assert_eq 19 "$(wc -l <split.csv)" "three candidates of six rows"
q() { mlr --icsv --onidx filter "$1" then cut -o -f "$2" split.csv; }
# 20 MW IT x pue 1.25 = 25 MW of AI leaves 98.5 - 25 = 73.5 MW for mining (whole units, pro rata).
awk -v m="$(q '$ai_mw == 20 && $kind == "total"' mining_mw)" 'BEGIN { exit !(m <= 73.5 && m >= 73.4) }' || fail "20 MW mining: $(q '$ai_mw == 20 && $kind == "total"' mining_mw)"
assert_eq "24.0000" "$(q '$ai_mw == 0 && $kind == "total"' hours)" "hours"
# The total is its parts: margins to within the cents of rounding, capacity and TH/s exactly.
python3 - <<'PY' || fail "totals are not the sums of their parts"
import csv, collections
rows = list(csv.DictReader(open("split.csv")))
by = collections.defaultdict(list)
for r in rows: by[r["ai_mw"]].append(r)
for ai, rs in by.items():
    parts, total = rs[:-1], rs[-1]
    assert total["kind"] == "total", ai
    assert abs(sum(float(r["annual_margin_usd"]) for r in parts) - float(total["annual_margin_usd"])) <= 0.005 * len(rs), ai
    assert abs(sum(float(r["capacity_mw"]) for r in parts) - float(total["capacity_mw"])) < 1e-3, ai
    assert sum(float(r["ths"] or 0) for r in parts) == float(total["ths"]), ai
PY
# Values, by an independent path: the 20 MW candidate sizes the site's first AI block (hall-a,
# 20 MW IT in examples/site.toml) as it is, so its margin is the margin allocate plan reports
# for hall-a on the same day: the rent, 130 $/kW-month x 20,000 kW x 24 / 730 h = 85,479.45, and
# no energy, which its tenant pays.
allocate plan --site "$HS_SOURCE_DIR/examples/site.toml" -i "$HOUSTON" \
  --summary plan_summary.csv >/dev/null
hall_a=$(mlr --icsv --onidx filter '$scope == "hall-a"' then cut -f margin_usd plan_summary.csv)
assert_eq "85479.45" "$hall_a" "plan's hall-a margin"
assert_eq "$hall_a" "$(q '$ai_mw == 20 && $part == "hall-a"' margin_usd)" "20 MW AI margin = plan's hall-a margin"
assert_eq "tenant,0.00" "$(q '$ai_mw == 20 && $part == "hall-a"' power_payer,energy_cost_usd | tr ' ' ',')" "the tenant pays the energy"
assert_eq "600.0000" "$(q '$ai_mw == 20 && $part == "hall-a"' energy_mwh)" "25 MW drawn for 24 h"
# An AI block's margin is linear in its MW: 40 MW earns twice 20 MW, and 0 MW nothing.
assert_eq "0.00" "$(q '$ai_mw == 0 && $part == "hall-a"' margin_usd)" "0 MW AI margin"
assert_eq "$(awk -v m="$hall_a" 'BEGIN { printf "%.2f", 2 * m }')" "$(q '$ai_mw == 40 && $part == "hall-a"' margin_usd)" "40 MW = 2 x 20 MW"
# Less mining as AI grows: each 20 MW of AI IT takes 25 MW (PUE 1.25) from the mining fleet.
q '$kind == "total"' mining_mw | awk 'NR > 1 { if (prev - $1 < 24.9 || prev - $1 > 25.1) exit 1 } { prev = $1 }' ||
  fail "mining MW steps: $(q '$kind == "total"' mining_mw | tr '\n' ' ')"
finish
