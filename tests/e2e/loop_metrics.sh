#!/usr/bin/env bash
# --metrics on every command cron runs: powerfeed fetch (ERCOT's API stand-in, and hashprice
# from mempool's recorded replies), allocate now, fleet apply and status (simulated miners),
# payout credit and pay. Each file passes promtool check metrics (Debian's prometheus), its
# figures equal the records the same run wrote, a failed fetch still writes its exit status and
# errors, and the Grafana dashboard in examples/ asks only for metrics the tools write.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
source "$HS_SOURCE_DIR/tests/e2e/lib/fleet.bash"
command -v promtool >/dev/null || { echo "promtool missing (scripts/install-deps installs prometheus)" >&2; exit 1; }
python3 - <<'PY'
import json
ms = [{"id": "m%d" % i, "class": "s21", "firmware": "luxos", "ths": 200, "watts": 3500, "state": "sleep"} for i in range(6)]
json.dump({"classes": [{"name": "s21", "pue": 1.0}], "machines": ms}, open("spec.json", "w"))
PY
start_fleet_sim spec.json inv.toml
start_server python3 "$HS_SOURCE_DIR/tests/e2e/lib/ercot_api_server.py" \
  "$(dirname "$(shared_data api/ercot/np6-905-cd_spp_HB_HOUSTON_2026-09-04_page1.json)")" cu cp ck
ERCOT=$U
python3 "$HS_SOURCE_DIR/tests/e2e/lib/bitcoin_api_server.py" "$(dirname "$(shared_data bitcoin/mempool__mainnet_mempoolInfo.json)")" \
  u p "$T/btc_count" >btc_port.txt &
btc_pid=$!
trap 'kill $sim_pid $server $btc_pid 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 50); do [[ -s btc_port.txt ]] && break; sleep 0.1; done
BTC=http://127.0.0.1:$(head -1 btc_port.txt)
export ERCOT_USERNAME=cu ERCOT_PASSWORD=cp ERCOT_SUBSCRIPTION_KEY=ck XDG_CONFIG_HOME=$T/config
mkdir textfile
cat >site.toml <<'TOML'
[site]
name = "metrics-test"
interconnect_mw = 1
[[mining]]
name = "s21"
units = 6
ths_per_unit = 200
watts_per_unit = 3500
TOML
# A full turn, every command with --metrics.
assert_exit 0 "fetch" -- powerfeed fetch ercot --product rt-spp --node HB_HOUSTON --from 2026-09-04 \
  --base-url "$ERCOT/ok/api/public-reports" --token-url "$ERCOT/ok/token" -o prices.csv --metrics textfile/fetch.prom
assert_exit 0 "hashprice" -- powerfeed fetch mempool --base-url "$BTC/mempool" --btc-usd mempool --blocks 8 \
  -o hashprice.csv --metrics textfile/hashprice.prom
sed -i 's/^20[0-9-]*T[0-9:]*Z,/2026-09-04T05:00:00Z,/' hashprice.csv
assert_exit 0 "now" -- allocate now --site site.toml -i prices.csv --hashprice hashprice.csv --at 2026-09-04T12:05:00Z \
  -o sp.csv --metrics textfile/now.prom
assert_exit 0 "apply" -- fleet apply sp.csv --inventory inv.toml --journal fleet.db --ramp 0 --settle 0.1 -o result.csv \
  --metrics textfile/apply.prom
assert_exit 0 "status" -- fleet status --inventory inv.toml --metrics textfile/status.prom
D=$HS_TEST_DATA/payout
assert_exit 0 "credit" -- payout credit --ledger ledger.db --blocks "$D/blocks.csv" --shares "$D/shares.csv" \
  --metrics textfile/credit.prom
assert_exit 0 "pay" -- payout pay --ledger ledger.db --min 300 -o pay.csv --metrics textfile/pay.prom
# A fetch that fails still writes its metrics: the exit status and the errors.
assert_exit 69 "fetch down" -- powerfeed fetch ercot --product rt-spp --node HB_HOUSTON --from 2026-09-04 \
  --base-url "$ERCOT/down/api/public-reports" --token-url http://127.0.0.1:9/token --retries 1 --metrics textfile/fetch_down.prom

for f in textfile/*.prom; do
  promtool check metrics <"$f" >check.out 2>&1 || fail "promtool check metrics $f: $(cat check.out)"
done
payout balances --ledger ledger.db >balances.csv
python3 - "$HS_SOURCE_DIR/examples/grafana/hybridsite-loop.json" <<'PY' || fail "metrics and records differ"
import csv, json, re, sys
def read(name):
    out = {}
    for line in open("textfile/%s.prom" % name):
        if line.startswith("#") or not line.strip():
            continue
        m = re.match(r'(\w+)\{(.*)\} (\S+)$', line.strip())
        labels = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m.group(2)))
        out.setdefault(m.group(1), []).append((labels, float(m.group(3))))
    return out
def one(d, name, **want):
    got = [v for l, v in d[name] if all(l.get(k) == w for k, w in want.items())]
    assert len(got) == 1, (name, want, d.get(name))
    return got[0]
files = {n: read(n) for n in ("fetch", "hashprice", "now", "apply", "status", "credit", "pay", "fetch_down")}
for n, d in files.items():
    assert one(d, "hybridsite_run_exit_code") == (69 if n == "fetch_down" else 0), n
# fetch: the token and one page; the failing one: refused connections counted as errors.
assert one(files["fetch"], "hybridsite_fetch_windows", source="ercot", product="rt-spp") == 1
assert sum(v for _, v in files["fetch"]["hybridsite_http_requests"]) == 2, files["fetch"]["hybridsite_http_requests"]
assert sum(v for _, v in files["fetch"]["hybridsite_http_errors"]) == 0
assert sum(v for _, v in files["fetch_down"]["hybridsite_http_errors"]) == 2, files["fetch_down"]  # two tries
hp = next(csv.DictReader(open("hashprice.csv")))
assert one(files["hashprice"], "hybridsite_hashprice_usd_per_ph_day") == float(hp["hashprice_usd_per_ph_day"])
sp = {r["class"]: r for r in csv.DictReader(open("sp.csv"))}
assert one(files["now"], "hybridsite_setpoint_mw", **{"class": "s21"}) == float(sp["s21"]["power_mw"])
assert one(files["now"], "hybridsite_setpoint_units_on", **{"class": "s21"}) == float(sp["s21"]["units_on"])
assert one(files["now"], "hybridsite_failsafe_active") == 0
assert one(files["now"], "hybridsite_decision_hashprice_age_seconds") == 7 * 3600 + 300
res = next(csv.DictReader(open("result.csv")))
assert one(files["apply"], "hybridsite_fleet_measured_mw", **{"class": "s21"}) == float(res["measured_mw"])
assert one(files["apply"], "hybridsite_fleet_within_tolerance", **{"class": "s21"}) == 1
states = {l["state"]: v for l, v in files["status"]["hybridsite_fleet_machines"]}
assert states["hashing"] == float(sp["s21"]["units_on"]) and sum(states.values()) == 6, states
assert one(files["status"], "hybridsite_fleet_joules_per_th", **{"class": "s21"}) == 17.5
bal = [r for r in csv.DictReader(open("balances.csv")) if not r["account"].startswith(":")]
unpaid = sum(int(r["balance_sats"]) for r in bal)
assert one(files["pay"], "hybridsite_ledger_unpaid_sats") == unpaid, (unpaid, files["pay"]["hybridsite_ledger_unpaid_sats"])
paid = sum(int(r["amount_sats"]) for r in csv.DictReader(open("pay.csv")))
assert one(files["pay"], "hybridsite_payout_batch_sats") == paid and paid > 0
assert one(files["credit"], "hybridsite_ledger_last_block_height") == 101
# The dashboard asks only for what the tools write.
written = set().union(*[set(d) for d in files.values()])
exprs = [t["expr"] for p in json.load(open(sys.argv[1]))["panels"] for t in p["targets"]]
asked = set(re.findall(r"hybridsite_\w+", " ".join(exprs)))
assert asked and asked <= written, sorted(asked - written)
PY
finish
