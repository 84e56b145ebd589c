#!/usr/bin/env bash
# An independent parser reads the dcgm-exporter fixture as fleet does: prometheus_client (in the
# pyasic venv, scripts/pyasic-venv) parses tests/data/fleet/gpu/dcgm_h100x2.prom into the very
# samples its writer recorded in dcgm_h100x2.json, which unit_fleet's [dcgm] tests hold fleet's
# own line parser (lib/fleet/gpu/prometheus.cpp) equal to. Escapes, a NaN and a timestamp included.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
source "$HS_SOURCE_DIR/tests/e2e/lib/fleet.bash"
have_pyasic || { echo "no pyasic venv at $PYASIC_PY: run scripts/pyasic-venv (scripts/install-deps does)" >&2; exit 1; }
"$PYASIC_PY" -c "import prometheus_client" 2>/dev/null ||
  { echo "no prometheus_client in $PYASIC_PY's venv: run scripts/pyasic-venv" >&2; exit 1; }
data="$HS_TEST_DATA/fleet/gpu"
got="$T/got.json"
"$PYASIC_PY" "$HS_SOURCE_DIR/tests/e2e/lib/prom_parse.py" "$data/dcgm_h100x2.prom" >"$got" || fail "prom_parse.py failed"
python3 -c '
import json, sys
want, got = (json.load(open(p)) for p in sys.argv[1:3])
if len(got) != len(want):
    sys.exit(f"{len(got)} samples, want {len(want)}")
for i, (g, w) in enumerate(zip(got, want)):
    if g != w:
        sys.exit(f"sample {i}: got {g}, want {w}")
' "$data/dcgm_h100x2.json" "$got" || fail "prometheus_client's samples differ from the fixture's"
finish
