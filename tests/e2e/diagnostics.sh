#!/usr/bin/env bash
# man/hybridsite-diagnostics.7 tells the truth: every case it shows is run here, in a copy of
# tests/data/diagnostics, and must print exactly the message on the page and exit with its
# code; an output named with -o must not exist after the failure (never half-written).
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
cp -r "$HS_TEST_DATA/diagnostics/." "$T/"
exec python3 - "$HS_SOURCE_DIR/man/hybridsite-diagnostics.7" <<'PY'
import re, shlex, subprocess, sys
page = open(sys.argv[1]).read()
def unroff(s):
    return s.replace("\\-", "-").replace("\\e", "\\")
cases = re.findall(r"^\.EX\n(.*?)^\.EE\n", page, re.S | re.M)
problems = 0
for block in cases:
    lines = [unroff(l) for l in block.splitlines()]
    cmd, *message, code = lines
    assert cmd.startswith("$ ") and code.startswith("exit "), block
    argv = shlex.split(cmd[2:])
    r = subprocess.run(argv, capture_output=True, text=True)
    got = r.stderr.rstrip("\n").splitlines()
    if got != message or r.returncode != int(code[5:]):
        problems += 1
        print(f"FAIL: {cmd}\n  page: exit {code[5:]}: {message}\n  got:  exit {r.returncode}: {got}")
    if "-o" in argv:
        out = argv[argv.index("-o") + 1]
        try:
            open(out).close()
            problems += 1
            print(f"FAIL: {cmd}: {out} exists after the failure")
        except OSError:
            pass
print(f"diagnostics: {len(cases)} cases, {problems} problem(s)")
if len(cases) < 10:
    print("FAIL: the page shows fewer cases than it did")
    problems += 1
sys.exit(1 if problems else 0)
PY
