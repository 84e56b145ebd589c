#!/usr/bin/env bash
# The AI hall in the loop on a real price history: ERCOT's real-time prices at HB_HOUSTON,
# 1-15 March 2025 (read in place), replayed three ways on one site so the margin from the
# hall's measured headroom and from its flexibility clause show apart:
#   contract: the hall counted at its contracted 10 MW IT (13 MW facility);
#   measured: its measured draw (ai_draw records, as fleet status --ai writes them);
#   flexible: measured, and a clause capping up to 25 % for 2 h a day, 4 events a month.
# The margin table is printed (the closing note quotes it); the checks hold the headroom to
# the interconnect arithmetic and the caps to the clause.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
xlsx=$(shared_data prices/ercot/np6-785-er_rtm_spp_2025-03.xlsx)
powerfeed "$xlsx" --node HB_HOUSTON >prices.csv

# 40 MW interconnect; 8,000 S21-class units of 3.5 kW x PUE 1.05 = 29.4 MW of mining
# (break-even at hashprice 40: 200 TH/s x 40 / 1000 / 24 = 0.3333 $/h per 3.675 kW =
# 90.70 $/MWh); a 10 MW IT hall at PUE 1.3 with 1 MW kept free above its measured draw.
cat >site.toml <<'TOML'
[site]
name = "houston-hybrid"
interconnect_mw = 40
timezone = "America/Chicago"
[economics]
hashprice_usd_per_ph_day = 40
[[mining]]
name = "s21"
units = 8000
ths_per_unit = 200
watts_per_unit = 3500
pue = 1.05
[[ai]]
name = "hall"
it_mw = 10
pue = 1.3
lease_usd_per_kw_month = 130
measured_margin_mw = 1
TOML
# The clause: a capped IT MWh costs 150 $ (so a cap pays above 150 / 1.3 = 115.38 $/MWh).
{ cat site.toml; printf 'flex_max_cap_pct = 25\nflex_hours_per_day = 2\nflex_events_per_month = 4\nflex_cost_usd_per_mwh = 150\n'; } >flex.toml
{ cat flex.toml; echo 'flex_notice_minutes = 30'; } >notice.toml

# The hall's draw, hourly: 7.0 MW IT from midnight to 8:00 Houston time, 8.5 MW by day (a
# shape chosen here: no recording of a hall's draw exists in ../shared/data).
python3 - <<'PY'
from datetime import datetime, timedelta, timezone
t = datetime(2025, 2, 28, tzinfo=timezone.utc)
with open("draw.csv", "w") as f:
    f.write("measured_at,block,servers,reachable,capped,it_mw,uncapped_it_mw,limit_mw,gpu_temp_c,inlet_temp_c\n")
    while t < datetime(2025, 4, 1, tzinfo=timezone.utc):
        mw = 7.0 if (t - timedelta(hours=6)).hour < 8 else 8.5
        f.write(f"{t:%Y-%m-%dT%H:%M:%SZ},hall,80,80,0,{mw},{mw},,,\n")
        t += timedelta(hours=1)
PY

replay() {  # replay NAME SITE [ARGS...]: decisions in NAME.csv, totals in NAME.sum.csv
  local name=$1 site=$2
  shift 2
  allocate replay --site "$site" -i prices.csv --naive-forecast 10:00 --summary "$name.sum.csv" "$@" >"$name.csv" 2>/dev/null
}
replay contract site.toml
replay measured site.toml --ai-draw draw.csv
replay flexible flex.toml --ai-draw draw.csv
replay notice notice.toml --ai-draw draw.csv
margin() { mlr --icsv --onidx filter "\$strategy == \"$2\"" then cut -f margin_usd "$1.sum.csv"; }

echo "margin over $(mlr --icsv --onidx filter '$strategy == "rolling"' then cut -f hours contract.sum.csv) h (USD):"
printf '%-28s %14s %14s %14s\n' case rolling myopic perfect
for c in contract measured flexible notice; do
  printf '%-28s %14s %14s %14s\n' "$c" "$(margin $c rolling)" "$(margin $c myopic)" "$(margin $c perfect)"
done
gain() { python3 -c "print(f'{$(margin "$2" "$3") - $(margin "$1" "$3"):.2f}')"; }
for s in rolling myopic perfect; do
  echo "$s: from headroom $(gain contract measured $s), from flexibility $(gain measured flexible $s)"
done

# Headroom, by the interconnect: contracted, mining has 40 - 13 = 27 MW at most; measured at
# 8.5 MW IT by day it has 40 - 11.05 - 1 = 27.95 MW, and at night (7.0: 9.1 MW) all 29.4 MW.
assert_eq "27" "$(mlr --icsv --onidx stats1 -a max -f mining_mw contract.csv)" "contract: mining's most"
assert_eq "27.9500" "$(mlr --icsv --onidx filter '$interval_start == "2025-03-03T18:00:00Z"' then cut -f mining_mw measured.csv)" \
  "measured by day (noon in Houston, 33 $/MWh)"
assert_eq "29.4000" "$(mlr --icsv --onidx filter '$interval_start == "2025-03-03T08:00:00Z"' then cut -f mining_mw measured.csv)" \
  "measured at night (2:00 in Houston)"
python3 - <<'PY' || fail "headroom gains"
import csv
m = {r["strategy"]: float(r["margin_usd"]) for r in csv.DictReader(open("contract.sum.csv"))}
h = {r["strategy"]: float(r["margin_usd"]) for r in csv.DictReader(open("measured.sum.csv"))}
f = {r["strategy"]: float(r["margin_usd"]) for r in csv.DictReader(open("flexible.sum.csv"))}
for s in ("rolling", "myopic", "perfect"):
    assert h[s] > m[s], (s, "headroom", h[s], m[s])
    assert f[s] >= h[s] - 0.005 if s != "myopic" else f[s] == h[s], (s, "flexibility", f[s], h[s])
PY

# The caps keep to the clause: only where mining is off, at most 25 % of the draw, 2 h per
# Houston day, 4 events in the month; the summary's counts are those of the decisions.
python3 - <<'PY' || fail "caps within the clause"
import csv
from datetime import datetime, timedelta
rows = list(csv.DictReader(open("flexible.csv")))
days, events, was, mwh = {}, 0, False, 0.0
for r in rows:
    cap = float(r["ai_capped_mw"])
    t = datetime.strptime(r["interval_start"], "%Y-%m-%dT%H:%M:%SZ")
    local = t - timedelta(hours=6 if t < datetime(2025, 3, 9, 8) else 5)  # CST, then CDT from 9 March
    draw = 7.0 if local.hour < 8 else 8.5
    if cap > 1e-6:
        assert float(r["mining_mw"]) == 0, ("capped while mining", r)
        assert cap <= 0.25 * draw + 1e-6, ("cap over 25 %", r)
        assert float(r["price_per_mwh"]) * 1.3 > 150, ("a cap that does not pay", r)
        days[local.date()] = days.get(local.date(), 0) + int(r["interval_minutes"]) / 60
        events += not was
        mwh += cap * int(r["interval_minutes"]) / 60
    was = cap > 1e-6
assert events >= 1, "no cap at all: the history has spikes above 115.38 $/MWh with mining off"
assert max(days.values()) <= 2 + 1e-9, days
assert events <= 4, events
s = {r["strategy"]: r for r in csv.DictReader(open("flexible.sum.csv"))}["rolling"]
assert int(s["cap_events"]) == events, (s["cap_events"], events)
assert abs(float(s["hours_capped"]) - sum(days.values())) < 0.005, (s["hours_capped"], days)
assert abs(float(s["capped_mwh"]) - mwh) < 0.0005, (s["capped_mwh"], mwh)
assert abs(float(s["cap_cost_usd"]) - 150 * mwh) < 0.01, (s["cap_cost_usd"], mwh)
PY
# With 30 minutes' notice the rolling decisions see no spike coming (the naive forecast repeats
# yesterday's prices): no event begins, so the clause earns nothing there. Perfect foresight
# gives the notice.
assert_eq "0" "$(mlr --icsv --onidx filter '$strategy == "rolling"' then cut -f cap_events notice.sum.csv)" \
  "notice: rolling decisions announce nothing"
assert_eq "$(margin measured rolling)" "$(margin notice rolling)" "notice: rolling margin as without a clause"

# allocate now with the hall's reading: a fresh one gives the headroom, a stale one does not.
# The rule runs whole units of 3.675 kW: 27.95 MW is 7,605 of them (27.9484 MW), 27 MW 7,346.
at=2025-03-03T18:05:00Z
allocate now --site site.toml -i prices.csv --ai-draw draw.csv --at "$at" >now.csv 2>now.err || true
assert_eq "27.9484 7605" "$(mlr --icsv --onidx filter '$class == "s21"' then cut -f power_mw,units_on now.csv | tr '\n' ' ' | sed 's/ $//')" "now: measured headroom"
assert_eq "11.0500" "$(mlr --icsv --onidx filter '$class == "hall"' then cut -f power_mw now.csv)" "now: the hall at its draw"
head -1 draw.csv >old.csv
grep '2025-03-03T10:00:00Z' draw.csv >>old.csv
allocate now --site site.toml -i prices.csv --ai-draw old.csv --at "$at" >stale.csv 2>stale.err || true
assert_contains stale.err "old (the site allows 15 min): its contracted 10 MW IT stands" "now: stale reading warned"
assert_eq "26.9965 7346" "$(mlr --icsv --onidx filter '$class == "s21"' then cut -f power_mw,units_on stale.csv | tr '\n' ' ' | sed 's/ $//')" "now: stale: the contract"
# A reading of a block the site does not have is refused, naming the file, line and field.
sed 's/,hall,/,hall-z,/' old.csv >bad.csv
assert_exit 65 "unknown block" -- allocate now --site site.toml -i prices.csv --ai-draw bad.csv --at "$at"
assert_contains "$T/err" "bad.csv:2: field 'block': expected an [[ai]] block of the site file" "unknown block: where"

# split values the clause, and leasecalc prices the lease with it from split's figures: its
# first-year margin is allocate's annual margin, caps' cost included, to the cent.
allocate split --site flex.toml -i prices.csv --ai-mw 10:10:1 --annualize hours >split.csv 2>/dev/null
hall_caps=$(mlr --icsv --onidx filter '$kind == "ai"' then cut -o -f capped_mwh,cap_cost_usd,charges_usd split.csv | tr '\n' ' ' | sed 's/ $//')
python3 - "$hall_caps" <<'PY' || fail "split: the hall's caps cost 150 $ per capped MWh, in its charges: $hall_caps"
import sys
mwh, cost, charges = map(float, sys.argv[1].split())
assert mwh > 0 and abs(cost - 150 * mwh) < 0.01 and cost == charges
PY
lease=(--set lease.construction_months=0 --set lease.tranches=1 --set lease.power_payer=landlord)
clause=(--set lease.flex_max_cap_pct=25 --set lease.flex_hours_per_year=730 --set lease.flex_usd_per_capped_mwh=150)
leasecalc compare "$HS_SOURCE_DIR/examples/compare.toml" --split split.csv "${lease[@]}" "${clause[@]}" >cmp.csv 2>/dev/null
assert_eq "$(mlr --icsv --onidx filter '$kind == "total"' then cut -f annual_margin_usd split.csv)" \
  "$(mlr --icsv --onidx filter 'is_present($scenario) && $scenario =~ "/split_"' then cut -f first_year_margin_usd cmp.csv)" \
  "leasecalc's first year = allocate's annual margin with the caps"
# A lease without the clause, or paying another price per capped MWh, refuses the split's caps.
assert_exit 65 "no clause" -- leasecalc compare "$HS_SOURCE_DIR/examples/compare.toml" --split split.csv "${lease[@]}"
assert_contains "$T/err" "field 'capped_mwh'" "no clause: the field named"
assert_exit 65 "another price" -- leasecalc compare "$HS_SOURCE_DIR/examples/compare.toml" --split split.csv "${lease[@]}" \
  "${clause[@]}" --set lease.flex_usd_per_capped_mwh=100
assert_contains "$T/err" "field 'cap_cost_usd'" "another price: the field named"

exit $((failures > 0))
