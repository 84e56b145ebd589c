#!/usr/bin/env bash
# fleet apply over N simulated LuxOS miners (default 10000) on 127.0.0.1: the wall and CPU
# time of one apply that sleeps half of them (telemetry read of all, logon + curtail +
# logoff to N/2, telemetry read back), with no ramp limit and no settle wait, and of a
# fleet status of all N as the read-only floor.
#
#   bench/fleet_apply.sh [N] [MAX_INFLIGHT]
# Uses build/release or build/ci's fleet, else fleet on PATH (or FLEET=path). The simulator
# (tests/fleet_sim/fleet_sim.py, one python3 asyncio process) answers every connection; on a
# small machine it, not fleet, sets the pace: fleet's own CPU seconds are printed apart.
set -euo pipefail
N=${1:-10000}
INFLIGHT=${2:-512}
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FLEET=${FLEET:-$(b=$(bench_build_dir fleet); [[ -n $b ]] && echo "$b/tools/fleet" || echo fleet)}
W=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/fleet-bench.XXXXXX")
sim_pid=
trap '[[ -n $sim_pid ]] && kill $sim_pid 2>/dev/null; rm -rf "$W"' EXIT
ulimit -n "$(ulimit -Hn)"

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

python3 - "$N" "$W/spec.json" <<'PY'
import json, sys
n = int(sys.argv[1])
ms = [{"id": "m%05d" % i, "class": "s21", "firmware": "luxos", "ths": 200, "watts": 3500 + i % 500, "state": "on"}
      for i in range(n)]
json.dump({"classes": [{"name": "s21", "pue": 1.0}], "machines": ms}, open(sys.argv[2], "w"))
PY
t0=$(now)
python3 "$ROOT/tests/fleet_sim/fleet_sim.py" "$W/spec.json" "$W/inv.toml" >"$W/sim.out" &
sim_pid=$!
until grep -q '^ready' "$W/sim.out" 2>/dev/null; do sleep 0.2; kill -0 $sim_pid; done
echo "simulator: $N machines listening in $(secs "$t0" "$(now)") s"

half=$((N / 2))
printf 'interval_start,class,kind,power_mw,units_on,mode\n2025-04-11T00:00:00Z,s21,mining,%s,%d,full\n' "$(awk -v h="$half" 'BEGIN { print h * 3625 / 1e6 }')" "$half" >"$W/sp.csv"
net=(--inventory "$W/inv.toml" --max-inflight "$INFLIGHT" --connect-timeout 10000 --read-timeout 30000)

t0=$(now)
/usr/bin/time -f "%e %U %S %M" -o "$W/t_status" "$FLEET" status "${net[@]}" --summary -o "$W/status.csv"
status_s=$(secs "$t0" "$(now)")

t0=$(now)
code=0
/usr/bin/time -f "%e %U %S %M" -o "$W/t_apply" "$FLEET" apply "$W/sp.csv" "${net[@]}" --journal "$W/j.db" \
  --ramp 0 --wave-seconds 0 --settle 0 --tolerance 0.5 -o "$W/result.csv" || code=$?
apply_s=$(secs "$t0" "$(now)")
[[ $code == 0 ]] || { echo "fleet apply exited $code" >&2; exit 1; }
acked=$(awk -F, 'NR == 2 { print $7 }' "$W/result.csv")
on=$(awk -F, 'NR == 2 { print $11 }' "$W/result.csv")
[[ $acked == "$half" && $on == "$half" ]] || { echo "unexpected result: $(cat "$W/result.csv")" >&2; exit 1; }

awk -v n="$N" -v half="$half" -v ss="$status_s" -v as="$apply_s" -v inflight="$INFLIGHT" \
  -v sc="$(awk '{ printf "%.2f", $2 + $3 }' "$W/t_status")" -v ac="$(awk '{ printf "%.2f", $2 + $3 }' "$W/t_apply")" \
  -v rss="$(awk '{ printf "%.0f", $4 / 1024 }' "$W/t_apply")" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
  ex_status = 3 * n; ex_apply = 3 * n + 3 * half + 3 * n
  printf "load average at the end: %s\n", load
  printf "fleet status, %d machines (%d exchanges, %d in flight): %.2f s wall, %.2f s fleet CPU, %.0f exchanges/s\n", n, ex_status, inflight, ss, sc, ex_status / ss
  printf "fleet apply, %d machines, %d slept (%d exchanges): %.2f s wall, %.2f s fleet CPU, %.0f exchanges/s, max RSS %d MB\n", n, half, ex_apply, as, ac, ex_apply / as, rss
}'
