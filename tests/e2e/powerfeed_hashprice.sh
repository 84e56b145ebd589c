#!/usr/bin/env bash
# powerfeed fetch mempool|bitcoind: hashprice live from the Bitcoin network, against stand-ins
# serving replies real systems sent (../shared/data/bitcoin): mempool.space's blocks
# 837043..837050 and USD price of 2024-03-31, Coinbase's recorded ticker, Bitcoin Core's regtest
# getblockstats. The figure is checked against an independent exact reckoning (Python
# fractions); blocks deeper than --refresh come from the archive; a failing exchange is warned
# about while another answers; RPC credentials follow the credentials rules. Then allocate reads
# the records: the same plan as the constant hashprice they give, the age in each setpoint, the
# fail-safe when the hashprice is stale, and a regtest record refused.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
command -v python3 >/dev/null || exit 77
BTC=$(dirname "$(shared_data bitcoin/mempool__mainnet_mempoolInfo.json)")
start_server python3 "$HS_SOURCE_DIR/tests/e2e/lib/bitcoin_api_server.py" "$BTC" rpc-user s3cret-rpc-9f1 "$T/count" 4
export POWERFEED_COINBASE_BASE_URL=$U/coinbase POWERFEED_KRAKEN_BASE_URL=$U/kraken POWERFEED_BITSTAMP_BASE_URL=$U/bitstamp
export XDG_CONFIG_HOME=$T/config HOME=$T
requests() { local n; n=$(wc -l <"$T/count"); : >"$T/count"; echo "$n"; }

# mempool, pages of 4 blocks: /blocks (837050..837047), /blocks/837046 (..837043), /prices.
assert_exit 0 "mempool" -- powerfeed fetch mempool --base-url "$U/mempool" --btc-usd mempool --blocks 8 \
  --archive hp.sqlite
assert_eq 3 "$(requests)" "three requests"
python3 - "$T/out" "$BTC/mempool__mainnet_mempoolInfo.json" <<'PY' || fail "the hashprice differs from an exact reckoning"
import csv, json, sys
from fractions import Fraction
rec = list(csv.DictReader(open(sys.argv[1])))
assert len(rec) == 1, rec
r = rec[0]
init = json.load(open(sys.argv[2]))
blocks = sorted(init["blocks"], key=lambda b: -b["height"])
fees = sum(b["extras"]["totalFees"] for b in blocks) // len(blocks)
subsidy = blocks[0]["extras"]["reward"] - blocks[0]["extras"]["totalFees"]
diff = blocks[0]["difficulty"]
sats = (Fraction(86400 * 10**15 * (subsidy + fees)) / (Fraction(diff) * 2**32)).__floor__()
usd = init["conversions"]["USD"]
want = {"block_height": "837050", "difficulty": repr(diff), "fees_btc_per_block": repr(fees / 1e8),
        "subsidy_btc": "6.25", "blocks": "8", "chain": "main", "btc_usd": str(usd)}
for k, v in want.items():
    assert r[k] == v, (k, r[k], v)
assert sats == 154540, sats
assert abs(float(r["hashprice_usd_per_ph_day"]) - sats / 1e8 * usd) < 1e-9, r["hashprice_usd_per_ph_day"]
PY
assert_contains "$T/out" "; mempool 69880" "the price source named"
cp "$T/out" mempool.csv

# Again: the four newest blocks are read again (--refresh 4), the other four from the archive.
sleep 1
assert_exit 0 "mempool archived" -- powerfeed fetch mempool --base-url "$U/mempool" --btc-usd mempool --blocks 8 \
  --archive hp.sqlite --refresh 4 --from today --format jsonl
assert_eq 2 "$(requests)" "two requests with the archive"
assert_contains "$T/err" "4 block(s) read, 4 from the archive, 2 request(s)" "four blocks from the archive"
assert_eq 2 "$(wc -l <"$T/out")" "--from today: both snapshots"

# Three exchanges: the median (Kraken's 69915.4); Coinbase's recorded price is 5% off: warned.
assert_exit 0 "exchanges" -- powerfeed fetch mempool --base-url "$U/mempool" --blocks 8 \
  --btc-usd coinbase --btc-usd kraken --btc-usd bitstamp
assert_contains "$T/out" ",69915.4,83126997340024.61,837050," "the median price"
assert_contains "$T/out" "; coinbase 73367.8; kraken 69915.4; bitstamp 69902" "each exchange's price"
assert_contains "$T/err" "BTC/USD prices disagree: bitstamp 69902, coinbase 73367.8" "the spread warned about"
requests >/dev/null
# Kraken down: warned, Coinbase's alone; every price source down: exit 69, nothing written.
assert_exit 0 "kraken down" -- env POWERFEED_KRAKEN_BASE_URL="$U/down" powerfeed fetch mempool \
  --base-url "$U/mempool" --blocks 8 --retries 0
assert_contains "$T/err" "BTC/USD from kraken failed: $U/down/0/public/Ticker?pair=XBTUSD: HTTP 503" "kraken's failure"
assert_contains "$T/out" ",73367.8,83126997340024.61," "coinbase alone"
assert_exit 69 "no price" -- env POWERFEED_KRAKEN_BASE_URL="$U/kraken_err" POWERFEED_COINBASE_BASE_URL="$U/down" \
  powerfeed fetch mempool --base-url "$U/mempool" --blocks 8 --retries 0 -o none.csv
assert_contains "$T/err" "Kraken answered: [\"EGeneral:Internal error\"]" "Kraken's own words"
assert_contains "$T/err" "no BTC/USD price: every price source failed" "why"
[[ ! -e none.csv ]] || fail "a failed fetch wrote its output"
requests >/dev/null

# Bitcoin Core over JSON-RPC (regtest): the tip, then getblockstats of 103, 102, 101.
assert_exit 0 "bitcoind" -- env BITCOIND_RPCUSER=rpc-user BITCOIND_RPCPASSWORD=s3cret-rpc-9f1 \
  powerfeed fetch bitcoind --base-url "$U/node" --blocks 3 --btc-usd kraken --archive hp.sqlite
assert_contains "$T/out" ",69915.4,4.656542373906925e-10,103,0.000202,50,3,regtest,bitcoind $U/node; kraken 69915.4" \
  "fees (0 + 3740 + 56860) / 3 = 20200 sat"
assert_eq "rpc getblockchaininfo |rpc getblockstats 101|rpc getblockstats 102|rpc getblockstats 103" \
  "$(grep rpc "$T/count" | sort | paste -sd'|')" "one getblockstats a block"
cp "$T/out" regtest.csv
requests >/dev/null
assert_exit 0 "bitcoind archived" -- env BITCOIND_RPCUSER=rpc-user BITCOIND_RPCPASSWORD=s3cret-rpc-9f1 \
  powerfeed fetch bitcoind --base-url "$U/node" --blocks 3 --btc-usd kraken --archive hp.sqlite --refresh 1
assert_eq "rpc getblockchaininfo |rpc getblockstats 103" "$(grep rpc "$T/count" | sort | paste -sd'|')" \
  "only the tip read again"
# A block the node does not give (100; the recording holds 101..103): the node's own error,
# HTTP 500 with a JSON-RPC error as bitcoind sends it, not retried.
assert_exit 69 "a block the node lacks" -- env BITCOIND_RPCUSER=rpc-user BITCOIND_RPCPASSWORD=s3cret-rpc-9f1 \
  powerfeed fetch bitcoind --base-url "$U/node" --blocks 4 --btc-usd kraken
assert_contains "$T/err" "the node answered error -8: Target block height 100 is not recorded" "the error"
if grep -q retrying "$T/err"; then fail "an RPC error was retried"; fi
requests >/dev/null
# Credentials: a wrong password is 77 and never shown; a cookie others may read is refused.
assert_exit 77 "bad password" -- env BITCOIND_RPCUSER=rpc-user BITCOIND_RPCPASSWORD=wrong-pass-0c2 \
  powerfeed fetch bitcoind --base-url "$U/node" --blocks 3 --btc-usd kraken
assert_contains "$T/err" "HTTP 401: credentials refused; the node refused the RPC credentials" "the hint"
if grep -q "wrong-pass-0c2" "$T/err" "$T/out"; then fail "the password was shown"; fi
printf 'rpc-user:s3cret-rpc-9f1\n' >cookie
chmod 644 cookie
assert_exit 77 "cookie others read" -- powerfeed fetch bitcoind --base-url "$U/node" --rpc-cookie cookie --blocks 1 \
  --btc-usd kraken
assert_contains "$T/err" "cookie: credentials file is readable by group or others (mode 0644)" "refused"
chmod 600 cookie
assert_exit 0 "cookie" -- powerfeed fetch bitcoind --base-url "$U/node" --rpc-cookie cookie --blocks 1 --btc-usd kraken
assert_contains "$T/out" ",103,0.0005686,50,1,regtest," "one block: 56860 sat"
assert_exit 64 "no credentials" -- powerfeed fetch bitcoind --base-url "$U/node" --blocks 1
assert_contains "$T/err" "no RPC credentials: set BITCOIND_RPCUSER" "how to give them"
assert_exit 64 "market options" -- powerfeed fetch mempool --node HB_WEST
assert_exit 64 "hashprice options on a market" -- powerfeed fetch ercot --product rt-spp --from today --btc-usd kraken

# allocate reads the records. A regtest one is no market's.
SITE=$HS_SOURCE_DIR/examples/site.toml
P=$(cut_data ercot_dam_hb_houston_2025-04-11.csv)
assert_exit 65 "regtest refused" -- allocate plan --site "$SITE" --hashprice regtest.csv -i "$P"
assert_contains "$T/err" "regtest.csv:2: field 'chain': expected main" "why"
# The live record, taking effect at the day's start (05:00Z, a CDT day), plans as the constant hashprice it gives.
sed 's/^20[0-9-]*T[0-9:]*Z,/2025-04-11T05:00:00Z,/' mempool.csv >live.csv
hp=$(python3 -c 'import csv,sys; print(next(csv.DictReader(open(sys.argv[1])))["hashprice_usd_per_ph_day"])' live.csv)
python3 - "$SITE" "$hp" >const.toml <<'PY'
import re, sys
text = open(sys.argv[1]).read()
start, end = text.index("[economics]"), text.index("[grid]")
econ = re.sub(r"^(btc_usd|difficulty|block_height|fees_btc_per_block)\b.*\n", "", text[start:end], flags=re.M)
print(text[:start] + econ.replace("[economics]", "[economics]\nhashprice_usd_per_ph_day = " + sys.argv[2]) + text[end:], end="")
PY
assert_exit 0 "plan live" -- allocate plan --site "$SITE" --hashprice live.csv -i "$P" --summary live_sum.csv
mv "$T/out" live_plan.csv
assert_exit 0 "plan constant" -- allocate plan --site const.toml -i "$P" --summary const_sum.csv
assert_eq "$(cat const_sum.csv)" "$(cat live_sum.csv)" "the same summary"
assert_eq "$(cat "$T/out")" "$(cat live_plan.csv)" "the same plan"
# now: the hashprice's age in each setpoint; 7 h old against a 60-minute limit: the fail-safe.
assert_exit 0 "now" -- allocate now --site "$SITE" --hashprice live.csv -i "$P" --at 2025-04-11T05:10:00Z
assert_contains "$T/out" "2025-04-11T05:00:00Z,s21,mining," "decided"
assert_contains "$T/out" ",price,0,600" "hashprice_age_s 600"
sed 's/^\[site\]/[operations]\nmax_hashprice_age_minutes = 60\n\n[site]/' "$SITE" >strict.toml
assert_exit 3 "stale hashprice" -- allocate now --site strict.toml --hashprice live.csv -i "$P" --at 2025-04-11T12:05:00Z
assert_contains "$T/out" "2025-04-11T12:00:00Z,s21,mining,0.0000,0,off,hashprice-stale,0,25500" "fail-safe, with the age"
assert_contains "$T/err" "the newest hashprice in live.csv is 7 h old" "why"
sed 's/^2025-04-11T05:00:00Z,/2025-04-11T13:00:00Z,/' live.csv >later.csv
assert_exit 3 "no hashprice yet" -- allocate now --site "$SITE" --hashprice later.csv -i "$P" --at 2025-04-11T12:05:00Z
assert_contains "$T/out" "2025-04-11T12:00:00Z,s21,mining,0.0000,0,off,hashprice-missing,0," "missing"
finish
