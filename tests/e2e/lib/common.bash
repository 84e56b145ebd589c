# Shared helpers for end-to-end tests: source it, then call the tools as a user would.
# Each test runs in its own temporary directory, removed on exit.
set -euo pipefail
: "${HS_SOURCE_DIR:?run through ctest}" "${HS_TEST_DATA:?run through ctest}" "${HS_SHARED_DATA:?run through ctest}"
: "${HS_CUT_DATA:?run through ctest}"
# Real recordings are read in place: RT=$(shared_data prices/ercot/X.csv) (../shared/data, set
# once by tests/CMakeLists.txt), and parts of them cut by the fixture "recordings: cut":
# $(cut_data NAME). A missing one ends the test with exit 66 and a message naming the path.
source "$HS_SOURCE_DIR/scripts/lib/shared-data.bash"
cut_data() {
  if [[ ! -f "$HS_CUT_DATA/$1" ]]; then
    echo "cut recording missing: $HS_CUT_DATA/$1 (written by tests/cut_recordings.sh, the fixture 'recordings: cut')" >&2
    return 66
  fi
  printf '%s\n' "$HS_CUT_DATA/$1"
}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# assert_eq EXPECTED ACTUAL WHAT
assert_eq() {
  if [[ "$1" != "$2" ]]; then fail "$3: expected [$1], got [$2]"; fi
}

# assert_exit CODE WHAT -- command...   (stdout/stderr kept in $T/out and $T/err)
assert_exit() {
  local want=$1 what=$2
  shift 3
  local got=0
  "$@" >"$T/out" 2>"$T/err" || got=$?
  if [[ "$got" != "$want" ]]; then
    fail "$what: expected exit $want, got $got; stderr: $(head -c 500 "$T/err")"
  fi
}

# assert_contains FILE TEXT WHAT
assert_contains() {
  if ! grep -qF -- "$2" "$1"; then fail "$3: [$2] not found in $(head -c 500 "$1")"; fi
}

# start_server COMMAND...: runs a local HTTP server that prints its port on its first line,
# waits for the port, sets U=http://127.0.0.1:PORT and stops the server on exit.
start_server() {
  "$@" >"$T/port.txt" &
  server=$!
  trap 'kill $server 2>/dev/null; rm -rf "$T"' EXIT
  for _ in $(seq 50); do [[ -s "$T/port.txt" ]] && break; sleep 0.1; done
  local port
  port=$(head -1 "$T/port.txt")
  [[ -n "$port" ]] || { echo "server did not start" >&2; exit 1; }
  U=http://127.0.0.1:$port
}

finish() {
  if ((failures > 0)); then
    echo "$failures check(s) failed" >&2
    exit 1
  fi
  echo "ok"
}
