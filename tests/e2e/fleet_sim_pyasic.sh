#!/usr/bin/env bash
# The simulator speaks each new family as a third-party client expects: pyasic 0.79.0 reads
# every family's hashrate, power and temperatures equal to the simulator's own state, and its
# commands (Antminer web, Whatsminer API v2 encrypted, Avalon ascset, ePIC) change that state
# (tests/fleet_sim/selfcheck_pyasic.py). Without this, fleet_families.sh would prove only our
# reading of the protocols.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
source "$HS_SOURCE_DIR/tests/e2e/lib/fleet.bash"
have_pyasic || { echo "no pyasic venv at $PYASIC_PY: run scripts/pyasic-venv (scripts/install-deps does)" >&2; exit 1; }
"$PYASIC_PY" "$HS_SOURCE_DIR/tests/fleet_sim/selfcheck_pyasic.py" || fail "pyasic disagrees with the simulator"
finish
