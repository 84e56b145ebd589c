#!/usr/bin/env bash
# fleet status against pyasic, reading the same simulated fleet in the same run: N machines
# (default 10000) on 127.0.0.1, a fifth each of stock Antminer, Whatsminer, Avalon, ePIC and
# Bitaxe (tests/fleet_sim), read once by `fleet status` and once by pyasic 0.79.0
# (tests/e2e/lib/pyasic_read.py: each machine's pyasic class, get_data(), at most 512 at a time
# as fleet's --max-inflight). Prints both wall times, fleet's CPU seconds, and the ratio.
#
#   bench/fleet_status_pyasic.sh [N]
# Needs scripts/pyasic-venv. The simulator is one Python asyncio process and sets the pace on a
# small machine for both clients; pyasic also asks each machine for more (its web pages, pools,
# version), which is part of what is compared: the cost of a full read by each.
set -euo pipefail
N=${1:-10000}
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FLEET=${FLEET:-$(b=$(bench_build_dir fleet); [[ -n $b ]] && echo "$b/tools/fleet" || echo fleet)}
PY="${HYBRIDSITE_PYASIC_VENV:-/opt/hybridsite/pyasic-venv}/bin/python"
[[ -x $PY ]] || { echo "no pyasic venv: run scripts/pyasic-venv" >&2; exit 69; }
W=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/fleet-pyasic.XXXXXX")
sim_pid=
trap '[[ -n $sim_pid ]] && kill $sim_pid 2>/dev/null; rm -rf "$W"' EXIT
ulimit -n "$(ulimit -Hn)"
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

python3 - "$N" "$W/spec.json" <<'PY'
import json, sys
n = int(sys.argv[1])
fams = [("antminer", 95, 3250), ("whatsminer", 100, 3400), ("avalon", 90, 3420), ("epic", 110, 3300), ("bitaxe", 0.5, 15)]
ms = []
for i in range(n):
    fw, ths, w = fams[i % len(fams)]
    m = {"id": "m%05d" % i, "class": "mixed", "firmware": fw, "ths": ths, "watts": w, "state": "on"}
    if fw == "whatsminer":
        m["escape_quirk"] = False  # pyasic cannot read the \\' quirk: it would read nothing
    ms.append(m)
json.dump({"classes": [{"name": "mixed", "pue": 1.0}], "machines": ms}, open(sys.argv[2], "w"))
PY
t0=$(now)
"$PY" "$ROOT/tests/fleet_sim/fleet_sim.py" "$W/spec.json" "$W/inv.toml" >"$W/sim.out" &
sim_pid=$!
until grep -q '^ready' "$W/sim.out" 2>/dev/null; do sleep 0.2; kill -0 $sim_pid; done
echo "simulator: $N machines listening in $(secs "$t0" "$(now)") s"

t0=$(now)
/usr/bin/time -f "%U %S" -o "$W/cpu" "$FLEET" status --inventory "$W/inv.toml" --max-inflight 512 \
  --connect-timeout 10000 --read-timeout 30000 --retries 0 -o "$W/fleet.csv"
fleet_s=$(secs "$t0" "$(now)")
fleet_cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$W/cpu")
fleet_ok=$(awk -F, 'NR > 1 && $5 == "hashing"' "$W/fleet.csv" | wc -l)

t0=$(now)
"$PY" "$ROOT/tests/e2e/lib/pyasic_read.py" "$W/inv.toml" >"$W/pyasic.jsonl"
pyasic_s=$(secs "$t0" "$(now)")
pyasic_ok=$(python3 -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l)["ths"] is not None))' "$W/pyasic.jsonl")

printf '%-28s %10s %10s %14s\n' "client" "wall s" "read" "machines/s"
printf '%-28s %10s %10s %14s\n' "fleet status (ours)" "$fleet_s" "$fleet_ok/$N" "$(awk -v n="$N" -v s="$fleet_s" 'BEGIN { printf "%.0f", n / s }')"
printf '%-28s %10s %10s %14s\n' "pyasic 0.79.0 get_data" "$pyasic_s" "$pyasic_ok/$N" "$(awk -v n="$N" -v s="$pyasic_s" 'BEGIN { printf "%.0f", n / s }')"
echo "fleet CPU: $fleet_cpu s"
echo "ratio (pyasic wall / fleet wall): $(awk -v a="$pyasic_s" -v b="$fleet_s" 'BEGIN { printf "%.1f", a / b }')"
