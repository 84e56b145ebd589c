#!/usr/bin/env bash
# A third party's Redfish server: sushy-tools' sushy-static (OpenStack's static mockup server)
# serves DMTF's public-localstorage mockup in place from shared/data/redfish, over http and over
# https with a key pin; fleet status --servers reads 344 W and the 500 W limit from it, as from
# our simulator. sushy-static answers every PATCH 204 and changes nothing, so fleet apply's read
# back finds the old limit and says so instead of reporting the cap set.
# Needs sushy-static in the venv of scripts/pyasic-venv; skips (77) without it.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
source "$HS_SOURCE_DIR/tests/e2e/lib/fleet.bash"
SUSHY="${HYBRIDSITE_PYASIC_VENV:-/opt/hybridsite/pyasic-venv}/bin/sushy-static"
if [[ ! -x $SUSHY ]]; then
  echo "skipped: no sushy-static at $SUSHY (scripts/pyasic-venv installs sushy-tools)" >&2
  exit 77
fi
LS=$(dirname "$(shared_data redfish/public-localstorage/index.json)")
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout bmc.key -out bmc.pem \
  -days 2 -subj "/CN=bmc" -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
PIN="sha256//$(openssl x509 -in bmc.pem -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64)"
read -r P1 P2 < <(python3 -c "
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(('127.0.0.1', 0))
print(*[x.getsockname()[1] for x in s])")
PYTHONUNBUFFERED=1 "$SUSHY" -i 127.0.0.1 -p "$P1" -m "$LS" >sushy1.log 2>&1 &
s1=$!
PYTHONUNBUFFERED=1 "$SUSHY" -i 127.0.0.1 -p "$P2" -m "$LS" -c bmc.pem -k bmc.key >sushy2.log 2>&1 &
s2=$!
trap 'kill $s1 $s2 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$P1/redfish/v1/" >/dev/null 2>&1 && curl -sfk "https://127.0.0.1:$P2/redfish/v1/" >/dev/null 2>&1 && break
  sleep 0.1
done
cat >inv.toml <<EOF2
[[server]]
id = "plain"
address = "127.0.0.1:$P1"
block = "hall-a"
watts = 1000
scheme = "http"
auth = "basic"        # sushy-static answers a session login 204 without a token

[[server]]
id = "pinned"
address = "127.0.0.1:$P2"
block = "hall-a"
watts = 1000
auth = "basic"
pinned_key = "$PIN"
EOF2
printf '[redfish]\nusername = "admin"\npassword = "x"\n' >cred.toml
chmod 600 cred.toml
F=(fleet --inventory inv.toml --credentials cred.toml)
assert_exit 0 "status --servers from sushy-static" -- "${F[@]}" status --servers -o servers.csv
for id in plain pinned; do
  assert_eq "on,344.0,PowerControl" "$(awk -F, -v id=$id '$1 == id {print $5 "," $6 "," $7}' servers.csv)" "$id: state, watts, source"
  assert_eq "500.0,0.0,800.0" "$(awk -F, -v id=$id '$1 == id {print $9 "," $10 "," $11}' servers.csv)" "$id: limit and range"
done
assert_exit 0 "status --ai" -- "${F[@]}" status --ai -o ai.csv
# Both under the mockup's 500 W limit: uncapped at their 1000 W nameplates.
assert_eq "hall-a,2,2,2,0.000688,0.002000,0.001000" "$(sed -n 2p ai.csv | cut -d, -f2-8)" "ai_draw"
printf 'interval_start,class,kind,power_mw,cap_pct\n2026-03-01T12:00:00Z,hall-a,ai,1,25\n' >sp.csv
assert_exit 1 "apply against a server that ignores PATCH" -- "${F[@]}" apply sp.csv --journal j.db --settle 0 -o caps.csv
assert_eq "error,750,500" "$(awk -F, '$3 == "plain" {print $9 "," $6 "," $7}' caps.csv)" "the read back finds the old limit"
assert_contains caps.csv "the BMC accepted the PATCH but reads back 500 W, asked 750 W" "said plainly"
assert_contains sushy1.log "LimitInWatts" "sushy-static received the PATCH body"
finish
