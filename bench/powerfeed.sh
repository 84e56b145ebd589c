#!/usr/bin/env bash
# powerfeed throughput on a large ERCOT RT (NP6-905-CD) file built by repeating the 1,000 real
# rows of one interval over consecutive intervals (from 2025-04-11, clear of DST days), against
# Miller doing the same one-node filter and against `wc -l` as the floor.
# Usage: bench/powerfeed.sh [SIZE_MB (default 300)] [POWERFEED binary]
set -euo pipefail
size_mb=${1:-300}
here=$(cd "$(dirname "$0")/.." && pwd)
pf=${2:-$here/build/powerfeed/tools/powerfeed}
src=$here/tests/data/powerfeed/np6-905-cd_rtm_spp_2025-04-10_he19_i2.csv
[[ -x $pf ]] || { echo "build powerfeed first (or pass its path)" >&2; exit 1; }
command -v mlr >/dev/null || { echo "miller (mlr) is not installed" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
big=$dir/rtm_big.csv

# One interval of 1,000 points is ~39 kB; repeat intervals until the size is reached.
bytes_per_interval=$(sed 1d "$src" | wc -c)
intervals=$(( size_mb * 1024 * 1024 / bytes_per_interval + 1 ))
awk -v n="$intervals" 'NR == 1 { print; next } { rows[NR - 1] = $0; count = NR - 1 }
  END {
    split("31 28 31 30 31 30 31 31 30 31 30 31", mdays, " ")
    m = 4; d = 11; h = 1; q = 1
    for (i = 0; i < n; i++) {
      date = sprintf("%02d/%02d/2025", m, d)
      for (r = 1; r <= count; r++) {
        split(rows[r], f, ",")
        printf "%s,%d,%d,%s,%s,%s,%s\n", date, h, q, f[4], f[5], f[6], f[7]
      }
      if (++q > 4) { q = 1; if (++h > 24) { h = 1; if (++d > mdays[m]) { d = 1; m++ } } }
    }
  }' "$src" >"$big"
rows=$(($(wc -l <"$big") - 1))
mb=$(( $(wc -c <"$big") / 1024 / 1024 ))
echo "input: $big, $mb MB, $rows rows ($intervals intervals x 1,000 points)"

# best of 3 wall-clock seconds
best() {
  local b=""
  for _ in 1 2 3; do
    local s e
    s=$(date +%s.%N)
    "$@" >/dev/null
    e=$(date +%s.%N)
    b=$(echo "$s $e ${b:-1e9}" | awk '{t = $2 - $1; print (t < $3 ? t : $3)}')
  done
  echo "$b"
}

t_pf=$(best "$pf" "$big" --node HB_NORTH)
t_mlr=$(best mlr --icsv --ocsv filter '$SettlementPointName == "HB_NORTH"' "$big")
t_wc=$(best wc -l "$big")
n_pf=$(( $("$pf" "$big" --node HB_NORTH | wc -l) - 1 ))
n_mlr=$(( $(mlr --icsv --ocsv filter '$SettlementPointName == "HB_NORTH"' "$big" | wc -l) - 1 ))
[[ $n_pf == "$n_mlr" ]] || echo "warning: powerfeed kept $n_pf rows, miller $n_mlr" >&2

awk -v pf="$t_pf" -v mlr="$t_mlr" -v wc="$t_wc" -v mb="$mb" -v n="$n_pf" 'BEGIN {
  printf "rows kept (HB_NORTH): %d\n", n
  printf "%-10s %8.2f s %8.1f MB/s\n", "powerfeed", pf, mb / pf
  printf "%-10s %8.2f s %8.1f MB/s\n", "miller", mlr, mb / mlr
  printf "%-10s %8.2f s %8.1f MB/s\n", "wc -l", wc, mb / wc
  printf "powerfeed vs miller: %.1fx faster (goal >= 5x)\n", mlr / pf
  printf "powerfeed vs wc -l:  %.1fx slower (goal <= 3x)\n", pf / wc
}'
