#!/usr/bin/env bash
# PPLNS over a synthetic share log: payout split with the sliding window, against `wc -l` on the
# same log and against the rescan-per-block implementation (bench/peers/pplns_rescan), in one run.
#
#   bench/payout.sh [SHARES] [ACCOUNTS] [BLOCKS] [RESCAN_SAMPLE]
#     defaults: 10000000 shares, 10000 accounts, 1000 blocks (the issue's full size is
#     100000000 10000 1000), rescan measured on RESCAN_SAMPLE (default 10) blocks spread evenly
#     over the log and scaled to all blocks (rescanning all 1000 would take hours).
# Uses build/release or build/ci's payout and the rescan peer built beside it (bench/pplns_rescan), else payout on
# PATH (or PAYOUT=path, RESCAN=path). Prints our figure, the peers' figures and the ratios.
# The log is written under BENCH_DIR (default: a new directory from mktemp -d); the 100M log
# needs about 4.3 GB there. payout's rows go down a pipe to `wc -l` (which counts them): a
# counter as cheap as the reader, so the pipe never throttles payout (awk counting 10 million
# rows did), and no file of a gigabyte of rows is written.
set -euo pipefail
N=${1:-10000000}
ACCOUNTS=${2:-10000}
BLOCKS=${3:-1000}
SAMPLE=${4:-10}
source "$(dirname "$0")/lib.sh"
PAYOUT=${PAYOUT:-$(b=$(bench_build_dir payout); [[ -n $b ]] && echo "$b/tools/payout" || echo payout)}
RESCAN=${RESCAN:-$(dirname "$(dirname "$PAYOUT")")/bench/pplns_rescan}
[[ -x $RESCAN ]] || { echo "bench/payout.sh: no $RESCAN (built beside payout; or RESCAN=path)" >&2; exit 69; }
W=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/payout-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# Shares: 10 a second from 2026-01-01, accounts and difficulty (1024..65536) drawn from a
# Lehmer generator (MINSTD: x = 48271 x mod 2^31-1, exact in awk's doubles) with a fixed seed,
# so every machine writes the same log: awk's own rand() differs between awks, and mawk
# 1.3.4-20240123 gave a different log on each run even after srand(12345).
# Blocks: one per N/BLOCKS shares, at the time of the last share of its round; network
# difficulty = the expected difficulty of one round, so the window X = 2 spans about two rounds.
t0=$(now)
awk -v n="$N" -v a="$ACCOUNTS" -v nb="$BLOCKS" -v blocks="$W/blocks.csv" 'BEGIN {
  print "time,account,share_difficulty"
  split("1024 2048 4096 8192 16384 65536", d, " ")
  mean = (1024 + 2048 + 4096 + 8192 + 16384 + 65536) / 6
  per = int(n / nb)
  print "height,time,block_hash,subsidy_sats,fees_sats,network_difficulty,status" > blocks
  x = 12345; last = -1
  for (k = 0; k < n; k++) {
    s = int(k / 10)
    if (s != last) { ts = strftime("%Y-%m-%dT%H:%M:%SZ", 1767225600 + s, 1); last = s }
    x = (x * 48271) % 2147483647
    r = int(x / 2147483647 * a * 18)
    printf "%s,acct%d.w%d,%d\n", ts, r % a, int(r / a) % 3, d[1 + int(r / a / 3)]
    if ((k + 1) % per == 0) {
      b = (k + 1) / per
      printf "%d,%s,%064x,312500000,%d,%d,confirmed\n", 900000 + b, ts, b, 1000000 + b, per * mean > blocks
    }
  }
}' >"$W/shares.csv"
t1=$(now)
size=$(du -m "$W/shares.csv" | cut -f1)
echo "generated $N shares ($size MB), $ACCOUNTS accounts, $BLOCKS blocks in $(secs "$t0" "$t1") s"

# Warm the page cache so every contender reads from memory.
cat "$W/shares.csv" >/dev/null

# CPU seconds (user + system) are compared as well as wall time: on a shared machine the wall
# clock also counts other people's jobs.
cpu() { awk '{ printf "%.2f", $2 + $3 }' "$1"; }
# Best of RUNS (default 3) for wc -l and for payout alike: the first read of a freshly written
# log can still wait on the disk, and one slow run should not set either figure.
RUNS=${RUNS:-3}
wc_s=; wc_cpu=
for _ in $(seq "$RUNS"); do
  t0=$(now); /usr/bin/time -f "%e %U %S %M" -o "$W/t_wc" wc -l <"$W/shares.csv" >/dev/null; t1=$(now)
  s=$(secs "$t0" "$t1")
  if [[ -z $wc_s ]] || awk -v a="$s" -v b="$wc_s" 'BEGIN { exit !(a < b) }'; then wc_s=$s; wc_cpu=$(cpu "$W/t_wc"); fi
done

ours_s=
for _ in $(seq "$RUNS"); do
  t0=$(now)
  /usr/bin/time -f "%e %U %S %M" -o "$W/t_run" "$PAYOUT" split --scheme pplns --window 2 --blocks "$W/blocks.csv" \
    --shares "$W/shares.csv" | wc -l >"$W/lines"
  t1=$(now)
  s=$(secs "$t0" "$t1")
  if [[ -z $ours_s ]] || awk -v a="$s" -v b="$ours_s" 'BEGIN { exit !(a < b) }'; then ours_s=$s; cp "$W/t_run" "$W/t_ours"; fi
done
rows=$(($(cat "$W/lines") - 1))  # less the header
rss_mb=$(awk '{ printf "%.0f", $4 / 1024 }' "$W/t_ours"); ours_cpu=$(cpu "$W/t_ours")

# Rescan: every (BLOCKS/SAMPLE)-th block, scaled up by BLOCKS/SAMPLE.
step=$((BLOCKS / SAMPLE))
awk -v step="$step" -F, 'NR == 1 || (NR - 1) % step == 0' "$W/blocks.csv" >"$W/sample.csv"
t0=$(now)
/usr/bin/time -f "%e %U %S %M" -o "$W/t_rescan" "$RESCAN" --scheme pplns --window 2 --blocks "$W/sample.csv" \
  --shares "$W/shares.csv" | wc -l >/dev/null
t1=$(now)
rescan_sample_s=$(secs "$t0" "$t1"); rescan_sample_cpu=$(cpu "$W/t_rescan")
rescan_s=$(awk -v s="$rescan_sample_s" -v f="$step" 'BEGIN { printf "%.1f", s * f }')
rescan_cpu=$(awk -v s="$rescan_sample_cpu" -v f="$step" 'BEGIN { printf "%.1f", s * f }')

# A smaller log in the same run: memory must not grow with the log beyond the window. Its tenth
# of the shares holds the first tenth of the blocks (a block after the log's end is refused).
head -n $((N / 10 + 1)) "$W/shares.csv" >"$W/small.csv"
head -n $((BLOCKS / 10 + 1)) "$W/blocks.csv" >"$W/small_blocks.csv"
/usr/bin/time -f "%e %U %S %M" -o "$W/t_small" "$PAYOUT" split --scheme pplns --window 2 --blocks "$W/small_blocks.csv" \
  --shares "$W/small.csv" | wc -l >/dev/null
rss_small_mb=$(awk '{ printf "%.0f", $4 / 1024 }' "$W/t_small")

awk -v n="$N" -v ours="$ours_s" -v wc="$wc_s" -v rs="$rescan_s" -v rss="$rss_mb" -v rss_small="$rss_small_mb" \
  -v rows="$rows" -v sample="$SAMPLE" -v rss_s="$rescan_sample_s" -v oc="$ours_cpu" -v wcc="$wc_cpu" \
  -v rc="$rescan_cpu" -v runs="$RUNS" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
  printf "load average at the end: %s\n", load
  printf "payout split (PPLNS, sliding window; best of %d): %.2f s wall, %.2f s CPU (all threads), %.0f shares/s wall, %d credit rows, max RSS %d MB (%d MB on a log 1/10 the size)\n", runs, ours, oc, n / ours, rows, rss, rss_small
  printf "wc -l on the same log (best of %d): %.2f s wall, %.2f s CPU -> payout/wc ratio %.1f wall, %.1f CPU (goal <= 3)\n", runs, wc, wcc, ours / wc, oc / (wcc > 0 ? wcc : 0.01)
  printf "rescan per block (bench/peers/pplns_rescan): %.1f s wall, %.1f s CPU, projected from %d sampled blocks (%.2f s wall) -> rescan/payout ratio %.0f wall, %.0f CPU\n", rs, rc, sample, rss_s, rs / ours, rc / oc
}'
