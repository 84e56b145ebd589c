#!/usr/bin/env bash
# allocate replay and now --horizon on a hand-worked case: a 10 MW block (break-even 50 $/MWh)
# with a 60-minute minimum on time, 15-minute prices 100, 40, 100, 100, 100, 20, 20, 20, 20.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
xlsx=$(shared_data prices/ercot/np6-785-er_rtm_spp_2025-03.xlsx)
cat >site.toml <<'TOML'
[site]
interconnect_mw = 100
[economics]
hashprice_usd_per_ph_day = 12
[[mining]]
name = "a"
units = 10000
ths_per_unit = 100
watts_per_unit = 1000
min_on_minutes = 60
TOML
hdr='interval_start,interval_minutes,node,price_per_mwh,published_at'
prices=(100 40 100 100 100 20 20 20 20)
ts() { date -u -d "@$(($(date -u -d 2025-04-01T00:00:00Z +%s) + $1 * 900))" +%Y-%m-%dT%H:%M:%SZ; }
{
  echo "$hdr"
  for i in "${!prices[@]}"; do echo "$(ts "$i"),15,HB,${prices[$i]},"; done
  # A perfect forecast of t1..t8 published an hour before t0.
  for i in 1 2 3 4 5 6 7 8; do echo "$(ts "$i"),15,HB,${prices[$i]},2025-03-31T23:00:00Z"; done
} >book.csv

# Worked by hand (per interval at price p a 10 MW block earns (50 - p) x 2.5 $):
#  myopic: off at 100, on at 40 and held on by the minimum time through three intervals at 100,
#    on at 20: 25 - 3 x 125 + 4 x 75 = -50; energy 20 MWh, revenue 1000, cost 1050.
#  rolling (24 h over the forecast): at t1 a start would commit t1..t4 (25 - 375), waiting for
#    t5 earns 4 x 75: off until t5: 300; perfect foresight the same.
allocate replay --site site.toml -i book.csv --summary sum.csv -o dec.csv
assert_eq "rolling,2.25,10.00,500.00,200.00,0.00,0.00,300.00,1.0000,1.25,,,," "$(grep ^rolling sum.csv)" "rolling summary"
assert_eq "myopic,2.25,20.00,1000.00,1050.00,0.00,0.00,-50.00,-0.1667,0.25,,,," "$(grep ^myopic sum.csv)" "myopic summary"
assert_eq "perfect,2.25,10.00,500.00,200.00,0.00,0.00,300.00,1.0000,1.25,,,," "$(grep ^perfect sum.csv)" "perfect summary"
assert_eq "2025-04-01T00:15:00Z,15,40,8,2025-03-31T23:00:00Z,0.0000,0.0000,0.00,10.0000,25.00,0.0000,0.00,0.0000" \
  "$(grep '^2025-04-01T00:15' dec.csv)" "decision at t1"
assert_eq 10 "$(wc -l <dec.csv)" "a record per interval"

# No look-ahead: a (wrong) forecast published at t2 of price 0 from t3 on leaves the decisions
# at t0 and t1 as they were.
{
  echo "$hdr"
  for i in 3 4 5 6 7 8; do echo "$(ts "$i"),15,HB,0,$(ts 2)"; done
} >late.csv
allocate replay --site site.toml -i book.csv --forecast late.csv -o dec2.csv --summary sum2.csv
assert_eq "$(sed -n 2,3p dec.csv)" "$(sed -n 2,3p dec2.csv)" "decisions before the late forecast"
[[ "$(sed -n 4p dec.csv)" != "$(sed -n 4p dec2.csv)" ]] || fail "the late forecast changes the decision at t2"

# now --horizon from cron: t0 at 100 (off), then t1 at 40 with the forecast: off; the myopic
# rule turns on.
printf '%s\n%s,15,HB,100,\n' "$hdr" "$(ts 0)" >p0.csv
printf '%s\n%s,15,HB,40,\n' "$hdr" "$(ts 1)" >p1.csv
grep 2025-03-31T23 book.csv | sed "1i $hdr" >fc.csv
allocate now --site site.toml --state st.json --horizon 24h --forecast fc.csv --at "$(ts 0)" -o sp.csv <p0.csv
allocate now --site site.toml --state st.json --horizon 24h --forecast fc.csv --at "$(ts 1)" -o sp.csv <p1.csv
assert_eq "$(ts 1),a,mining,0.0000,0,off,forecast,0,," "$(sed -n 2p sp.csv)" "rolling setpoint at t1"
cp st.json st1.json
allocate now --site site.toml --state st.json --horizon 24h --forecast fc.csv --at "$(ts 1)" -o sp.csv <p1.csv
cmp -s st.json st1.json || fail "repeat run gives the same state"
allocate now --site site.toml --state my.json --at "$(ts 0)" -o sp.csv <p0.csv
allocate now --site site.toml --state my.json --at "$(ts 1)" -o sp.csv <p1.csv
assert_eq "$(ts 1),a,mining,10.0000,10000,full,price,0,," "$(sed -n 2p sp.csv)" "myopic setpoint at t1"

# The rolling window's model, solved again by glpsol and cbc: at t1 (off since t0, prices 40,
# then 100 x 3 and 20 x 4 forecast) the best is off until t5: 4 x 75 = 300, on_a_0 = 0.
cp st1.json st2.json
allocate now --site site.toml --state st2.json --horizon 24h --forecast fc.csv --at "$(ts 1)" --write-lp win.lp -o /dev/null <p1.csv
if command -v glpsol >/dev/null; then
  glpsol --lp win.lp -o gw.txt >/dev/null
  assert_eq "-300.00" "$(awk '/^Objective:/ { printf "%.2f", $4 }' gw.txt)" "glpsol on the rolling window"
  assert_eq "0" "$(awk '$2 == "on_a_0" { print $4 }' gw.txt)" "glpsol keeps the block off at t1"
fi
if command -v cbc >/dev/null; then
  assert_eq "-300.00" "$(cbc win.lp solve quit 2>&1 | awk '/^Objective value:/ { printf "%.2f", $3 }')" "cbc on the rolling window"
fi
assert_exit 64 "--write-lp without --horizon" -- allocate now --site site.toml --write-lp x.lp -i p1.csv
assert_exit 64 "a bad horizon" -- allocate now --site site.toml --horizon 15x -i p1.csv
assert_exit 64 "--forecast without --horizon" -- allocate now --site site.toml --forecast fc.csv -i p1.csv
assert_exit 64 "a bad naive-forecast time" -- allocate replay --site site.toml --naive-forecast 25:00 -i book.csv

# Real data: ERCOT's March 2025 real-time prices at the Houston hub (1,436 intervals in the
# file), the naive forecast published at 10:00 Chicago time. Perfect foresight is allocate plan's
# margin to the cent, and neither the rolling decisions nor the myopic rule beat it.
powerfeed "$xlsx" --node HB_HOUSTON -o mar.csv
rsite=$HS_TEST_DATA/allocate/replay_site.toml
allocate replay --site "$rsite" -i mar.csv --naive-forecast 10:00 --summary msum.csv -o mdec.csv
allocate plan --site "$rsite" -i mar.csv --summary psum.csv >/dev/null
assert_eq 1437 "$(wc -l <mdec.csv)" "a decision per interval"
assert_eq "$(awk -F, '$1=="site" {print $8}' psum.csv)" "$(awk -F, '$1=="perfect" {print $8}' msum.csv)" "perfect foresight = plan"
awk -F, 'NR > 1 { m[$1] = $8 } END { exit !(m["rolling"] <= m["perfect"] && m["myopic"] <= m["perfect"]) }' msum.csv ||
  fail "nothing beats perfect foresight: $(cat msum.csv)"
# With a perfect forecast (every actual price, published a month before) the rolling decisions
# are perfect foresight to the cent: the rolling window, its start conditions and the month's
# demand charge weighting lose nothing over 24 h horizons on this site.
awk -F, -v OFS=, 'NR == 1 { print; next } { $11 = "2025-02-01T00:00:00Z"; print }' mar.csv >perfect_fc.csv
allocate replay --site "$rsite" -i mar.csv --forecast perfect_fc.csv --summary psum2.csv -o /dev/null
assert_eq "$(awk -F, '$1=="perfect" {print $8}' psum2.csv)" "$(awk -F, '$1=="rolling" {print $8}' psum2.csv)" \
  "rolling with a perfect forecast = perfect foresight"
# No decision used a vintage published after it.
awk -F, 'NR > 1 && $5 != "" && $5 > $1 { bad++ } END { exit bad > 0 }' mdec.csv || fail "a decision used a later forecast"
finish
