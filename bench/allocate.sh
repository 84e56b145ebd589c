#!/usr/bin/env bash
# Benchmark allocate plan against glpsol (GLPK) and the cbc command line on the model that
# --write-lp wrote, for a year of ERCOT-like 15-minute prices (35,040 intervals) with five
# mining classes, two AI blocks, ramp limits and monthly demand charges; then the uncoupled
# (direct) path over a year of 5-minute prices (105,120 intervals).
#
# Prices are real ERCOT day-ahead settlement point prices (2025-04-11, every hub and load
# zone in /work/shared/data or tests/data), one settlement point's day per calendar day in
# turn, each hourly price held over its four 15-minute (twelve 5-minute) intervals.
#   usage: bench/allocate.sh [BUILD_DIR]   (default build/allocate); GLPSOL_TIMEOUT=s (60, also for cbc)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/allocate}
allocate=$build/tools/allocate
glpsol_timeout=${GLPSOL_TIMEOUT:-60}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dam=/work/shared/data/prices/ercot/np4-190-cd_dam_spp_2025-04-11.csv
[[ -r $dam ]] || { echo "needs $dam" >&2; exit 77; }

make_year() {  # minutes -> price records on stdout
  awk -F, -v step="$1" '
    NR > 1 && ($3 ~ /^(HB|LZ)_/) { gsub(/ /, "", $4); n = split($2, hm, ":"); h = hm[1] - 1
      if (!($3 in seen)) { seen[$3] = 1; pts[++np] = $3 } price[$3, h] = $4 }
    END {
      print "interval_start,interval_minutes,node,price_per_mwh"
      t = 1735689600  # 2025-01-01T00:00:00Z
      per_hour = 60 / step
      for (d = 0; d < 365; d++) { p = pts[d % np + 1]
        for (h = 0; h < 24; h++) for (q = 0; q < per_hour; q++) {
          printf "%s,%d,BENCH,%s\n", strftime("%Y-%m-%dT%H:%M:%SZ", t, 1), step, price[p, h]; t += step * 60 } }
    }' "$dam"
}

cat >"$work/site.toml" <<'TOML'
[site]
name = "bench"
interconnect_mw = 200
aux_mw = 2
timezone = "America/Chicago"
[economics]
hashprice_usd_per_ph_day = 48
pool_fee = 0.02
[grid]
adder_usd_per_mwh = 4.5
demand_charge_usd_per_kw_month = 9
[[mining]]
name = "s21"
units = 10000
ths_per_unit = 200
watts_per_unit = 3500
ramp_mw_per_minute = 1
  [[mining.modes]]
  name = "eco"
  ths_per_unit = 150
  watts_per_unit = 2300
[[mining]]
name = "s19xp"
units = 8000
ths_per_unit = 140
j_per_th = 21.5
ramp_mw_per_minute = 1
[[mining]]
name = "s19kpro"
units = 6000
ths_per_unit = 120
j_per_th = 23
ramp_mw_per_minute = 0.8
[[mining]]
name = "s19jpro"
units = 6000
ths_per_unit = 100
watts_per_unit = 3050
ramp_mw_per_minute = 0.6
[[mining]]
name = "s19"
units = 5000
ths_per_unit = 95
watts_per_unit = 3250
ramp_mw_per_minute = 0.5
[[ai]]
name = "hall-a"
it_mw = 30
pue = 1.25
lease_usd_per_kw_month = 130
[[ai]]
name = "hall-b"
it_mw = 15
pue = 1.3
firm = false
revenue_usd_per_mwh = 90
uptime = 0.9
TOML
sed -e '/ramp_mw_per_minute/d' -e '/demand_charge/d' -e '/uptime/d' "$work/site.toml" >"$work/uncoupled.toml"

make_year 15 >"$work/year15.csv"
make_year 5 >"$work/year5.csv"
echo "prices: $(($(wc -l <"$work/year15.csv") - 1)) x 15 min, $(($(wc -l <"$work/year5.csv") - 1)) x 5 min"

now() { date +%s.%N; }
t0=$(now)
"$allocate" plan --site "$work/site.toml" -i "$work/year15.csv" --summary "$work/sum.csv" -o "$work/plan.csv" \
  --write-lp "$work/year.lp"
t1=$(now)
ours=$(echo "$t1 - $t0" | bc)
echo "model: $(grep -c . "$work/year.lp") lines LP; our margin $(grep '^site,' "$work/sum.csv" | cut -d, -f8) USD ($(grep '^site,' "$work/sum.csv" | cut -d, -f14))"
printf 'allocate plan (CLP; read, write model, solve, write plan): %.2f s\n' "$ours"

t0=$(now)
glp_rc=0
timeout "$glpsol_timeout" glpsol --lp "$work/year.lp" -o "$work/glp.txt" >"$work/glp.log" 2>&1 || glp_rc=$?
t1=$(now)
if ((glp_rc == 124)); then
  echo "glpsol --lp: > $glpsol_timeout s (timed out)"
  glp=$glpsol_timeout
else
  glp=$(echo "$t1 - $t0" | bc)
  printf 'glpsol --lp: %.2f s, objective %s\n' "$glp" "$(awk '/^Objective:/ { print $4 }' "$work/glp.txt")"
fi
printf 'ratio glpsol / allocate: %s%.1fx\n' "$( ((glp_rc == 124)) && echo '> ' || true)" "$(echo "$glp / $ours" | bc -l)"

t0=$(now)
cbc_rc=0
timeout "$glpsol_timeout" cbc "$work/year.lp" solve quit >"$work/cbc.log" 2>&1 || cbc_rc=$?
t1=$(now)
cbc=$(echo "$t1 - $t0" | bc)
printf 'cbc (command line): %.2f s%s, %s\n' "$cbc" "$( ((cbc_rc == 124)) && echo ' (timed out)' || true)" \
  "$(grep -m1 'Optimal - objective value' "$work/cbc.log" || echo 'no optimum')"
printf 'ratio cbc / allocate: %s%.1fx\n' "$( ((cbc_rc == 124)) && echo '> ' || true)" "$(echo "$cbc / $ours" | bc -l)"

t0=$(now)
"$allocate" plan --site "$work/uncoupled.toml" -i "$work/year5.csv" -o /dev/null --summary "$work/sum5.csv"
t1=$(now)
printf 'uncoupled year of 5-min (%s), read+solve+write: %.3f s\n' "$(grep '^site,' "$work/sum5.csv" | cut -d, -f14)" \
  "$(echo "$t1 - $t0" | bc)"
