#!/usr/bin/env bash
# leasecalc on the hand-worked lease (tests/unit/finance/models_test.cpp shows the working):
# cash flows and summary, CSV and table, and the example scenarios of every model.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
D="$HS_TEST_DATA/leasecalc"
E="$HS_SOURCE_DIR/examples"

# Month 0 capex 1.2M; rent 100,000 - opex 1,000 from month 1; 36 monthly rows + header.
leasecalc lease "$D/small.toml" >flows.csv
assert_eq 37 "$(wc -l <flows.csv)" "36 monthly cash_flow rows"
assert_eq "small,2026-01-01T00:00:00Z,2026-02-01T00:00:00Z,0.00,0.00,0.00,1200000.00,0.00,-1200000.00,-1200000.00,-1190325.41" \
  "$(sed -n 2p flows.csv)" "month 0: capex, discounted 31/365 y at 10%"
# Month 24: last rent month (110,000) plus the residual 600,000, less 1,000 opex; sum 1,896,000.
assert_eq "709000.00,1896000.00" "$(sed -n 26p flows.csv | cut -d, -f9,10)" "month 24 net and cumulative"
# NPV 1,542,485.25, payback 1.093 y and MIRR 45.08% as worked in Python (see the unit test).
leasecalc lease "$D/small.toml" --summary >sum.csv
# first_year_margin_usd: months 1-11 of rent at 100,000 (month 0 is construction), no power.
assert_eq "small,1542485.25,1.448617,1.093,1.140,1200000.00,2.5800,3120000.00,0.450767,,1100000.00" "$(sed -n 2p sum.csv)" "lease summary (npv_vs_baseline_usd: compare only)"
# The same flows as JSON Lines read back through mlr agree on the total.
leasecalc lease "$D/small.toml" --format jsonl -o flows.jsonl
assert_eq "1896000" "$(mlr --ijsonl --ojson stats1 -a sum -f net_cash_flow_usd flows.jsonl | grep -o '[0-9.]*' | head -1 | cut -d. -f1)" "jsonl sum of net flows"
# --set overrides the file: twice the MW, twice the NPV (everything scales with MW).
leasecalc lease "$D/small.toml" --summary --set lease.mw=2 >sum2.csv
assert_eq "3084970.50" "$(sed -n 2p sum2.csv | cut -d, -f2)" "lease.mw=2 doubles the NPV"
# Table format: aligned, a header rule, money with cents and its thousands grouped.
leasecalc lease "$D/small.toml" --summary --format table >t.txt
assert_contains t.txt "discounted_payback_years" "table header"
assert_contains t.txt "1,542,485.25" "table NPV, thousands grouped"
# Every example runs and writes a summary.
for m in lease gpu mining; do
  assert_exit 0 "$m example" -- leasecalc "$m" "$E/$m.toml" --summary
  assert_eq 2 "$(wc -l <"$T/out")" "$m example: one summary row"
done
# Mining never pays back in the example: no IRR, said on stderr, empty field.
assert_contains "$T/err" "no IRR" "no-IRR warning"
# A GPU cloud that pays back in weeks: the flows change sign once, so the IRR exists far above
# the usual search range. LibreOffice Calc's XIRR over the same dated flows: 14427.22.
leasecalc gpu --set horizon_years=2 --set gpu.capex_per_gpu=2500 --set gpu.price_per_gpu_hour=3 --summary >fast.csv
assert_eq "14427.22" "$(sed -n 2p fast.csv | cut -d, -f3 | xargs printf '%.2f')" "IRR of 1.44 million percent"
# A start on the 31st: periods end on the months' last days, as EDATE and lease contracts do.
leasecalc gpu --set start=2027-01-31 --set horizon_years=1 >eom.csv
assert_eq "2027-02-28T00:00:00Z 2027-03-31T00:00:00Z 2027-04-30T00:00:00Z" \
  "$(sed -n 2,4p eom.csv | cut -d, -f3 | tr '\n' ' ' | sed 's/ $//')" "month ends clamped"
finish
