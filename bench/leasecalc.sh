#!/usr/bin/env bash
# Monte Carlo speed: 10,000 BTC price / difficulty paths over a 15-year monthly horizon
# (180 months) of examples/compare.toml, timed with hyperfine. No peer tool computes the same
# model, so the figure is compared with the issue's target ("runs in seconds on 2 cores").
# Usage: bench/leasecalc.sh [path/to/leasecalc]   (default: build/release, else build/ci, else PATH)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/bench/lib.sh"
tool=${1:-$(b=$(bench_build_dir leasecalc); [[ -n $b ]] && echo "$b/tools/leasecalc" || command -v leasecalc || echo leasecalc)}
[[ -x $tool ]] || { echo "leasecalc not found; build it or pass its path" >&2; exit 66; }
cmd="$tool compare $here/examples/compare.toml --set horizon_years=15 --monte-carlo 10000 --seed 1"
json=$(mktemp)
trap 'rm -f "$json"' EXIT
hyperfine --warmup 2 --runs 10 --export-json "$json" "$cmd" >&2
mean=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][0]['mean'])" "$json")
target=5
echo "leasecalc Monte Carlo 10000 paths x 180 months: ${mean} s (mean of 10)"
echo "target (issue: 'in seconds'): ${target} s"
python3 -c "import sys; print(f'ratio target/ours: {float(sys.argv[2])/float(sys.argv[1]):.1f}x')" "$mean" "$target"
$cmd
