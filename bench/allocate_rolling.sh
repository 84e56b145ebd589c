#!/usr/bin/env bash
# Benchmark rolling-horizon decisions: allocate replay over a year of 15-minute prices (35,040
# decisions), each re-planning 24 h ahead (96 intervals) with the LP and committing the first,
# against the cron interval they must fit in (15 minutes). The site has couplings that make
# every window an LP: a ramp limit, a demand charge and a battery.
#
# Prices are real ERCOT real-time settlement point prices, the Houston hub in March 2025
# (../shared/data/prices/ercot/np6-785-er_rtm_spp_2025-03.xlsx via powerfeed, 1,436 intervals), laid
# end to end from 2025-01-01 to fill the year; the forecast is replay's naive one (published
# 10:00 Chicago time the day before). Perfect foresight (allocate plan over the year) is timed on
# its own and taken off the replay's time, which leaves the rolling decisions and the myopic rule.
#   usage: bench/allocate_rolling.sh [BUILD_DIR]   (default: build/release, else build/ci)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/bench/lib.sh"
source "$root/scripts/lib/shared-data.bash"
build=${1:-$(bench_build_dir allocate)}
allocate=$build/tools/allocate
powerfeed=$build/tools/powerfeed
[[ -x $allocate && -x $powerfeed ]] || { echo "allocate and powerfeed not built (looked in ${build:-build/release, build/ci}); pass the build folder" >&2; exit 66; }
xlsx=$(shared_data prices/ercot/np6-785-er_rtm_spp_2025-03.xlsx) || exit 66
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$powerfeed" -q "$xlsx" --node HB_HOUSTON -o "$work/mar.csv"
awk -F, 'NR > 1 { p[n++] = $7 }
  END {
    print "interval_start,interval_minutes,node,price_per_mwh"
    t = 1735689600  # 2025-01-01T00:00:00Z
    for (i = 0; i < 35040; i++) { printf "%s,15,BENCH,%s\n", strftime("%Y-%m-%dT%H:%M:%SZ", t, 1), p[i % n]; t += 900 }
  }' "$work/mar.csv" >"$work/year.csv"

sed -e 's/^ramp_mw_per_minute = 0 .*/ramp_mw_per_minute = 2/' \
    -e 's/^demand_charge_usd_per_kw_month = 0 .*/demand_charge_usd_per_kw_month = 5/' \
    "$root/examples/site.toml" >"$work/site.toml"
cat >>"$work/site.toml" <<'TOML'

[[storage]]
name = "bess"
energy_mwh = 20
power_mw = 10
round_trip_efficiency = 0.85
degradation_usd_per_mwh = 5
TOML

seconds() { local s e; s=$(date +%s.%N); "$@"; e=$(date +%s.%N); echo "$e - $s" | bc; }
echo "allocate replay: 35,040 decisions (15-minute intervals, 2025), 24 h horizon, $(nproc) cores" >&2
t_plan=$(seconds "$allocate" plan --site "$work/site.toml" -i "$work/year.csv" --summary "$work/plan.csv" -o /dev/null)
t_replay=$(seconds "$allocate" replay --site "$work/site.toml" -i "$work/year.csv" --naive-forecast 10:00 --horizon 24h \
  --summary "$work/sum.csv" --format table -o /dev/null)
per_ms=$(echo "scale=3; ($t_replay - $t_plan) * 1000 / 35040" | bc)
printf 'perfect foresight (plan over the year): %.1f s\n' "$t_plan"
printf 'replay total: %.1f s; rolling decisions and myopic rule: %.1f s, %s ms per decision (cron interval: 900,000 ms)\n' \
  "$t_replay" "$(echo "$t_replay - $t_plan" | bc)" "$per_ms"
cat "$work/sum.csv"
