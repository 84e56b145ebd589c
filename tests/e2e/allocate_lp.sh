#!/usr/bin/env bash
# --write-lp writes the exact model: glpsol and the cbc command line find our objective.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
D=$HS_TEST_DATA/allocate
HOUSTON=$(cut_data ercot_dam_hb_houston_2025-04-11.csv)  # ERCOT DAM 2025-04-11, HB_HOUSTON
# ramp_site.toml has ramp limits, a demand charge and an uptime commitment, and no constant
# terms, so the model's minimum is exactly minus the plan's margin.
allocate plan --site "$D/ramp_site.toml" -i "$HOUSTON" --write-lp model.lp \
  --summary s.csv >/dev/null
margin=$(grep '^site,' s.csv | cut -d, -f8)
assert_eq "site,clp" "$(grep '^site,' s.csv | cut -d, -f1,14)" "coupled model: CLP"
[[ -s model.lp ]] || fail "model written"
checked=0
if command -v glpsol >/dev/null; then
  glpsol --lp model.lp -o g.txt >/dev/null
  g=$(awk '/^Objective:/ { printf "%.2f", -$4 }' g.txt)
  assert_eq "$margin" "$g" "glpsol objective"
  checked=1
fi
if command -v cbc >/dev/null; then
  c=$(cbc model.lp solve quit 2>&1 | awk '/^Optimal - objective value/ { printf "%.2f", -$5 }')
  assert_eq "$margin" "$c" "cbc objective"
  checked=1
fi
# The barrier's model (the monthly peak as a running maximum) has the same optimum: glpsol on it
# finds the margin of the plan solved by dual simplex above.
if command -v glpsol >/dev/null; then
  allocate plan --site "$D/ramp_site.toml" -i "$HOUSTON" --lp-method barrier \
    --write-lp barrier.lp --summary sb.csv >/dev/null
  glpsol --lp barrier.lp -o gb.txt >/dev/null
  assert_eq "$margin" "$(awk '/^Objective:/ { printf "%.2f", -$4 }' gb.txt)" "glpsol on the barrier's model"
  assert_eq "$margin" "$(grep '^site,' sb.csv | cut -d, -f8)" "barrier margin"
  grep -q 'peakrun' barrier.lp || fail "running-maximum rows in the barrier's model"
fi
allocate plan --site "$D/ramp_site.toml" -i "$HOUSTON" --write-lp model.mps >/dev/null
head -1 model.mps | grep -q '^NAME' || fail "MPS written for .mps"
((checked)) || exit 77
finish
