# Where the real recordings are: ../shared/data beside the checkout (market files, API replies,
# miner replies; provenance in the READMEs there). The project keeps no copies of them.
# Source this file, then call `shared_data RELATIVE/PATH` for a recording's path.
#   HS_SHARED_DATA          set by the tests' CMake (tests/CMakeLists.txt resolves it once)
#   HYBRIDSITE_SHARED_DATA  the override for a checkout that lives elsewhere
# shared_data prints the path, or names the missing path and the override on stderr and
# returns 66 (sysexits EX_NOINPUT): a test that needs a recording fails, it never skips.
hs_shared_root() {
  local here
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  local root=${HS_SHARED_DATA:-${HYBRIDSITE_SHARED_DATA:-$here/../shared/data}}
  if [[ -d "$root" ]]; then (cd "$root" && pwd); else echo "$root"; fi
}

shared_data() {
  local path
  path="$(hs_shared_root)/$1"
  if [[ ! -f "$path" ]]; then
    echo "recording missing: $path (the real recordings live in shared/data beside the checkout;" \
      "set HYBRIDSITE_SHARED_DATA to that folder for a checkout elsewhere)" >&2
    return 66
  fi
  printf '%s\n' "$path"
}
