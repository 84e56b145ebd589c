# Helpers for fleet's end-to-end tests (source after common.bash).
SIM="$HS_SOURCE_DIR/tests/fleet_sim"

# start_fleet_sim SPEC INVENTORY: starts the miner simulator on 127.0.0.1, which writes
# the inventory with the ports it bound; sets SIM_CTL (its control port); stops it on exit.
start_fleet_sim() {
  "${SIM_PY:-python3}" "$SIM/fleet_sim.py" "$1" "$2" >"$T/sim.out" 2>"$T/sim.err" &
  sim_pid=$!
  trap 'kill $sim_pid 2>/dev/null; rm -rf "$T"' EXIT
  for _ in $(seq 600); do grep -q '^ready' "$T/sim.out" 2>/dev/null && break; sleep 0.1; done
  SIM_CTL=$(awk '/^ready/ {print $2}' "$T/sim.out")
  [[ -n $SIM_CTL ]] || { echo "simulator did not start: $(cat "$T/sim.err")" >&2; exit 1; }
}

# sim EXPR: a Python expression over d, the simulator's dump (machines by id: on, watts,
# ths, profile, log of control commands; the new families add temp_c, and mode, power_limit,
# frequency or web_port where they have one; total_watts).
sim() { python3 "$SIM/sim_query.py" "$SIM_CTL" dump "$1"; }

# field FILE CLASS NAME: one field of the CSV record whose class column is CLASS.
field() {
  python3 - "$@" <<'PY'
import csv, sys
path, cls, name = sys.argv[1:4]
rows = [r for r in csv.DictReader(open(path)) if r["class"] == cls]
print(rows[0][name] if rows else "")
PY
}

# pyasic_read INVENTORY [ID...]: pyasic's reading of each machine, one JSON line each
# (machine, firmware, ths, watts, temp_c, mining); needs the venv of scripts/pyasic-venv.
PYASIC_PY="${HYBRIDSITE_PYASIC_VENV:-/opt/hybridsite/pyasic-venv}/bin/python"
have_pyasic() { [[ -x $PYASIC_PY ]]; }
pyasic_read() { "$PYASIC_PY" "$HS_SOURCE_DIR/tests/e2e/lib/pyasic_read.py" "$@"; }
