#!/usr/bin/env bash
# Bad replies from the new families, each reported per machine with its reason and journaled
# consistently: an ePIC whose /summary is cut short, a silent Bitaxe, and an Antminer, a
# Whatsminer (API v2 and v3), an Avalon and an ePIC that refuse their commands. Healthy machines of the same
# run are commanded as usual, and a rerun sends only what was not acknowledged.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
source "$HS_SOURCE_DIR/tests/e2e/lib/fleet.bash"
have_pyasic || { echo "no pyasic venv at $PYASIC_PY: run scripts/pyasic-venv (scripts/install-deps does)" >&2; exit 1; }
SIM_PY=$PYASIC_PY  # the encrypted Whatsminer API needs the cryptography package
python3 - <<'PY'
import json
m = lambda i, fw, **k: dict(id=i, **{"class": "f"}, firmware=fw, ths=100, watts=3300, state="on", **k)
ms = [m("ep-cut", "epic", fault="malformed"), m("ax-silent", "bitaxe", fault="silent"),
      m("am-rej", "antminer", fault="reject"), m("wm-rej", "whatsminer", fault="reject", escape_quirk=False),
      m("av-rej", "avalon", fault="reject"), m("ep-rej", "epic", fault="reject"), m("w3-rej", "whatsminer3", fault="reject"),
      m("am-ok", "antminer"), m("wm-ok", "whatsminer", escape_quirk=False)]
json.dump({"classes": [{"name": "f", "pue": 1.0}], "machines": ms}, open("spec.json", "w"))
PY
start_fleet_sim spec.json inv.toml
net=(--inventory inv.toml --connect-timeout 1000 --read-timeout 1500 --retries 0)
printf '[antminer]\npassword = "root"\n[whatsminer]\npassword = "admin"\n[epic]\npassword = "letmein"\n[whatsminer3]\npassword = "super"\n' >creds.toml
chmod 600 creds.toml

fleet status "${net[@]}" -o st.csv || true
state() { python3 -c 'import csv,sys; r=[r for r in csv.DictReader(open("st.csv")) if r["machine"]==sys.argv[1]][0]; print(r["state"]+": "+r["error"])' "$1"; }
# The simulator cuts the JSON body in half inside a well-framed response.
assert_eq "error: GET /summary reply: not JSON" "$(state ep-cut | cut -d' ' -f1-6)" "ePIC body cut short"
assert_eq "unreachable: GET /api/system/info: no answer within 1500 ms" "$(state ax-silent)" "silent Bitaxe"

printf 'interval_start,class,kind,power_mw,units_on,mode\n2026-12-07T22:00:00Z,f,mining,0,0,off\n' >off.csv
fleet apply off.csv "${net[@]}" --credentials creds.toml --journal j.db --settle 0.2 -o r.csv 2>err.txt && fail "refusals: exit 0"
assert_contains err.txt "am-rej (" "antminer named"
assert_contains err.txt 'sleep not acknowledged: POST /cgi-bin/set_miner_conf.cgi reply: "Set failed"' "antminer refusal"
assert_contains err.txt "wm-rej (" "whatsminer named"
assert_contains err.txt "sleep not acknowledged: power_off reply: status E" "whatsminer refusal"
assert_contains err.txt "av-rej (" "avalon named"
assert_contains err.txt "sleep not acknowledged: ascset reply: status E: ASC 0 set failed" "avalon refusal"
assert_contains err.txt "ep-rej (" "epic named"
assert_contains err.txt "sleep not acknowledged: POST /miner reply: refused" "epic refusal"
assert_contains err.txt "w3-rej (" "whatsminer3 named"
assert_contains err.txt "sleep not acknowledged: set.miner.service reply: code -1: command failed" "whatsminer3 refusal"
assert_eq "5" "$(field r.csv f failed)" "five refusals"
assert_eq "2" "$(field r.csv f acknowledged)" "the healthy two"
assert_eq "false,false" "$(sim 'str(d["machines"]["am-ok"]["on"]).lower()+","+str(d["machines"]["wm-ok"]["on"]).lower()')" "the healthy two asleep"
# The journal: every action row answered (none left 'sent'), refusals failed with the reply kept.
assert_eq "0" "$(sqlite3 j.db "SELECT count(*) FROM commands WHERE outcome='sent'")" "no command left unanswered"
assert_eq "am-rej av-rej ep-rej w3-rej wm-rej" "$(sqlite3 j.db "SELECT machine FROM commands WHERE action='sleep' AND outcome='failed' ORDER BY machine" | paste -sd' ')" "refusals journaled"
# A rerun of the same setpoints resends only the refused ones.
before=$(sim 'len(d["machines"]["am-ok"]["log"])+len(d["machines"]["wm-ok"]["log"])')
fleet apply off.csv "${net[@]}" --credentials creds.toml --journal j.db --settle 0.2 -o r2.csv 2>/dev/null || true
assert_eq "$before" "$(sim 'len(d["machines"]["am-ok"]["log"])+len(d["machines"]["wm-ok"]["log"])')" "nothing resent to the acknowledged"
assert_eq "5" "$(field r2.csv f commands)" "the five refused, sent again"
finish
