#!/usr/bin/env bash
# fleet(1)'s FIRMWARE table says what the code does: every family `fleet firmware` prints has
# an entry with the same protocol, port, hashrate, power, temperature, state, commands and
# credentials, and the page has no family the code lacks.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
fleet firmware --format jsonl -o fw.jsonl
python3 - "$HS_SOURCE_DIR/man/fleet.1" <<'PY' || fail "man/fleet.1 FIRMWARE differs from fleet firmware"
import json, re, sys
text = open(sys.argv[1]).read()
section = text.split("\n.SH FIRMWARE\n", 1)[1].split("\n.SH ", 1)[0]
def plain(s):
    return s.replace("\\-", "-").replace("\\e", "\\").replace("\\fB", "").replace("\\fR", "").replace("\\fI", "")
page = {}
for entry in section.split(".TP\n")[1:]:
    lines = [l for l in entry.split("\n") if l and l != ".br"]
    name = lines[0].removeprefix(".B ")
    fields = {"machines": plain(lines[1]).removesuffix(".")}
    for l in lines[2:]:
        key, _, value = plain(l).partition(": ")
        fields[key.lower()] = value.removesuffix(".")
    page[name] = fields
code = [json.loads(l) for l in open("fw.jsonl")]
bad = []
for r in code:
    p = page.pop(r["firmware"], None)
    if p is None:
        bad.append("%s: not in the page" % r["firmware"]); continue
    want = {"machines": r["machines"],
            "protocol": "%s, port %d by default" % (r["protocol"], r["port"]),
            "hashrate": r["hashrate"], "power": r["power"], "temperature": r["temperature"], "state": r["state"],
            "commands": r["commands"] or "none (read only)"}
    if r["credentials"]: want["credentials"] = r["credentials"]
    for k, v in want.items():
        if p.get(k) != v: bad.append("%s %s: page [%s], code [%s]" % (r["firmware"], k, p.get(k), v))
    for k in p:
        if k not in want: bad.append("%s: the page has %s, the code none" % (r["firmware"], k))
    if bool(r["commands"]) != bool(r["sleep_wake"] or r["profiles"]):
        bad.append("%s: commands and the sleep_wake/profiles columns disagree" % r["firmware"])
for name in page: bad.append("%s: in the page, not in the code" % name)
print("\n".join(bad), file=sys.stderr)
sys.exit(1 if bad else 0)
PY
assert_eq "10" "$(wc -l <fw.jsonl)" "ten families"
finish
