#!/usr/bin/env bash
# Bad input: clear messages, 64 for the command line, 65 for bad scenario data.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
D="$HS_TEST_DATA/leasecalc"

assert_exit 65 "negative term in the file" -- leasecalc lease "$D/negative_term.toml"
assert_contains "$T/err" "negative_term.toml:3: key 'lease.term_years': must not be negative" "negative term message"
assert_exit 64 "negative term on the command line" -- leasecalc lease --set lease.term_years=-1
assert_exit 64 "discount rate -100%" -- leasecalc lease --set discount_rate=-1
assert_contains "$T/err" "must be above -100%" "discount rate message"
assert_exit 64 "discount rate below -100%" -- leasecalc gpu --set discount_rate=-1.5
assert_exit 65 "capex schedule ends before it starts" -- leasecalc lease "$D/schedule.toml"
assert_contains "$T/err" "ends (month 6) before it starts (month 12)" "schedule message"
assert_exit 64 "sweep with zero step" -- leasecalc lease --sweep lease.mw=1:5:0
assert_contains "$T/err" "step must be positive" "zero-step message"
assert_exit 64 "sweep with three keys" -- leasecalc lease --sweep lease.mw=1:2:1 --sweep lease.pue=1:2:1 --sweep tax_rate=0:1:1
assert_exit 65 "unknown key in the file" -- leasecalc lease "$D/typo.toml"
assert_contains "$T/err" "typo.toml:3: unknown scenario key 'lease.rate_per_kw_mnth'; did you mean 'lease.rate_per_kw_month'?" "suggestion from file"
assert_exit 64 "unknown key on --set" -- leasecalc mining --set mining.uptme=0.9
assert_contains "$T/err" "did you mean 'mining.uptime'?" "suggestion from --set"
assert_exit 64 "unknown key on --sweep" -- leasecalc mining --sweep mining.btc_prise_usd=1:2:1
assert_contains "$T/err" "did you mean 'mining.btc_price_usd'?" "suggestion from --sweep"
assert_exit 64 "--set without =" -- leasecalc lease --set lease.mw
assert_exit 66 "missing scenario file" -- leasecalc lease no-such.toml
assert_exit 64 "no subcommand" -- leasecalc
assert_exit 64 "bad format" -- leasecalc lease --format xml
assert_eq "" "$(cat "$T/out")" "nothing on stdout after an error"
finish
