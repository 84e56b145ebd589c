#!/usr/bin/env bash
# Benchmark allocate plan against glpsol (GLPK) and the cbc command line on the model that
# --write-lp wrote, for a year of ERCOT-like 15-minute prices (35,040 intervals) with five
# mining classes, two AI blocks, ramp limits and monthly demand charges, and the same coupled
# year at 5 minutes (105,120 intervals); then the uncoupled (direct) path over the 5-minute year.
#
# Prices are real ERCOT day-ahead settlement point prices (2025-04-11, every hub and load
# zone, read in place from ../shared/data/prices/ercot/np4-190-cd_dam_spp_2025-04-11.csv), one
# settlement point's day per calendar day in turn, each hourly price held over its four 15-minute (twelve 5-minute) intervals.
#   usage: bench/allocate.sh [BUILD_DIR]   (default: build/release, else build/ci)
#   PEER_TIMEOUT=s: limit for every solve, ours, glpsol's and cbc's (default 300), so nothing hangs.
# CPU seconds are printed beside wall seconds: other builds on the same cores inflate wall time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/bench/lib.sh"
source "$root/scripts/lib/shared-data.bash"
build=${1:-$(bench_build_dir allocate)}
allocate=$build/tools/allocate
[[ -x $allocate ]] || { echo "allocate not built (looked in ${build:-build/release, build/ci}); pass the build folder" >&2; exit 66; }
peer_timeout=${PEER_TIMEOUT:-300}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dam=$(shared_data prices/ercot/np4-190-cd_dam_spp_2025-04-11.csv) || exit 66

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
echo "host: $(nproc) cores; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

now() { date +%s.%N; }
# timed LABEL TIMEOUT CMD...: runs CMD under a timeout, prints wall and CPU seconds, sets $secs
# (the timeout when it ran out) and $timed_out.
timed() {
  local label=$1 limit=$2
  shift 2
  local t0 t1 rc=0
  t0=$(now)
  /usr/bin/time -f '%U %S' -o "$work/cpu" timeout "$limit" "$@" >"$work/log" 2>&1 || rc=$?
  t1=$(now)
  timed_out=$((rc == 124))
  secs=$(echo "$t1 - $t0" | bc)
  ((timed_out)) && secs=$limit
  local cpu
  cpu=$(awk '{ printf "%.1f", $1 + $2 }' "$work/cpu" 2>/dev/null || echo '?')
  if ((timed_out)); then
    printf '%-58s > %s s (timed out)\n' "$label:" "$limit"
  elif ((rc != 0)); then
    printf '%-58s failed (exit %d): %s\n' "$label:" "$rc" "$(tail -1 "$work/log")"
  else
    printf '%-58s %8.2f s wall, %6s s CPU\n' "$label:" "$secs" "$cpu"
  fi
}
ratio() {  # ratio LABEL PEER_SECS PEER_TIMED_OUT OUR_SECS
  printf '  ratio %s / allocate: %s%.1fx\n' "$1" "$( (($3)) && echo '> ' || true)" "$(echo "$2 / $4" | bc -l)"
}

# coupled STEP LIMIT: allocate plan on the coupled site (timed, no model file), then the model
# written by --write-lp (not timed) solved by glpsol and by cbc (its default, dual simplex, and
# its barrier without crossover, what allocate uses on a model this size) under the same limit.
coupled() {
  local step=$1 limit=$2 csv="$work/year$1.csv"
  echo "== coupled year, $step-minute intervals (5 classes, 2 AI blocks, ramps, monthly demand charges, uptime)"
  timed "allocate plan (CLP; read, solve, write plan)" "$limit" \
    "$allocate" plan --site "$work/site.toml" -i "$csv" --summary "$work/sum$step.csv" -o /dev/null
  local ours=$secs ours_out=$timed_out
  ((ours_out)) && return 0
  echo "  margin $(grep '^site,' "$work/sum$step.csv" | cut -d, -f8) USD ($(grep '^site,' "$work/sum$step.csv" | cut -d, -f14))," \
    "load average now $(cut -d' ' -f1-3 /proc/loadavg)"
  "$allocate" plan --site "$work/site.toml" -i "$csv" -o /dev/null --write-lp "$work/year$step.lp" 2>/dev/null
  echo "  model: $(grep -c . "$work/year$step.lp") lines of LP; objective + constants = minus the margin"
  timed "glpsol --lp" "$limit" glpsol --lp "$work/year$step.lp" -o "$work/glp.txt"
  ((timed_out)) || echo "  glpsol objective $(awk '/^Objective:/ { print $4 }' "$work/glp.txt")"
  ratio glpsol "$secs" "$timed_out" "$ours"
  timed "cbc (command line, default: dual simplex)" "$limit" cbc "$work/year$step.lp" solve quit
  ((timed_out)) || echo "  cbc $(grep -m1 'Optimal - objective value' "$work/log" || echo 'no optimum')"
  ratio cbc "$secs" "$timed_out" "$ours"
  timed "cbc -crossover off -barrier (command line)" "$limit" cbc "$work/year$step.lp" -crossover off -barrier
  ((timed_out)) || echo "  cbc barrier $(grep -m1 'Optimal objective' "$work/log" || echo 'no optimum')"
  ratio 'cbc barrier' "$secs" "$timed_out" "$ours"
}

coupled 15 "$peer_timeout"
coupled 5 "$peer_timeout"

echo "== uncoupled (direct) year of 5-minute intervals"
t0=$(now)
"$allocate" plan --site "$work/uncoupled.toml" -i "$work/year5.csv" -o /dev/null --summary "$work/sum5u.csv"
t1=$(now)
printf 'uncoupled year of 5-min (%s), read+solve+write: %.3f s\n' "$(grep '^site,' "$work/sum5u.csv" | cut -d, -f14)" \
  "$(echo "$t1 - $t0" | bc)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
