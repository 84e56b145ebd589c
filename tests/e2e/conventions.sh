#!/usr/bin/env bash
# Conventions every tool shares: --version, --help, usage errors exit 64 with a message that
# names the tool, and nothing but the answer on stdout.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"

for tool in hashbench powerfeed allocate leasecalc payout fleet plot; do
  assert_exit 0 "$tool --version" -- "$tool" --version
  assert_eq "$tool (hybridsite) 0.1.0" "$(cat "$T/out")" "$tool --version text"
  assert_exit 0 "$tool --help" -- "$tool" --help
  assert_contains "$T/out" "Usage: $tool" "$tool --help usage line"
  assert_contains "$T/out" "See $tool(1)" "$tool --help points to the man page"
  assert_exit 64 "$tool with an unknown option" -- "$tool" --no-such-option
  assert_contains "$T/err" "$tool: " "$tool usage error names the tool"
  assert_eq "" "$(cat "$T/out")" "$tool usage error prints nothing on stdout"
done
# A repeatable option takes one value each time: the word after it is the positional argument.
a=$(leasecalc lease --set lease.mw=2 "$HS_SOURCE_DIR/examples/lease.toml" --summary)
b=$(leasecalc lease "$HS_SOURCE_DIR/examples/lease.toml" --set lease.mw=2 --summary)
assert_eq "$b" "$a" "--set before the scenario file"
rt=$(shared_data prices/ercot/np6-905-cd_rtm_spp_2025-04-10_he19_i2.csv)
assert_eq "HB_HOUSTON HB_WEST" "$(powerfeed --node HB_HOUSTON --node HB_WEST "$rt" | cut -d, -f5 | sed 1d | sort -u | tr '\n' ' ' | sed 's/ $//')" "--node twice, then the file"
finish
