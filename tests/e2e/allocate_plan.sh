#!/usr/bin/env bash
# allocate plan over a real ERCOT day-ahead day at HB_HOUSTON with the example site.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
D=$HS_TEST_DATA/allocate
HOUSTON=$(cut_data ercot_dam_hb_houston_2025-04-11.csv)  # ERCOT DAM 2025-04-11, HB_HOUSTON
SITE=$HS_SOURCE_DIR/examples/site.toml

allocate plan --site "$SITE" --by-class classes.csv --summary summary.csv <"$HOUSTON" >plan.csv
assert_eq 25 "$(wc -l <plan.csv)" "one dispatch record per hour plus the header"
# 2025-04-12T00:00Z (HE 20 CDT) at 91.41 $/MWh: s19xp (break-even 79.34) and s19jpro (54.60)
# stop; the s21s move to their eco mode, whose step to full earns (200-150) TH/s x 46.79 $/PH/day
# x 0.98 / 24,000 per (3500-2300) W x 1.04 = 76.55 $/MWh, under 91.41 + 4.5. Eco: 8000 units x
# 2300 W x 1.04 = 19.136 MW. AI: 20 x 1.25 + 8 x 1.3 = 35.4 MW; idle 100 - 1.5 - 19.136 - 35.4.
assert_eq "2025-04-12T00:00:00Z,60,91.41,19.1360,35.4000,0.0000,43.9640" \
  "$(grep '^2025-04-12T00:00' plan.csv | cut -d, -f1-7)" "evening peak hour"
assert_eq "2025-04-12T00:00:00Z,s21,mining,eco,8000.000,19.1360" \
  "$(grep '^2025-04-12T00:00:00Z,s21' classes.csv | cut -d, -f1-6)" "s21 in eco mode"
# Cheap hours: everything on. s21 29.12 + s19xp 6000 x 3010 x 1.06 = 19.1436 + s19jpro
# 4000 x 3050 x 1.06 = 12.932 -> 61.1956 MW.
assert_eq "61.1956" "$(grep '^2025-04-11T05:00' plan.csv | cut -d, -f4)" "all miners on at 30.75"
assert_eq "s21,mining,115.31" "$(grep '^s21,' summary.csv | cut -d, -f1,2,11)" "break-even of s21"
assert_eq "site,direct" "$(grep '^site,' summary.csv | cut -d, -f1,14)" "uncoupled: direct solution"
# Hours curtailed: 00:00Z (s19xp, s19jpro off, s21 eco) and 01:00Z (59.61 > 54.60: s19jpro off).
assert_eq "2.0000" "$(grep '^site,' summary.csv | cut -d, -f10)" "hours curtailed"
# The uplift is the plan's margin minus the always-on margin, by the same code.
awk -F, '$1=="site" { d = $8 - $12 - $13; if (d > 0.011 || d < -0.011) exit 1 }' summary.csv || fail "uplift = margin - always-on"

# JSON Lines in, the same plan out.
awk -F, 'NR > 1 { printf "{\"interval_start\":\"%s\",\"interval_minutes\":%s,\"node\":\"%s\",\"price_per_mwh\":%s}\n", $1, $2, $5, $7 }' \
  "$HOUSTON" | allocate --quiet plan --site "$SITE" >plan2.csv
cmp -s plan.csv plan2.csv || fail "JSON Lines input gives the same plan"

# The same day through the LP (forced) gives the same margins.
allocate plan --site "$SITE" --lp --summary lpsum.csv -i "$HOUSTON" >/dev/null
assert_eq "$(grep '^site,' summary.csv | cut -d, -f8)" "$(grep '^site,' lpsum.csv | cut -d, -f8)" "direct margin = LP margin"

# An over-subscribed site is said so: 57.4 MW of mining (14,000 units of 4.1 kW) and 20 MW of
# AI IT at PUE 1.25 (25 MW, firm) on 60 MW: at most 35 MW of mining can ever run.
cat >over.toml <<'TOML'
[site]
interconnect_mw = 60
[economics]
hashprice_usd_per_ph_day = 50
[[mining]]
name = "fleet"
units = 14000
ths_per_unit = 200
watts_per_unit = 4100
[[ai]]
name = "hall"
it_mw = 20
pue = 1.25
lease_usd_per_kw_month = 120
TOML
allocate plan --site over.toml -i "$HOUSTON" --summary over_sum.csv >/dev/null 2>over.err
assert_contains over.err "over.toml: the site is over-subscribed: 57.4 MW of mining and 25.0 MW of AI (facility) on 60.0 MW of interconnect; at most 35.0 MW of mining can ever run beside the firm AI load" "over-subscription warned"
assert_eq "24.0000" "$(grep '^site,' over_sum.csv | cut -d, -f10)" "curtailed every hour"
allocate plan --site "$SITE" -i "$HOUSTON" >/dev/null 2>fits.err
grep -q "over-subscribed" fits.err && fail "the example site fits: $(cat fits.err)"
finish
