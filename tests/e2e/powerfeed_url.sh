#!/usr/bin/env bash
# URL inputs against a local HTTP server on 127.0.0.1 (started and stopped here): a normal
# file, 429 then success, a truncated body, a server that never answers, a zip, an HTML page,
# and the --cache with a conditional request.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
ERCOT_RT_I2=$(shared_data prices/ercot/np6-905-cd_rtm_spp_2025-04-10_he19_i2.csv)
command -v python3 >/dev/null || exit 77

mkdir srv
cp "$ERCOT_RT_I2" srv/rt.csv
(cd srv && python3 -m zipfile -c rt_csv.zip rt.csv)
start_server python3 "$HS_SOURCE_DIR/tests/e2e/lib/powerfeed_server.py" srv
ROW="2025-04-10T23:15:00Z,15,ERCOT,rt,HB_NORTH,HU,"

assert_exit 0 "plain file" -- powerfeed "$U/file/rt.csv" --node HB_NORTH
assert_contains "$T/out" "$ROW" "URL row"
assert_contains "$T/out" ",USD,$U/file/rt.csv" "source is the URL"

assert_exit 0 "429 then success" -- powerfeed "$U/429/rt.csv" --node HB_NORTH
assert_contains "$T/out" "$ROW" "row after retry"
assert_contains "$T/err" "HTTP 429; retrying in 1 s" "Retry-After honoured"

assert_exit 65 "truncated body" -- powerfeed "$U/truncated/rt.csv" --node HB_NORTH
assert_contains "$T/err" "truncated body" "truncated message"

start=$SECONDS
assert_exit 69 "never answers" -- powerfeed "$U/hang" --timeout 2
assert_contains "$T/err" "timed out after 2 s" "timeout message"
((SECONDS - start < 10)) || fail "timeout took $((SECONDS - start)) s"

assert_exit 0 "zip body" -- powerfeed "$U/file/rt_csv.zip" --node HB_NORTH
assert_contains "$T/out" "$ROW" "row from zip"

assert_exit 69 "html page" -- powerfeed "$U/html"
assert_contains "$T/err" "HTML or XML page instead of data" "html message"

# --cache: the second fetch is a conditional request answered 304, served from the cache.
assert_exit 0 "cache fill" -- powerfeed "$U/file/rt.csv" --node HB_NORTH --cache cache
assert_exit 0 "cache hit" -- powerfeed "$U/file/rt.csv" --node HB_NORTH --cache cache
assert_contains "$T/err" "not modified; using the cached copy" "304 used"
assert_contains "$T/out" "$ROW" "row from cache"

assert_exit 69 "refused" -- powerfeed "http://127.0.0.1:1/x.csv" --retries 0
finish
