#!/usr/bin/env bash
# The files an operator names on every command come from the command line, else
# $HYBRIDSITE_<NAME>, else the config file ($XDG_CONFIG_HOME/hybridsite/config.toml, relative
# paths from its folder): --site, --inventory, --journal, --ledger, --archive, in that order of
# precedence; a bad config file is named with its key; none at all says each way to give it.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
export XDG_CONFIG_HOME=$T/config HOME=$T
unset HYBRIDSITE_SITE HYBRIDSITE_INVENTORY HYBRIDSITE_JOURNAL HYBRIDSITE_LEDGER HYBRIDSITE_ARCHIVE HYBRIDSITE_CONFIG
P=$(cut_data ercot_dam_hb_houston_2025-04-11.csv)
D=$HS_TEST_DATA/payout
mkdir -p config/hybridsite etc
cp "$HS_SOURCE_DIR/examples/site.toml" etc/site.toml
sed 's/^interconnect_mw = 100 /interconnect_mw = 90 /' etc/site.toml >etc/other.toml
cat >config/hybridsite/config.toml <<'TOML'
site = "../../etc/site.toml"     # relative: from this file's folder
ledger = "../../var/pool.db"
TOML
mkdir var
# None given: the config file's site (100 MW); $HYBRIDSITE_SITE over it; --site over both.
allocate plan -i "$P" --summary s_config.csv >/dev/null || fail "site from the config file"
allocate plan --site etc/site.toml -i "$P" --summary s_given.csv >/dev/null
assert_eq "$(cat s_given.csv)" "$(cat s_config.csv)" "the config file's site is etc/site.toml"
HYBRIDSITE_SITE=etc/other.toml allocate plan -i "$P" --summary s_env.csv >/dev/null
allocate plan --site etc/other.toml -i "$P" --summary s_other.csv >/dev/null
assert_eq "$(cat s_other.csv)" "$(cat s_env.csv)" "the environment over the config file"
[[ "$(cat s_env.csv)" != "$(cat s_config.csv)" ]] || fail "the two sites plan alike: the test proves nothing"
HYBRIDSITE_SITE=etc/other.toml allocate plan --site etc/site.toml -i "$P" --summary s_cli.csv >/dev/null
assert_eq "$(cat s_given.csv)" "$(cat s_cli.csv)" "the command line over the environment"
# payout's ledger from the config file, relative to it.
assert_exit 0 "ledger from the config file" -- payout credit --blocks "$D/blocks.csv" --shares "$D/shares.csv"
[[ -s var/pool.db ]] || fail "the ledger is not var/pool.db"
assert_exit 0 "balances" -- payout balances
assert_contains "$T/out" "account" "balances read from it"
# fleet: neither given: a usage error naming each way.
assert_exit 64 "no inventory" -- fleet status
assert_contains "$T/err" "--inventory is required (or set HYBRIDSITE_INVENTORY, or inventory = \"...\" in $T/config/hybridsite/config.toml)" "each way named"
# A bad config file: its key named, exit 65.
printf 'site = "etc/site.toml"\nsite_file = "x"\n' >config/hybridsite/config.toml
assert_exit 65 "unknown key" -- allocate plan -i "$P"
assert_contains "$T/err" "config.toml: unknown key 'site_file' (site, inventory, journal, ledger, archive)" "named"
printf 'ledger = 5\n' >config/hybridsite/config.toml
assert_exit 65 "not a path" -- payout balances
assert_contains "$T/err" "config.toml: ledger: expected a path in quotes" "named"
# $HYBRIDSITE_CONFIG names another file.
printf 'site = "%s"\n' "$T/etc/site.toml" >other.toml
HYBRIDSITE_CONFIG=$T/other.toml allocate plan -i "$P" --summary s_named.csv >/dev/null || fail "HYBRIDSITE_CONFIG"
assert_eq "$(cat s_given.csv)" "$(cat s_named.csv)" "HYBRIDSITE_CONFIG's site"
finish
