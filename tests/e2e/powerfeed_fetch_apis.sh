#!/usr/bin/env bash
# powerfeed fetch pjm, entsoe, isone and caiso against local stand-ins serving the replies
# recorded from the live APIs (../shared/data/api): every PJM and ISO-NE row is compared with an
# independent reading of the recorded JSON in Python; ENTSO-E's two DE-LU series (PT60M and
# PT15M) stay apart; an ENTSO-E Acknowledgement and a non-price OASIS zip are clear errors; a
# refused token is exit 77 with its variable, and no secret reaches any output or message.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
command -v python3 >/dev/null || exit 77

PK=fake-pjm-key-3c9a ET=fake-entsoe-token-77d1 IU=fake-isone-user-0b5e IP=fake-isone-pass-e61f
API=$(dirname "$(dirname "$(shared_data api/pjm/da_hrl_lmps_zones_2026-06-09.json)")")  # ../shared/data/api
start_server python3 "$HS_SOURCE_DIR/tests/e2e/lib/market_api_server.py" "$API" "$PK" "$ET" "$IU" "$IP"
export PJM_API_KEY=$PK ENTSOE_TOKEN=$ET ISONE_USERNAME=$IU ISONE_PASSWORD=$IP XDG_CONFIG_HOME=$T/config
mkdir keep
n=0
keep() { n=$((n + 1)); cp "$T/out" "keep/$n.out"; cp "$T/err" "keep/$n.err"; }

# PJM DA hourly LMPs of every zone on 2026-06-09 (EPT day = 04:00Z..04:00Z): all 552 rows.
assert_exit 0 "pjm" -- powerfeed fetch pjm --product da_hrl_lmps --node ZONE --from 2026-06-09 \
  --base-url "$U/pjm/api/v1" --archive pjm.sqlite
keep
assert_contains "$T/out" "2026-06-09T04:00:00Z,60,PJM,da,PJM-RTO,ZONE,31.862345,USD,$U/pjm/api/v1/da_hrl_lmps,," "PJM-RTO HE01"
python3 - "$T/out" "$(shared_data api/pjm/da_hrl_lmps_zones_2026-06-09.json)" <<'PY' || fail "PJM rows differ from the recorded reply"
import csv, json, sys
ours = {(r["interval_start"], r["node"], float(r["price_per_mwh"])) for r in csv.DictReader(open(sys.argv[1]))}
rec = {(i["datetime_beginning_utc"] + "Z", i["pnode_name"], i["total_lmp_da"]) for i in json.load(open(sys.argv[2]))["items"]}
assert len(rec) == 552 and ours == rec, (len(ours), len(rec), sorted(ours ^ rec)[:3])
PY

# In pages of 200 rows: StartRow 1, 201, 401, the same 552 rows.
assert_exit 0 "pjm pages" -- powerfeed fetch pjm --product da_hrl_lmps --node ZONE --from 2026-06-09 \
  --base-url "$U/pjm/api/v1" --page-size 200 -o pages.csv
keep
assert_contains "$T/err" "3 request(s), 552 new row(s)" "three pages"
assert_eq "$(cat keep/1.out)" "$(cat pages.csv)" "paged = one page"

# ENTSO-E DE-LU 2021-01-01 (CET day = 2020-12-31T23:00Z..2021-01-01T23:00Z): the hourly series
# (Sequence 1) and the 15-minute one (Sequence 2) of the same day, apart.
assert_exit 0 "entsoe" -- powerfeed fetch entsoe --product da --node DE-LU --from 2021-01-01 --base-url "$U/entsoe/api"
keep
assert_eq 24 "$(grep -c ',60,ENTSOE,da,DE-LU,Sequence 1,' "$T/out")" "24 hourly prices"
assert_eq 96 "$(grep -c ',15,ENTSOE,da,DE-LU,Sequence 2,' "$T/out")" "96 quarter-hour prices"
assert_contains "$T/out" "2020-12-31T23:00:00Z,60,ENTSOE,da,DE-LU,Sequence 1,50.87,EUR,$U/entsoe/api,," "first hour"
assert_contains "$T/out" "2020-12-31T23:00:00Z,15,ENTSOE,da,DE-LU,Sequence 2,75.83,EUR," "first quarter hour"
assert_contains "$T/out" "2021-01-01T22:45:00Z,15,ENTSOE,da,DE-LU,Sequence 2,37.06,EUR," "last quarter hour"
assert_contains "$T/err" "1 request(s), 120 new row(s)" "one request"
# Spain across the switch to 15-minute MTU, four CEST days (2025-09-29..10-02): every price
# compared with an independent reading of the recorded XML, curveType A03 gaps filled forward.
assert_exit 0 "entsoe es" -- powerfeed fetch entsoe --product da --node ES --from 2025-09-29 --to 2025-10-03 \
  --base-url "$U/entsoe/api"
keep
assert_contains "$T/err" "4 window(s) fetched, 0 from the archive, 4 request(s), 240 new row(s)" "four days"
python3 - "$T/out" "$API"/entsoe/A44_ES_*.xml <<'PY2' || fail "ES prices differ from the recorded XML"
import csv, datetime, re, sys
import xml.etree.ElementTree as ET
ours = {(r["interval_start"], int(r["interval_minutes"]), float(r["price_per_mwh"])) for r in csv.DictReader(open(sys.argv[1]))}
ns = {"m": re.match(r"\{(.*)\}", ET.parse(sys.argv[2]).getroot().tag).group(1)}
rec = set()
for period in ET.parse(sys.argv[2]).getroot().iter("{%s}Period" % ns["m"]):
    start = datetime.datetime.strptime(period.find("m:timeInterval/m:start", ns).text, "%Y-%m-%dT%H:%MZ")
    end = datetime.datetime.strptime(period.find("m:timeInterval/m:end", ns).text, "%Y-%m-%dT%H:%MZ")
    minutes = {"PT60M": 60, "PT15M": 15}[period.find("m:resolution", ns).text]
    pts = {int(p.find("m:position", ns).text): float(p.find("m:price.amount", ns).text) for p in period.findall("m:Point", ns)}
    n = int((end - start).total_seconds() // 60 // minutes)
    price = None
    for pos in range(1, n + 1):
        price = pts.get(pos, price)  # A03: a missing position repeats the previous price
        t = start + datetime.timedelta(minutes=minutes * (pos - 1))
        rec.add((t.strftime("%Y-%m-%dT%H:%M:%SZ"), minutes, price))
assert len(ours) == 240 and ours == rec, (len(ours), len(rec), sorted(ours ^ rec)[:4])
PY2

# A wrong token: 401, exit 77, the variable named, the token shown only as REDACTED.
ENTSOE_TOKEN=wrong-token-5a5a assert_exit 77 "entsoe 401" -- powerfeed fetch entsoe --product da --node DE-LU \
  --from 2021-01-01 --base-url "$U/entsoe/api"
keep
assert_contains "$T/err" "securityToken=REDACTED: HTTP 401: credentials refused; set ENTSOE_TOKEN" "401 message"
if grep -qF wrong-token-5a5a "$T/err"; then fail "token in the message"; fi
# An Acknowledgement (ENTSO-E's "no data", HTTP 200): exit 69 quoting its reason.
assert_exit 69 "entsoe ack" -- powerfeed fetch entsoe --product da --node DE-LU --from 2021-01-01 --base-url "$U/ack/api"
keep
assert_contains "$T/err" "Reason 999: No matching data found for Data item ENERGY_PRICES [12.1.D]" "ack reason"

# ISO-NE metered load, .Z.MAINE on the 2024-11-03 fall-back day: 25 hours, 01:00 twice.
assert_exit 0 "isone" -- powerfeed fetch isone --product rt-demand --node 4001 --from 2024-11-03 \
  --base-url "$U/isone/api/v1.1"
keep
assert_contains "$T/out" "2024-11-03T05:00:00Z,60,ISONE,.Z.MAINE,993.087,2024-11-03T06:00:00Z,actual," "first 01:00 (EDT)"
assert_contains "$T/out" "2024-11-03T06:00:00Z,60,ISONE,.Z.MAINE,987.751,2024-11-03T07:00:00Z,actual," "second 01:00 (EST)"
python3 - "$T/out" "$(shared_data api/isone/realtimehourlydemand_day_20241103_location_4001.json)" <<'PY' || fail "ISO-NE rows differ"
import csv, datetime, json, sys
ours = {(r["interval_start"], float(r["forecast_mw"])) for r in csv.DictReader(open(sys.argv[1]))}
rows = json.load(open(sys.argv[2]))["HourlyRtDemands"]["HourlyRtDemand"]
utc = lambda s: datetime.datetime.fromisoformat(s).astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
rec = {(utc(r["BeginDate"]), r["Load"]) for r in rows}
assert len(rec) == 25 and ours == rec, sorted(ours ^ rec)[:3]
PY
ISONE_PASSWORD=bad-pass-1234 assert_exit 77 "isone 401" -- powerfeed fetch isone --product rt-demand --node 4001 \
  --from 2024-11-03 --base-url "$U/isone/api/v1.1"
keep
assert_contains "$T/err" "HTTP 401: credentials refused; set ISONE_USERNAME and ISONE_PASSWORD" "isone 401 message"

# CAISO: the only recorded OASIS zip is a renewable forecast, not prices: refused as such.
assert_exit 65 "caiso not prices" -- powerfeed fetch caiso --product PRC_LMP --node TH_NP15_GEN-APND --from 2025-02-04 \
  --base-url "$U/caiso/oasisapi/SingleZip" --rate-limit 0
keep
assert_contains "$T/err" "holds query SLD_REN_FCST, not a price query" "OASIS member named"

# An OASIS error zip (HTTP 200, INVALID_REQUEST.xml): exit 69 quoting OASIS's code and text.
assert_exit 69 "caiso error zip" -- powerfeed fetch caiso --product PRC_LMP --node TH_NP15_GEN-APND --from 2025-02-04 \
  --base-url "$U/caiso_err/oasisapi/SingleZip" --rate-limit 0
keep
assert_contains "$T/err" "CAISO OASIS error 1000: No data returned for the specified selection (INVALID_REQUEST.xml)" "OASIS error"

# A missing key stops before any request, naming the variable.
PJM_API_KEY='' assert_exit 64 "no pjm key" -- powerfeed fetch pjm --product da_hrl_lmps --node ZONE --from 2026-06-09 \
  --base-url "$U/pjm/api/v1"
assert_contains "$T/err" "set PJM_API_KEY" "pjm key named"

for f in keep/* pjm.sqlite; do
  for s in "$PK" "$ET" "$IU" "$IP"; do if grep -qaF -- "$s" "$f"; then fail "secret found in $f"; fi; done
done
finish
