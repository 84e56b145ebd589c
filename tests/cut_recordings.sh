#!/usr/bin/env bash
# The parts of real recordings that tests need, cut at test time from ../shared/data (the
# project keeps no copy of them, whole or cut). Runs as ctest's fixture "recordings: cut",
# before every unit and e2e test, with the built tools on PATH.
# Usage: tests/cut_recordings.sh OUTDIR
set -euo pipefail
source "$(dirname "$0")/../scripts/lib/shared-data.bash"
out=${1:?usage: cut_recordings.sh OUTDIR}
mkdir -p "$out"

# ERCOT day-ahead (NP4-190-CD) 2025-04-11, HB_HOUSTON, as powerfeed's price records: 24 hours.
dam=$(shared_data prices/ercot/np4-190-cd_dam_spp_2025-04-11.csv)
powerfeed "$dam" --node HB_HOUSTON --quiet -o "$out/ercot_dam_hb_houston_2025-04-11.csv"

# PJM rt_hrl_lmps, the 12 hubs in June 2025 by Eastern Prevailing Time: the rows whose
# datetime_beginning_ept (column 2) is in month 6, with the header; line ends as recorded.
pjm=$(shared_data prices/pjm/rt_hrl_lmps_12hubs_2025-05_2025-07.csv)
awk -F, 'NR == 1 || $2 ~ /^6\//' "$pjm" >"$out/rt_hrl_lmps_12hubs_2025-06.csv.tmp"
mv "$out/rt_hrl_lmps_12hubs_2025-06.csv.tmp" "$out/rt_hrl_lmps_12hubs_2025-06.csv"

echo "cut_recordings: $(ls "$out" | wc -l) files in $out"
