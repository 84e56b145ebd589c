#!/usr/bin/env bash
# The shipped loop: examples/hybridsite-loop (the cron wrapper) turns by the wall clock against
# a price feed on disk and ten simulated LuxOS miners on 127.0.0.1; examples/systemd's units
# pass systemd-analyze verify. A fetch that fails, prices gone stale and a turn still running
# each show in the exit status and the log line, and the fail-safe's setpoints reach the fleet;
# a live hashprice fetch (HASHPRICE) reaches allocate now.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
source "$HS_SOURCE_DIR/tests/e2e/lib/fleet.bash"
EX="$HS_SOURCE_DIR/examples"

# The units, with ExecStart pointed at the wrapper in this tree: no error, no warning.
mkdir units
sed "s|/usr/local/bin/hybridsite-loop|$EX/hybridsite-loop|" "$EX/systemd/hybridsite-loop.service" >units/hybridsite-loop.service
cp "$EX/systemd/hybridsite-loop.timer" units/
systemd-analyze verify --man=no units/hybridsite-loop.service units/hybridsite-loop.timer >verify.out 2>&1 ||
  fail "systemd-analyze verify: $(cat verify.out)"
assert_eq "" "$(cat verify.out)" "the units verify without a word"
bash -n "$EX/hybridsite-loop" || fail "the wrapper does not parse"

# Ten s21 asleep; a site of just them (1 MW).
python3 - <<'PY'
import json
ms = [{"id": "m%02d" % i, "class": "s21", "firmware": "luxos", "ths": 200, "watts": 3500, "state": "sleep"} for i in range(10)]
json.dump({"classes": [{"name": "s21", "pue": 1.0}], "machines": ms}, open("spec.json", "w"))
PY
start_fleet_sim spec.json inv.toml
cat >site.toml <<'TOML'
[site]
interconnect_mw = 1
[economics]
hashprice_usd_per_ph_day = 50   # break-even 119.05 $/MWh at 17.5 J/TH
[[mining]]
name = "s21"
units = 10
ths_per_unit = 200
watts_per_unit = 3500
TOML
# Prices of the quarter hours around the wall clock (a day back, a day ahead), all at P.
feed() {
  python3 - "$1" "$2" <<'PY'
import sys, time
price, shift = float(sys.argv[1]), int(sys.argv[2])
q = int(time.time()) // 900 * 900 + shift
print("interval_start,interval_minutes,iso,market,node,price_per_mwh,currency")
for t in range(q - 86400, q + 86400, 900):
    print(time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t)) + ",15,ERCOT,rt,HB_WEST,%.2f,USD" % price)
PY
}
cat >loop.conf <<CONF
FETCH="powerfeed $PWD/feed.csv"
SITE=$PWD/site.toml
INVENTORY=$PWD/inv.toml
STATE_DIR=$PWD/var
FETCH_TIMEOUT=30
APPLY_TIMEOUT=60
APPLY_ARGS=(--ramp 0 --settle 0.3 --connect-timeout 2000 --read-timeout 5000)
CONF
turn() { "$EX/hybridsite-loop" loop.conf 2>>loop.log; }

# 1. A cheap price: all ten woken.
feed 30 0 >feed.csv
got=0; turn || got=$?
assert_eq 0 "$got" "turn 1 exit"
assert_eq "10" "$(sim 'sum(1 for m in d["machines"].values() if m["on"])')" "all ten hashing"
assert_eq "on,price" "$(mlr --icsv --onidx cut -o -f mode,reason var/setpoints.csv | sed 's/full/on/; s/ /,/')" "decided on the price"
assert_contains loop.log "fetch 0, hashprice none, ai draw none, allocate now 0, fleet apply 0" "logged"

# 2. The feed is down (powerfeed: no such file, 66): the last prices are still fresh enough, so
# the decision stands, and the turn's status is the fetch's, not hidden.
mv feed.csv feed.away
got=0; turn || got=$?
assert_eq 66 "$got" "turn 2 exit: the fetch's"
assert_contains loop.log "fetch 66, hashprice none, ai draw none, allocate now 0, fleet apply 0" "logged"

# 3. The feed is back with prices that stop two hours ago: stale, the fail-safe (off) acts and
# reaches the fleet; exit 3.
feed 30 -93600 >feed.csv
got=0; turn || got=$?
assert_eq 3 "$got" "turn 3 exit: the fail-safe acted"
assert_eq "off,stale" "$(mlr --icsv --onidx cut -o -f mode,reason var/setpoints.csv | sed 's/ /,/')" "the fail-safe's setpoint"
assert_eq "0" "$(sim 'sum(1 for m in d["machines"].values() if m["on"])')" "all ten asleep"
assert_contains loop.log "fetch 0, hashprice none, ai draw none, allocate now 3, fleet apply 0" "logged"

# 4. A turn while the previous one still runs: skipped at once with 75.
flock var/loop.lock sleep 3 &
holder=$!
sleep 0.5
got=0; turn || got=$?
assert_eq 75 "$got" "turn 4 exit: busy"
assert_contains loop.log "the previous turn still runs" "logged"
wait "$holder"

# 5. Hashprice live (HASHPRICE: mempool's recorded blocks and price, served on 127.0.0.1): its
# record reaches allocate now, whose setpoints give its age; fresh cheap prices, all ten on.
python3 "$HS_SOURCE_DIR/tests/e2e/lib/bitcoin_api_server.py" "$(dirname "$(shared_data bitcoin/mempool__mainnet_mempoolInfo.json)")" \
  u p "$T/btc_count" >btc_port.txt &
btc_pid=$!
trap 'kill $sim_pid $btc_pid 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 50); do [[ -s btc_port.txt ]] && break; sleep 0.1; done
BU=http://127.0.0.1:$(head -1 btc_port.txt)
feed 30 0 >feed.csv
echo "HASHPRICE=\"powerfeed fetch mempool --base-url $BU/mempool --btc-usd mempool --blocks 8 --retries 0\"" >>loop.conf
echo "METRICS_DIR=$PWD/textfile" >>loop.conf
mkdir textfile
got=0; turn || got=$?
assert_eq 0 "$got" "turn 5 exit"
assert_eq "hybridsite-apply.prom hybridsite-fetch.prom hybridsite-hashprice.prom hybridsite-now.prom" \
  "$(cd textfile && echo *.prom)" "each step's metrics (METRICS_DIR)"
for f in textfile/*.prom; do
  promtool check metrics <"$f" >check.out 2>&1 || fail "promtool check metrics $f: $(cat check.out)"
done
assert_contains loop.log "fetch 0, hashprice 0, ai draw none, allocate now 0, fleet apply 0" "logged"
assert_contains var/hashprice.csv ",107.992552,69880,83126997340024.61,837050," "the live hashprice"
assert_eq "10" "$(sim 'sum(1 for m in d["machines"].values() if m["on"])')" "all ten hashing"
age=$(mlr --icsv --onidx cut -f hashprice_age_s var/setpoints.csv)
((age >= 0 && age < 60)) || fail "hashprice_age_s $age: expected the seconds since this turn's fetch"
# 6. The hashprice API down: the last record is still fresh, the decision stands; the turn's
# status is the hashprice fetch's 69.
sed -i "s|$BU/mempool|$BU/down|" loop.conf
got=0; turn || got=$?
assert_eq 69 "$got" "turn 6 exit: the hashprice fetch's"
assert_contains loop.log "fetch 0, hashprice 69, ai draw none, allocate now 0, fleet apply 0" "logged"
finish
