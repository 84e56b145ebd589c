#!/usr/bin/env bash
# powerfeed throughput and memory on the issue's large input: a year (2025) of ERCOT real-time
# settlement point prices (NP6-905-CD layout) for the 1,000 real settlement points of one
# published interval, their rows repeated for every 15-minute interval of every day, with the
# real DST shape (2025-03-09 has no hour ending 3: 92 intervals; 2025-11-02 repeats hour ending
# 2 with DSTFlag Y: 100 intervals). 365 days x ~96 x 1,000 = ~35 million rows, ~1.4 GB.
#
# Measured in one run, on the full file and on one a tenth of its size (the first DAYS/10 days):
#   powerfeed --node HB_NORTH        one node by its name, normalized (lines are pre-selected
#                                    with memmem on the name, then split and filtered)
#   powerfeed --node 'HB_NORT[H]'    the same node by a pattern (pre-selected on its longest
#                                    plain run "HB_NORT", then matched with fnmatch)
#   powerfeed --node 'HB_NORT[H]' --node 'NO_SUCH_*'
#                                    the same node with no pre-selection: every line is split
#                                    and its node judged (verdict cached per distinct node)
#   mlr filter                       Miller doing the same one-node filter
#   wc -l                            the floor
#   powerfeed (no filter)            every row normalized, written to /dev/null (memory check)
# Each figure is wall seconds (best of 3 for powerfeed and wc -l, one run of Miller), CPU
# seconds (user + system) of the same run, and peak RSS (/usr/bin/time -f %M). The machine may be
# shared: the load average is printed with them, and the CPU ratios are the steadier ones.
# Usage: bench/powerfeed.sh [DAYS (default 365)] [POWERFEED binary (default: build/release, else build/ci)] [WORK DIR (default a temp dir)]
set -euo pipefail
days=${1:-365}
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/bench/lib.sh"
source "$here/scripts/lib/shared-data.bash"
pf=${2:-$(bench_build_dir powerfeed)/tools/powerfeed}
src=$(shared_data prices/ercot/np6-905-cd_rtm_spp_2025-04-10_he19_i2.csv) || exit 66
[[ -x $pf ]] || { echo "build powerfeed first (or pass its path)" >&2; exit 1; }
command -v mlr >/dev/null || { echo "miller (mlr) is not installed" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 is needed to generate the input" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time (Debian package time) is needed for peak RSS" >&2; exit 1; }
if [[ -n ${3:-} ]]; then
  dir=$3
  mkdir -p "$dir"
else
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
fi

# generate DAYS FILE: one day is built once as text with a date placeholder, then copied per day
# with the date filled in (a single bytes.replace per day), so ~1.4 GB takes seconds, not minutes.
generate() {
  python3 - "$src" "$1" "$2" <<'EOF'
import datetime, sys
src, days, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(src, newline="") as f:
    header = f.readline()
    points = [",".join(l.rstrip("\r\n").split(",")[3:6]) for l in f if l.strip()]
def day(hours):
    parts = []
    for h, flag in hours:
        for q in (1, 2, 3, 4):
            parts.append("".join(f"@@/@@/@@@@,{h},{q},{p},{flag}\n" for p in points))
    return "".join(parts).encode()
normal = day([(h, "N") for h in range(1, 25)])
spring = day([(h, "N") for h in range(1, 25) if h != 3])                          # 23 hours
fall = day([(1, "N"), (2, "N"), (2, "Y")] + [(h, "N") for h in range(3, 25)])   # 25 hours
with open(out, "wb") as o:
    o.write(header.encode())
    d = datetime.date(2025, 1, 1)
    for _ in range(days):
        t = spring if (d.month, d.day) == (3, 9) else fall if (d.month, d.day) == (11, 2) else normal
        o.write(t.replace(b"@@/@@/@@@@", d.strftime("%m/%d/%Y").encode()))
        d += datetime.timedelta(days=1)
EOF
}

small_days=$(( days / 10 > 0 ? days / 10 : 1 ))
big=$dir/rtm_${days}d.csv
small=$dir/rtm_${small_days}d.csv
s=$(date +%s.%N)
[[ -s $big ]] || generate "$days" "$big"
[[ -s $small ]] || generate "$small_days" "$small"
e=$(date +%s.%N)
echo "generated in $(awk -v s="$s" -v e="$e" 'BEGIN {printf "%.1f", e - s}') s: $big, $small"

# run OUT CMD...: wall seconds, peak RSS (kB) and CPU seconds of one run, as "SECONDS KB CPU";
# stdout to OUT.
run() {
  local out=$1 t
  shift
  t=$(mktemp)
  /usr/bin/time -o "$t" -f "%e %M %U %S" "$@" >"$out"
  awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}' "$t"
  rm -f "$t"
}
# best N OUT CMD...: the fastest of N runs (its RSS with it).
best() {
  local n=$1 b="" r
  shift
  for ((i = 0; i < n; i++)); do
    r=$(run "$@")
    if [[ -z $b ]] || awk -v a="${r%% *}" -v b="${b%% *}" 'BEGIN {exit !(a < b)}'; then b=$r; fi
  done
  echo "$b"
}

measure() {
  local f=$1 rows mb
  rows=$(($(wc -l <"$f") - 1))
  mb=$(awk -v b="$(wc -c <"$f")" 'BEGIN {printf "%.0f", b / 1048576}')
  wc -l "$f" >/dev/null  # into the page cache for every contender alike
  echo
  echo "== $(basename "$f"): $rows rows, $mb MB; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  local lit pat gen mlr wc all
  lit=$(best 3 "$dir/lit.csv" "$pf" "$f" --node HB_NORTH)
  pat=$(best 3 "$dir/pat.csv" "$pf" "$f" --node 'HB_NORT[H]')
  gen=$(best 3 "$dir/gen.csv" "$pf" "$f" --node 'HB_NORT[H]' --node 'NO_SUCH_*')
  mlr=$(run "$dir/mlr.csv" mlr --icsv --ocsv filter '$SettlementPointName == "HB_NORTH"' "$f")
  wc=$(best 3 /dev/null wc -l "$f")
  all=$(run /dev/null "$pf" "$f")
  local n_lit n_pat n_mlr
  n_lit=$(($(wc -l <"$dir/lit.csv") - 1))
  n_pat=$(($(wc -l <"$dir/pat.csv") - 1))
  n_mlr=$(($(wc -l <"$dir/mlr.csv") - 1))
  [[ $n_lit == "$n_mlr" && $n_pat == "$n_mlr" ]] ||
    echo "warning: rows kept differ: powerfeed $n_lit / $n_pat, miller $n_mlr" >&2
  cmp -s "$dir/lit.csv" "$dir/pat.csv" || echo "warning: literal and pattern outputs differ" >&2
  cmp -s "$dir/lit.csv" "$dir/gen.csv" || echo "warning: literal and general outputs differ" >&2
  awk -v lit="$lit" -v pat="$pat" -v gen="$gen" -v mlr="$mlr" -v wc="$wc" -v all="$all" -v mb="$mb" -v rows="$rows" -v n="$n_lit" \
    -v load="$(cut -d' ' -f1-3 /proc/loadavg)" 'BEGIN {
    split(lit, L, " "); split(pat, P, " "); split(gen, G, " "); split(mlr, M, " "); split(wc, W, " "); split(all, A, " ")
    printf "rows kept (HB_NORTH): %d\n", n
    printf "%-28s %8s %10s %12s %8s\n", "", "seconds", "MB/s", "peak RSS MB", "CPU s"
    printf "%-28s %8.2f %10.0f %12.1f %8.2f\n", "powerfeed --node HB_NORTH", L[1], mb / L[1], L[2] / 1024, L[3]
    printf "%-28s %8.2f %10.0f %12.1f %8.2f\n", "powerfeed --node HB_NORT[H]", P[1], mb / P[1], P[2] / 1024, P[3]
    printf "%-28s %8.2f %10.0f %12.1f %8.2f\n", "powerfeed, every line split", G[1], mb / G[1], G[2] / 1024, G[3]
    printf "%-28s %8.2f %10.0f %12.1f %8.2f\n", "miller filter", M[1], mb / M[1], M[2] / 1024, M[3]
    printf "%-28s %8.2f %10.0f %12.1f %8.2f\n", "wc -l", W[1], mb / W[1], W[2] / 1024, W[3]
    printf "%-28s %8.2f %10.0f %12.1f %8.2f\n", "powerfeed, all nodes", A[1], mb / A[1], A[2] / 1024, A[3]
    printf "literal: %.1fx miller (goal >= 5x), %.2fx wc -l (goal <= 3x)\n", M[1] / L[1], L[1] / W[1]
    printf "pattern: %.1fx miller (goal >= 5x), %.2fx wc -l (goal <= 3x)\n", M[1] / P[1], P[1] / W[1]
    printf "split:   %.1fx miller (goal >= 5x), %.2fx wc -l (goal <= 3x)\n", M[1] / G[1], G[1] / W[1]
    if (W[3] > 0 && L[3] > 0)  # (/usr/bin/time counts in hundredths: a small file can read 0.00)
      printf "by CPU seconds: literal %.2fx wc -l, pattern %.2fx, split %.2fx; literal %.1fx miller\n",
        L[3] / W[3], P[3] / W[3], G[3] / W[3], M[3] / L[3]
    else
      print "by CPU seconds: too short to divide (0.00 s)"
    printf "load average after: %s\n", load
  }'
}

measure "$small"
measure "$big"
