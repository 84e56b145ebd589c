# hashbench bandwidth next to clpeak's global memory bandwidth on the same OpenCL device: a
# sanity factor only (speed is bench/hashbench_bandwidth.sh's business). The two count bytes
# differently (ours STREAM's read + write, clpeak's reads only) and load the device differently,
# so an equally good figure is not equal: on PoCL ours was 1.7 to 2.0 times clpeak's. Within a
# factor of 10 either way passes; outside it, one of the two measures something else.
# Skipped (77) where clpeak is absent (it is installed by scripts/install-deps --bench only).
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
command -v clpeak >/dev/null || { echo "clpeak not installed: skipped"; exit 77; }
hashbench devices --format csv >devices.csv
read -r dev p d < <(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
  $h["platform"] != "native" { pl = $h["platform"]; if (!(pl in num)) num[pl] = np++
    print $h["index"], num[pl], seen[pl] + 0; exit }' devices.csv)
[[ -n "${dev:-}" ]] || { echo "no OpenCL device: skipped"; exit 77; }
hashbench bandwidth --backend opencl -d "$dev" --kernel copy --mib 64 --seconds 1 -o bw.csv
ours=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next } { print $h["gb_per_s"] }' bw.csv)
theirs=$(timeout 300 clpeak -p "$p" -d "$d" --global-bandwidth 2>/dev/null |
  awk '/Global memory bandwidth/ { on = 1; next } on && /:/ { v = $NF + 0; if (v > best) best = v } END { print best + 0 }')
echo "hashbench copy $ours GB/s, clpeak $theirs GB/s"
assert_eq "ok" "$(awk -v a="$ours" -v b="$theirs" 'BEGIN { r = (b > 0 ? a / b : 0); print (r >= 0.1 && r <= 10 ? "ok" : "ratio " r) }')" \
  "ours within a factor of 10 of clpeak"
finish
