#!/usr/bin/env bash
# compare, sweeps and Monte Carlo on examples/.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
E="$HS_SOURCE_DIR/examples"

leasecalc compare "$E/compare.toml" >cmp.csv 2>/dev/null
assert_eq "site/mining site/ai site/bridge" "$(tail -n +2 cmp.csv | cut -d, -f1 | tr '\n' ' ' | sed 's/ $//')" "three scenarios"
# The AI-only scenario of compare is the lease example itself (same keys): same NPV.
lease_npv=$(leasecalc lease "$E/lease.toml" --summary | sed -n 2p | cut -d, -f2)
assert_eq "$lease_npv" "$(grep '^site/ai,' cmp.csv | cut -d, -f2)" "compare ai = lease NPV"
leasecalc compare "$E/compare.toml" --cash-flows >flows.csv 2>/dev/null
assert_eq $((3 * 180 + 1)) "$(wc -l <flows.csv)" "15 years of months for 3 scenarios"
# Revenue per MW is the horizon's revenue over the MW the scenario occupies: 30 MW of lease
# for ai; the fleet's facility for mining, 2,200,000 TH/s x 17.5 J/TH x 1.05 PUE = 40.425 MW;
# and for bridge the larger of the two, 40.425 MW, which the fleet holds until the lease's
# tranches take it over (leasecalc(1), compare).
for sc in ai:30 mining:40.425 bridge:40.425; do
  want=$(awk -F, -v s="site/${sc%%:*}" -v mw="${sc#*:}" '$1 == s { r += $4 } END { printf "%.2f", r / mw }' flows.csv)
  assert_eq "$want" "$(grep "^site/${sc%%:*}," cmp.csv | cut -d, -f8)" "revenue per MW of ${sc%%:*}"
done
assert_eq "19313303.82" "$(grep '^site/bridge,' cmp.csv | cut -d, -f8)" "bridge: 780,740,307 / 40.425 MW"

# One-key sweep: 3 values x 3 scenarios; two keys: 3 x 2 points on the lease.
leasecalc compare "$E/compare.toml" --sweep mining.btc_price_usd=80000:120000:20000 >sw1.csv 2>/dev/null
assert_eq 10 "$(wc -l <sw1.csv)" "one-key sweep rows"
leasecalc lease "$E/lease.toml" --sweep lease.rate_per_kw_month=110:150:20 --sweep lease.escalator=0:0.03:0.03 >sw2.csv
assert_eq 7 "$(wc -l <sw2.csv)" "two-key sweep rows"
# The sweep point at the file's own values equals the plain run.
assert_eq "$lease_npv" "$(grep ',lease.rate_per_kw_month,130,lease.escalator,0.03,' sw2.csv | cut -d, -f6)" \
  "sweep point at the scenario's values"
# Higher rent, higher NPV, at each escalator.
npvs=$(awk -F, 'NR>1 && $5==0 {print $6}' sw2.csv | tr '\n' ' ')
read -r a b c <<<"$npvs"
assert_eq 1 "$(awk -v a="$a" -v b="$b" -v c="$c" 'BEGIN{print (a<b && b<c)}')" "NPV rises with rent"

# Monte Carlo: seeded, reproducible, percentiles ordered.
leasecalc compare "$E/compare.toml" --monte-carlo 2000 --seed 7 >mc1.csv
leasecalc compare "$E/compare.toml" --monte-carlo 2000 --seed 7 >mc2.csv
leasecalc compare "$E/compare.toml" --monte-carlo 2000 --seed 8 >mc3.csv
assert_eq "$(cat mc1.csv)" "$(cat mc2.csv)" "same seed, same figures"
if cmp -s mc1.csv mc3.csv; then fail "another seed gives other figures"; fi
assert_eq 1 "$(awk -F, 'NR==2 {print ($4<=$5 && $5<=$6 && $9>=0 && $9<=1)}' mc1.csv)" "P10 <= P50 <= P90, probability in [0,1]"
assert_eq "$lease_npv" "$(sed -n 2p mc1.csv | cut -d, -f8)" "Monte Carlo lease NPV"

# Beside each summary, its NPV against the all-mining scenario's (--baseline another).
assert_eq "0.00" "$(grep '^site/mining,' cmp.csv | cut -d, -f10)" "baseline against itself"
# (from the unrounded NPVs: within a cent of the difference of the printed ones)
for sc in ai bridge; do
  awk -F, -v s="site/$sc" '$1 == "site/mining" { m = $2 } $1 == s { v = $2; d = $10 }
    END { e = d - (v - m); exit !(e < 0.011 && e > -0.011) }' cmp.csv || fail "$sc against mining: $(grep "^site/$sc," cmp.csv)"
done
leasecalc compare "$E/compare.toml" --baseline site/ai >vs_ai.csv 2>/dev/null
assert_eq "0.00" "$(grep '^site/ai,' vs_ai.csv | cut -d, -f10)" "--baseline site/ai"
assert_exit 64 "unknown baseline" -- leasecalc compare "$E/compare.toml" --baseline site/nope
assert_contains "$T/err" 'no scenario "site/nope" (scenarios: site/mining, site/ai, site/bridge)' "names the scenarios"
# Monte Carlo does not silently drop split scenarios: refused.
assert_exit 64 "split with Monte Carlo" -- leasecalc compare "$E/compare.toml" --split "$HS_TEST_DATA/leasecalc/split.csv" --monte-carlo 100
assert_contains "$T/err" "--split and --monte-carlo cannot be combined" "says why"
# An owned fleet is not bought again: the first fleet's 2,200,000 TH/s x 15 $ = 33,000,000 $ at
# month 0, dated 2026-02-01 (31 days) and discounted at 10%: 33e6 / 1.1^(31/365) = 32,733,948.65
# more NPV for mining (no tax in this scenario), and the same for the bridge that buys it.
leasecalc compare "$E/compare.toml" --set mining.owned=1 >owned.csv 2>/dev/null
for sc in mining bridge; do
  paste -d, cmp.csv owned.csv | awk -F, -v s="site/$sc" '$1 == s { e = $13 - $2 - 32733948.65; exit !(e < 0.011 && e > -0.011) }' ||
    fail "owned $sc: $(grep "^site/$sc," cmp.csv owned.csv | cut -d, -f1,2)"
done
assert_eq "$(grep '^site/ai,' cmp.csv | cut -d, -f2)" "$(grep '^site/ai,' owned.csv | cut -d, -f2)" "owned: ai unchanged"
finish
