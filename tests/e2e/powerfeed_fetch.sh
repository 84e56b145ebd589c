#!/usr/bin/env bash
# powerfeed fetch ercot against a local stand-in for the ERCOT Public API (127.0.0.1), serving
# the replies recorded from the live API: the token flow, headers, _meta paging, rows tied on
# the sort key, and the failures: 401/403 and a refused password (the message names the
# variables), missing or exposed credentials, 429 with Retry-After, a page answering 500 once,
# a page missing (404), a truncated page, a page that never comes. Finally every output, message
# and archive file is searched for the fake secrets.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
command -v python3 >/dev/null || exit 77

USER_=fake-user-7f3a91 PASS_=fake-pass-c2e8d4 KEY_=fake-key-5d8e0b
start_server python3 "$HS_SOURCE_DIR/tests/e2e/lib/ercot_api_server.py" "$(dirname "$(shared_data api/ercot/np4-190-cd_dam_spp_HB_HOUSTON_2026-09-04_page1.json)")" "$USER_" "$PASS_" "$KEY_"
export ERCOT_USERNAME=$USER_ ERCOT_PASSWORD=$PASS_ ERCOT_SUBSCRIPTION_KEY=$KEY_
export XDG_CONFIG_HOME=$T/config  # no user's credentials file is read
mkdir -p keep
n=0
# run NAME CODE MODE ARGS...: powerfeed fetch ercot against the server in MODE; keeps its output.
run() {
  local name=$1 code=$2 mode=$3
  shift 3
  assert_exit "$code" "$name" -- powerfeed fetch ercot --base-url "$U/$mode/api/public-reports" \
    --token-url "$U/$mode/token" --from "${FROM:-2026-09-04}" "$@"
  n=$((n + 1))
  cp "$T/out" "keep/$n.out"
  cp "$T/err" "keep/$n.err"
}
DAM="$U/ok/api/public-reports/np4-190-cd/dam_stlmnt_pnt_prices"

# DAM SPP, 2 rows a page as recorded: 12 pages and one token request; HE01..HE04 are the recorded
# prices, in CDT (UTC-5).
run "da-spp" 0 ok --product da-spp --node HB_HOUSTON --page-size 2 --archive a.sqlite
assert_eq 25 "$(wc -l <"$T/out")" "24 DAM hours and a header"
assert_contains "$T/out" "2026-09-04T05:00:00Z,60,ERCOT,da,HB_HOUSTON,,28.76,USD,$DAM,," "HE01"
assert_contains "$T/out" "2026-09-04T06:00:00Z,60,ERCOT,da,HB_HOUSTON,,26.25,USD,$DAM,," "HE02"
assert_contains "$T/out" "2026-09-04T07:00:00Z,60,ERCOT,da,HB_HOUSTON,,25.87," "HE03"
assert_contains "$T/out" "2026-09-04T08:00:00Z,60,ERCOT,da,HB_HOUSTON,,25.98," "HE04"
assert_contains "$T/err" "1 window(s) fetched, 0 from the archive, 13 request(s), 24 new row(s)" "pages + token"
# A reply holding more than the day asked for (here the next day too) is clipped to the day,
# as every other source is: 24 rows, counted as 24 new.
run "two days for one" 0 twoday --product da-spp --node HB_HOUSTON --page-size 24
assert_eq 25 "$(wc -l <"$T/out")" "the day asked for only"
assert_eq "2026-09-04T05:00:00Z 2026-09-05T04:00:00Z" "$(sed -n '2p;$p' "$T/out" | cut -d, -f1 | tr '\n' ' ' | sed 's/ $//')" "from local midnight to local midnight"
assert_contains "$T/err" "24 new row(s)" "counted as asked"
# The fetched day reads back through powerfeed as a complete DAM day (24 intervals, no gaps).
powerfeed check "$T/out" >check.csv
assert_contains check.csv "HB_HOUSTON,,ERCOT,da,2026-09-04,60,24,24,0,true," "powerfeed check: complete"
# The same day again: final in the archive, so nothing is asked.
run "da-spp archived" 0 ok --product da-spp --node HB_HOUSTON --page-size 2 --archive a.sqlite
assert_contains "$T/err" "0 window(s) fetched, 1 from the archive, 0 request(s)" "archive answers"
assert_eq 25 "$(wc -l <"$T/out")" "archived rows emitted"

# RT SPP (49 requests: past ERCOT's 30 a minute, so the limit is lifted here; the limiter has
# its own unit test): the recorded page 1 holds (HE14, 1) and (HE16, 2), out of order; 48 pages.
run "rt-spp" 0 ok --product rt-spp --node HB_HOUSTON --page-size 2 --format jsonl --rate-limit 0
assert_eq 96 "$(wc -l <"$T/out")" "96 quarter hours"
assert_contains "$T/out" '"interval_start":"2026-09-04T18:00:00Z","interval_minutes":15,"iso":"ERCOT","market":"rt","node":"HB_HOUSTON","node_type":"HU","price_per_mwh":28.6' "HE14 i1"
assert_contains "$T/out" '"interval_start":"2026-09-04T20:15:00Z","interval_minutes":15,"iso":"ERCOT","market":"rt","node":"HB_HOUSTON","node_type":"HU","price_per_mwh":41.79' "HE16 i2"
# Ties: page 2 repeats page 1's rows; the count falls short of totalRecords and the window is
# asked again in one page, so nothing is lost or doubled.
run "ties" 0 ties --product rt-spp --node HB_HOUSTON --page-size 2 --rate-limit 0
assert_contains "$T/err" "94 distinct rows of 96; asking again in one page" "ties detected"
assert_eq 96 "$(tail -n +2 "$T/out" | cut -d, -f1 | sort -u | wc -l)" "96 distinct intervals after ties"

# MCPC REGUP as as_price: HE01 0.51, HE02 0.49 $/MW-h as recorded.
run "as-mcpc" 0 ok --product as-mcpc --as-type REGUP --page-size 2 -o mcpc.csv
assert_eq 25 "$(wc -l <mcpc.csv)" "24 REGUP hours"
assert_eq "interval_start,interval_minutes,iso,market,product,area,price_per_mw,currency,source,published_at" \
  "$(head -1 mcpc.csv)" "as_price header"
assert_contains mcpc.csv "2026-09-04T05:00:00Z,60,ERCOT,da,REGUP,,0.51,USD,$U/ok/api/public-reports/np4-188-cd/dam_clear_price_for_cap," "REGUP HE01"
assert_contains mcpc.csv "2026-09-04T06:00:00Z,60,ERCOT,da,REGUP,,0.49,USD," "REGUP HE02"
cp mcpc.csv keep/mcpc.csv

# LMP and load forecast: each recorded as the product's newest row, served as its day's one row.
FROM=2026-09-05 run "lmp" 0 ok --product lmp --node 7RNCHSLR_ALL
assert_eq "2026-09-06T00:25:23Z,5,ERCOT,rt,7RNCHSLR_ALL,,49.88,USD,$U/ok/api/public-reports/np6-788-cd/lmp_node_zone_hub,," \
  "$(tail -n +2 "$T/out")" "SCED 19:25:23 CDT"
FROM=2026-09-12 run "load forecast" 0 ok --product load-forecast
assert_eq "interval_start,interval_minutes,iso,area,forecast_mw,published_at,model,source" "$(head -1 "$T/out")" "load_forecast header"
assert_eq 10 "$(wc -l <"$T/out")" "eight zones and the system total"
assert_contains "$T/out" "2026-09-12T05:00:00Z,60,ERCOT,system,66965.5327,2026-09-05T09:30:00Z,A3,$U/ok/api/public-reports/np3-565-cd/lf_by_model_weather_zone" "systemTotal"
assert_contains "$T/out" "2026-09-12T05:00:00Z,60,ERCOT,farWest,7976.1543,2026-09-05T09:30:00Z,A3," "farWest"

# Credentials refused: 401/403 on data, 400 on the token; exit 77 naming the variables.
run "401" 77 401 --product da-spp --node HB_HOUSTON
assert_contains "$T/err" "HTTP 401: credentials refused; set ERCOT_USERNAME, ERCOT_PASSWORD and ERCOT_SUBSCRIPTION_KEY" "401 message"
run "403" 77 403 --product da-spp --node HB_HOUSTON
assert_contains "$T/err" "HTTP 403: credentials refused; set ERCOT_USERNAME" "403 message"
ERCOT_PASSWORD=wrong-pass-0000 run "bad password" 77 ok --product da-spp --node HB_HOUSTON
assert_contains "$T/err" "/ok/token: HTTP 400: credentials refused; set ERCOT_USERNAME" "token refused"
# No key at all: a usage error naming the variable, before any request.
ERCOT_SUBSCRIPTION_KEY='' run "no key" 64 ok --product da-spp --node HB_HOUSTON
assert_contains "$T/err" "set ERCOT_SUBSCRIPTION_KEY or subscription_key in the [ercot] table" "missing key"
# A credentials file: refused while group or others may read it, used once it is private.
printf '[ercot]\nusername = "%s"\npassword = "%s"\nsubscription_key = "%s"\n' "$USER_" "$PASS_" "$KEY_" >creds.toml
chmod 644 creds.toml
ERCOT_USERNAME='' ERCOT_PASSWORD='' ERCOT_SUBSCRIPTION_KEY='' run "open file" 77 ok --product da-spp --node HB_HOUSTON --credentials creds.toml
assert_contains "$T/err" "creds.toml: credentials file is readable by group or others (mode 0644); refusing to use it: chmod 600" "mode refused"
chmod 600 creds.toml
ERCOT_USERNAME='' ERCOT_PASSWORD='' ERCOT_SUBSCRIPTION_KEY='' run "private file" 0 ok --product da-spp --node HB_HOUSTON --credentials creds.toml
assert_eq 25 "$(wc -l <"$T/out")" "rows with the file's credentials"

# 429 with Retry-After 1 on every page's first try: each retried after 1 s.
run "429" 0 429 --product da-spp --node HB_HOUSTON --page-size 4
assert_contains "$T/err" "HTTP 429; retrying in 1 s" "Retry-After honoured"
assert_eq 25 "$(wc -l <"$T/out")" "rows after 429"
# Page 5 answers 500 once: retried, nothing missing.
run "500 mid" 0 500mid --product da-spp --node HB_HOUSTON --page-size 2
assert_contains "$T/err" "page=5: HTTP 500; retrying in 1 s" "500 retried"
assert_eq 25 "$(wc -l <"$T/out")" "rows after the 500"
# Page 5 missing: a clear error, and the window is not stored half.
run "404 mid" 69 404mid --product da-spp --node HB_HOUSTON --page-size 2 --archive b.sqlite
assert_contains "$T/err" "page=5: HTTP 404" "404 named"
assert_eq 0 "$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from items").fetchone()[0])' b.sqlite)" "no half window"
# A truncated page and a page that never comes.
run "truncated" 65 trunc --product da-spp --node HB_HOUSTON --page-size 2
assert_contains "$T/err" "page=3: truncated body" "truncated named"
run "hang" 69 hang --product da-spp --node HB_HOUSTON --page-size 2 --timeout 2
assert_contains "$T/err" "page=2: timed out after 2 s" "hang ends"

# Tokens: one refused with 401 is renewed once and the request repeated; one that lives 60 s is
# renewed a minute early, so before every request.
run "token expired" 0 expire --product da-spp --node HB_HOUSTON --page-size 2
assert_contains "$T/err" "15 request(s), 24 new row(s)" "one new token, one repeat"
run "short token" 0 shorttoken --product da-spp --node HB_HOUSTON --page-size 2
assert_contains "$T/err" "24 request(s), 24 new row(s)" "a token per page"

# A real-looking id_token is sent as the Bearer value and never shown (searched for below).
run "bearer" 0 secrettoken --product da-spp --node HB_HOUSTON --page-size 2 --archive a.sqlite --refresh 1
assert_contains "$T/err" "1 window(s) fetched, 0 from the archive, 13 request(s), 0 new row(s), 0 revised" "bearer accepted"

# A redirect is not followed with the key and token in its headers.
run "redirect" 69 302 --product da-spp --node HB_HOUSTON
assert_contains "$T/err" "HTTP 302: redirected; not followed with credentials" "redirect refused"

# Bad command lines.
run "unknown product" 64 ok --product nodal --node HB_HOUSTON
assert_contains "$T/err" "unknown product \"nodal\"" "product named"
assert_exit 64 "unknown source" -- powerfeed fetch miso --product da-spp --node X --from 2026-09-04
assert_contains "$T/err" "unknown source \"miso\" (supported: ercot, pjm, entsoe, caiso, isone)" "source named"
run "bad day" 64 ok --product da-spp --node HB_HOUSTON --to 2026-02-30
assert_contains "$T/err" "--to: expected a day YYYY-MM-DD" "day checked"

# No secret anywhere: outputs, messages, archives.
for f in keep/* a.sqlite b.sqlite; do
  for s in "$USER_" "$PASS_" "$KEY_" "fake-id-token-$KEY_"; do
    if grep -qaF -- "$s" "$f"; then fail "secret found in $f"; fi
  done
done
finish
