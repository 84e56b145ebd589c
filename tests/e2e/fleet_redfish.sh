#!/usr/bin/env bash
# GPU servers over Redfish: fleet status --servers and --ai read DMTF's two mockups (read in
# place from shared/data/redfish) through our BMC simulator over https, verified by a CA file,
# by a pinned key, or both, with session and basic auth; a wrong CA and a wrong pin are errors
# naming why. fleet apply caps the AI blocks' servers (Power's LimitInWatts and a power
# Control's SetPoint, each read back), and each failure stays with its server: refused (the
# BMC's own message), out-of-range (not sent), not-following, unreachable, no limit to set. A
# rerun of the same setpoints sends nothing again (a failure is final, a cap in force is
# unchanged); cap_pct 0 clears the limits.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
source "$HS_SOURCE_DIR/tests/e2e/lib/fleet.bash"
LS=$(dirname "$(shared_data redfish/public-localstorage/index.json)")
NIC=$(dirname "$(shared_data redfish/public-smartnic/index.json)")

# The BMCs' certificate, made now; other.pem is a CA that did not sign it.
mkcert() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$1.key" -out "$1.pem" \
    -days 2 -subj "/CN=bmc" -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
}
mkcert bmc
mkcert other
PIN="sha256//$(openssl x509 -in bmc.pem -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64)"
BADPIN="sha256//$(openssl x509 -in other.pem -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64)"

cat >spec.json <<EOF
{"cert": "$T/bmc.pem", "key": "$T/bmc.key", "username": "admin", "password": "s3cret",
 "servers": [
  {"name": "ls",      "mockup": "$LS",  "tls": true,  "auth": "session", "settle_s": 0.3, "require_etag": true},
  {"name": "ctl",     "mockup": "$NIC", "tls": true,  "auth": "session", "settle_s": 0.3, "control": {"min": 200, "max": 700}, "require_etag": true},
  {"name": "nic",     "mockup": "$NIC", "tls": true,  "auth": "basic", "gpu_temp_c": 71, "inlet_temp_c": 24},
  {"name": "refuser", "mockup": "$LS",  "tls": false, "auth": "session", "refuse": "Power limiting is disabled by the site policy."},
  {"name": "never",   "mockup": "$LS",  "tls": false, "auth": "basic", "settle_s": null},
  {"name": "narrow",  "mockup": "$LS",  "tls": false, "auth": "session"},
  {"name": "wrongca", "mockup": "$LS",  "tls": true,  "auth": "session"},
  {"name": "badpin",  "mockup": "$LS",  "tls": true,  "auth": "session"}
 ]}
EOF
python3 "$SIM/redfish_sim.py" spec.json ports.json >sim.out 2>sim.err &
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 100); do grep -q '^ready' sim.out 2>/dev/null && break; sleep 0.1; done
grep -q '^ready' sim.out || { echo "simulator did not start: $(cat sim.err)" >&2; exit 1; }
declare -A PORT=()
while read -r name p; do PORT[$name]=$p; done < <(python3 -c "import json; [print(k, v) for k, v in json.load(open('ports.json')).items()]")
port() { echo "${PORT[$1]}"; }
CTL=${PORT[control]}
# A port nothing listens on: bound, then closed.
DEAD=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1]); s.close()")

cat >inv.toml <<EOF
[[server]]
id = "ls"
address = "127.0.0.1:$(port ls)"
block = "hall-a"
watts = 400
ca_file = "bmc.pem"          # relative to the inventory

[[server]]
id = "ctl"
address = "127.0.0.1:$(port ctl)"
block = "hall-a"
watts = 2000
ca_file = "$T/bmc.pem"
pinned_key = "$PIN"

[[server]]
id = "nic"
address = "127.0.0.1:$(port nic)"
block = "hall-b"
watts = 2000
auth = "basic"
pinned_key = "$PIN"

[[server]]
id = "refuser"
address = "127.0.0.1:$(port refuser)"
block = "hall-b"
watts = 1000
scheme = "http"

[[server]]
id = "never"
address = "127.0.0.1:$(port never)"
block = "hall-b"
watts = 400
scheme = "http"
auth = "basic"

[[server]]
id = "narrow"
address = "127.0.0.1:$(port narrow)"
block = "hall-b"
watts = 400
scheme = "http"
limit_min_watts = 350

[[server]]
id = "dead"
address = "127.0.0.1:$DEAD"
block = "hall-b"
watts = 1500
scheme = "http"

[[server]]
id = "wrongca"
address = "127.0.0.1:$(port wrongca)"
block = "hall-c"
watts = 1000
ca_file = "other.pem"

[[server]]
id = "badpin"
address = "127.0.0.1:$(port badpin)"
block = "hall-c"
watts = 1000
pinned_key = "$BADPIN"
EOF
printf '[redfish]\nusername = "admin"\npassword = "s3cret"\n' >cred.toml
chmod 600 cred.toml
# state EXPR...: each Python expression over d, the simulator's state, one per line (one python).
state() {
  python3 -c "import json,sys,urllib.request; d=json.load(urllib.request.urlopen('http://127.0.0.1:$CTL/state'))
for e in sys.argv[1:]: print(eval(e))" "$@"
}
# get FILE KEYFIELD KEY FIELD: one field of the CSV row whose KEYFIELD is KEY (each file is read
# once, by one python, into an array: a python start per check would double the test's time).
declare -A ROWS=() LOADED=()
get() {
  if [[ -z ${LOADED[$1]:-} ]]; then
    eval "$(python3 - "$1" "$2" <<'PY'
import csv, shlex, sys
path, kf = sys.argv[1:3]
for r in csv.DictReader(open(path)):
    for k, v in r.items():
        print("ROWS[%s]=%s" % (shlex.quote(path + "|" + r[kf] + "|" + k), shlex.quote(v)))
PY
)"
    LOADED[$1]=1
  fi
  local k="$1|$3|$4"
  if [[ -v ROWS[$k] ]]; then printf '%s\n' "${ROWS[$k]}"; else echo "<no row>"; fi
}
F=(fleet --inventory inv.toml --credentials cred.toml --connect-timeout 1000 --read-timeout 3000)

# --- status --servers: every server's reading, in place of the mockup's numbers
assert_exit 0 "status --servers" -- "${F[@]}" status --servers -o servers.csv
for want in "ls state on" "ls watts 344.0" "ls watts_source PowerControl" "ls limit_watts 500.0" \
  "ls limit_min_watts 0.0" "ls limit_max_watts 800.0" \
  "ctl watts 374.0" "ctl watts_source EnvironmentMetrics" "ctl psu_input_watts 374.0" "ctl limit_watts " \
  "ctl limit_min_watts 200.0" "ctl limit_max_watts 700.0" \
  "nic watts 374.0" "nic limit_max_watts 2000.0" "nic gpu_temp_c 71.0" "nic inlet_temp_c 24.0" \
  "narrow limit_min_watts 350.0" "narrow limit_max_watts 800.0" \
  "dead state unreachable" "wrongca state error" "badpin state error" "refuser source redfish"; do
  read -r id name value <<<"$want"
  assert_eq "$value" "$(get servers.csv server "$id" "$name")" "fleet_server $id $name"
done
assert_contains servers.csv "certificate" "the wrong CA names why"
assert_contains servers.csv "pinned public key" "the wrong pin names why"
assert_contains err "3 of 9 server(s) could not be read" "the unread servers are counted"
mapfile -t st < <(state "d['ls']['opened'] > 0 and d['ls']['opened'] == d['ls']['deleted']" "d['nic']['opened']")
assert_eq "True" "${st[0]}" "every session is deleted"
assert_eq "0" "${st[1]}" "basic auth opens no session"

# --- status --ai: per block, worked by hand from the mockups' 344 and 374 W
#   hall-a: ls 344 W under a 500 W limit (counted at its 400 W nameplate uncapped) + ctl 374 W
#   hall-b: nic 374, refuser/never/narrow 344 each under 500 W (nameplates 1000, 400, 400), dead 1500
#   hall-c: both refused by TLS: their nameplates 1000 + 1000
assert_exit 0 "status --ai" -- "${F[@]}" status --ai -o ai.csv
assert_eq "measured_at,block,servers,reachable,capped,it_mw,uncapped_it_mw,limit_mw,gpu_temp_c,inlet_temp_c" \
  "$(head -1 ai.csv)" "ai_draw header"
assert_eq "hall-a,2,2,1,0.000718,0.000774,0.000500,," "$(sed -n 2p ai.csv | cut -d, -f2-)" "hall-a"
assert_eq "hall-b,5,4,3,0.001406,0.003674,0.001500,71.0,24.0" "$(sed -n 3p ai.csv | cut -d, -f2-)" "hall-b"
assert_eq "hall-c,2,0,0,0.000000,0.002000,,," "$(sed -n 4p ai.csv | cut -d, -f2-)" "hall-c"
[[ $(sed -n 2p ai.csv | cut -d, -f1) =~ ^20[0-9-]+T[0-9:]+Z$ ]] || fail "measured_at in UTC: $(sed -n 2p ai.csv)"

# --- a wrong password: the login refused, with the BMC's words
HYBRIDSITE_REDFISH_PASSWORD=wrong "${F[@]}" status --servers -o wrongpw.csv 2>/dev/null || true
assert_eq "error" "$(get wrongpw.csv server ls state)" "wrong password: error"
assert_contains wrongpw.csv "session login refused: HTTP 401: Invalid username or password." "the BMC's refusal"

# --- apply caps: 25 % off each block
cat >sp.csv <<EOF
interval_start,class,kind,power_mw,cap_pct
2026-03-01T12:00:00Z,hall-a,ai,1.5,25
2026-03-01T12:00:00Z,hall-b,ai,1.5,25
2026-03-01T12:00:00Z,hall-c,ai,1.5,25
2026-03-01T12:00:00Z,hall-z,ai,1.5,25
EOF
assert_exit 0 "apply --dry-run" -- "${F[@]}" apply sp.csv --dry-run -o dry.csv
assert_eq "set" "$(get dry.csv server ls outcome)" "dry run: ls would be set"
assert_eq "300" "$(get dry.csv server ls asked_limit_watts)" "dry run: 400 W nameplate x 0.75"
assert_eq "0" "$(state "sum(1 for b in d.values() for l in b['log'] if l[0] == 'PATCH')")" "a dry run sends no PATCH"

assert_exit 1 "apply caps (some fail)" -- "${F[@]}" apply sp.csv --journal j.db --settle 1 -o caps.csv
for want in "ls outcome set" "ls asked_limit_watts 300" "ls readback_limit_watts 300" "ls measured_watts 300.0" \
  "ctl outcome set" "ctl asked_limit_watts 281" "ctl readback_limit_watts 281" "ctl measured_watts 281.0" \
  "nic outcome error" "refuser outcome refused" "refuser asked_limit_watts 750" \
  "never outcome not-following" "never readback_limit_watts 300" "never measured_watts 344.0" \
  "narrow outcome out-of-range" "narrow asked_limit_watts 300" "dead outcome unreachable" \
  "wrongca outcome error" "badpin outcome error" "ls cap_pct 25.00" "ls block hall-a"; do
  read -r id name value <<<"$want"
  assert_eq "$value" "$(get caps.csv server "$id" "$name")" "fleet_cap $id $name"
done
assert_eq "<no row>" "$(get caps.csv block hall-z outcome)" "a block without servers is left alone"
assert_contains caps.csv "Power limiting is disabled by the site policy." "the BMC's own message"
assert_contains caps.csv "limit 300 W is outside [350, 800] W (the inventory's limit_min/max_watts); not sent" "out of range"
assert_contains caps.csv "still draws 344 W after 1 s" "not following"
assert_contains caps.csv "publishes no power limit" "a chassis with nothing to cap"
assert_contains err "refuser (127.0.0.1:$(port refuser)): power cap refused" "each failure on stderr"
mapfile -t st < <(state "d['ls']['limit']" "[l for l in d['ctl']['log'] if l[0]=='PATCH'][0][2]" \
  "[l for l in d['ls']['log'] if l[0]=='PATCH'][0][3]" "sum(1 for l in d['narrow']['log'] if l[0]=='PATCH')" \
  "sum(1 for b in d.values() for l in b['log'] if l[0] == 'PATCH')")
assert_eq "300" "${st[0]}" "the simulator holds ls's limit"
assert_eq '{"ControlMode":"Automatic","SetPoint":281}' "${st[1]}" "the Control's SetPoint"
assert_eq 'W/"1"' "${st[2]}" "If-Match carries the ETag"
assert_eq "0" "${st[3]}" "out of range is not sent"
patches=${st[4]}
assert_eq "4" "$patches" "PATCHes: ls, ctl, refuser, never"
# The journal: one row per server's outcome under the run key, the PATCHes with the BMC's answers.
assert_eq "9" "$(sqlite3 j.db "SELECT count(*) FROM caps")" "journaled outcomes"
assert_eq "refused" "$(sqlite3 j.db "SELECT outcome FROM caps WHERE server = 'refuser'")" "journaled refusal"
assert_eq "failed" "$(sqlite3 j.db "SELECT outcome FROM commands WHERE machine = 'refuser'")" "journaled PATCH"

# --- the same setpoints again: nothing resent. A failure is final (skipped); a cap that was
# set is read again and, still in force at the limit then asked, unchanged; those nothing
# reached are tried again.
assert_exit 1 "rerun" -- "${F[@]}" apply sp.csv --journal j.db --settle 1 -o rerun.csv
assert_eq "$patches" "$(state "sum(1 for b in d.values() for l in b['log'] if l[0] == 'PATCH')")" "no PATCH resent"
for id in ls ctl; do
  assert_eq "unchanged" "$(get rerun.csv server $id outcome)" "rerun: $id still at its limit"
done
assert_eq "300" "$(get rerun.csv server ls asked_limit_watts)" "rerun: ls's limit as first asked, not worked again under it"
for id in nic refuser never narrow; do
  assert_eq "skipped" "$(get rerun.csv server $id outcome)" "rerun: $id skipped"
done
assert_eq "unreachable" "$(get rerun.csv server dead outcome)" "rerun: dead tried again"
assert_contains rerun.csv "earlier run: refused: PATCH /redfish/v1/Chassis/1U/Power: HTTP 400" "rerun names the earlier outcome"

# --- the next interval clears hall-a's limits (cap_pct 0), each read back
printf 'interval_start,class,kind,power_mw,cap_pct\n2026-03-01T12:05:00Z,hall-a,ai,2,0\n' >clear.csv
assert_exit 0 "clear" -- "${F[@]}" apply clear.csv --journal j.db --settle 1 -o clear_out.csv
assert_eq "cleared" "$(get clear_out.csv server ls outcome)" "ls cleared"
assert_eq "" "$(get clear_out.csv server ls readback_limit_watts)" "ls reads back no limit"
assert_eq "cleared" "$(get clear_out.csv server ctl outcome)" "ctl cleared"
mapfile -t st < <(state "d['ls']['limit']" "d['ctl']['control_mode']" "[l for l in d['ls']['log'] if l[0]=='PATCH'][-1][2]")
assert_eq "None" "${st[0]}" "no limit on ls"
assert_eq "Disabled" "${st[1]}" "ctl's Control disabled"
assert_eq '{"PowerControl":[{"PowerLimit":{"LimitInWatts":null}}]}' "${st[2]}" "clear body"
finish
