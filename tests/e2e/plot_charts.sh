#!/usr/bin/env bash
# plot draws each record type's chart with gnuplot, and what a person would see is checked by
# reading the data back out of the picture (tests/e2e/lib/svg_points.py): the lines, boxes,
# areas and markers drawn in the SVG land within a pixel of where the records put them (ERCOT's
# recorded 2025-04-11 day-ahead prices as a series, a duration curve and an hour-by-day heatmap;
# allocate's dispatch, split and replay over them; leasecalc's cumulative cash, scenario NPVs and
# Monte Carlo spread of the examples; fleet status of simulated miners; hashbench's SGEMM beside
# its peak), and PNGs hold each series' colour.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
source "$HS_SOURCE_DIR/tests/e2e/lib/fleet.bash"
command -v gnuplot >/dev/null || { echo "gnuplot missing (scripts/install-deps installs gnuplot-nox)" >&2; exit 1; }
P=$(cut_data ercot_dam_hb_houston_2025-04-11.csv)
EX=$HS_SOURCE_DIR/examples
cp "$P" prices.csv
plot prices.csv -o price.svg && plot prices.csv --script >price.gp || fail "price series"
plot prices.csv --kind duration -o duration.svg && plot prices.csv --kind duration --script >duration.gp ||
  fail "price duration"
plot prices.csv --kind heatmap --tz America/Chicago -o heatmap.png || fail "heatmap"
leasecalc compare "$EX/compare.toml" --cash-flows -o cash.csv 2>/dev/null
plot cash.csv -o cash.svg && plot cash.csv --script >cash.gp || fail "cash flows"
allocate plan --site "$EX/site.toml" -i prices.csv -o dispatch.csv 2>/dev/null
plot dispatch.csv -o dispatch.png --size 800x450 || fail "dispatch png"

PYTHONPATH="$HS_SOURCE_DIR/tests/e2e/lib" python3 - <<'PY' || fail "the drawn points do not map back to the records"
import csv
from datetime import datetime
from svg_points import check
ts = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
rows = list(csv.DictReader(open("prices.csv")))
check("price.svg", "price.gp", {"HB_HOUSTON": [(ts(r["interval_start"]), float(r["price_per_mwh"])) for r in rows]})
hours, dur = 0.0, []
for r in sorted(rows, key=lambda r: -float(r["price_per_mwh"])):
    hours += int(r["interval_minutes"]) / 60
    dur.append((hours, float(r["price_per_mwh"])))
check("duration.svg", "duration.gp", {"HB_HOUSTON": dur})
cash = {}
for r in csv.DictReader(open("cash.csv")):
    cash.setdefault(r["scenario"], []).append((ts(r["period_end"]), float(r["cumulative_usd"])))
assert len(cash) == 3, cash.keys()
check("cash.svg", "cash.gp", cash)
# Payback marked where each scenario's cumulative cash first comes back to zero or more.
assert open("cash.gp").read().count("'payback' at") == sum(
    1 for pts in cash.values() if any(y < 0 for _, y in pts) and any(y >= 0 for i, (_, y) in enumerate(pts) if any(q < 0 for _, q in pts[:i])))
PY

PYTHONPATH="$HS_SOURCE_DIR/tests/e2e/lib" python3 - <<'PY' || fail "the PNGs lack a series' colour"
from png_pixels import pixels
px = pixels("dispatch.png")
count = lambda rgb: sum(1 for p in px if p == rgb)
# mining #0072B2, AI #E69F00, idle #bbbbbb (examples/site.toml on 2025-04-11: no reserve).
for name, rgb in {"mining": (0x00, 0x72, 0xB2), "AI": (0xE6, 0x9F, 0x00), "idle": (0xBB, 0xBB, 0xBB)}.items():
    assert count(rgb) > 500, (name, count(rgb))
heat = pixels("heatmap.png")
assert len(set(heat)) > 20, "the heatmap has too few colours: %d" % len(set(heat))
PY

# The other record types: each draws, naming its series.
allocate split --site "$EX/site.toml" -i prices.csv --ai-mw 0:40:20 --annualize hours -o split.csv 2>/dev/null
plot split.csv -o split.svg && plot split.csv --script >split.gp || fail "split"
allocate replay --site "$EX/site.toml" -i prices.csv --naive-forecast 10:00 -o replay.csv 2>/dev/null
plot replay.csv -o replay.svg && plot replay.csv --script >replay.gp || fail "replay"
PYTHONPATH="$HS_SOURCE_DIR/tests/e2e/lib" python3 - <<'PY' || fail "split or replay: the drawn points do not map back"
import csv
from datetime import datetime
from itertools import accumulate
from svg_points import check
tot = [r for r in csv.DictReader(open("split.csv")) if r["part"] == "total"]
assert [float(r["ai_mw"]) for r in tot] == [0, 20, 40], tot
check("split.svg", "split.gp", {t: [(float(r["ai_mw"]), float(r[f])) for r in tot] for t, f in (
    ("annual margin", "annual_margin_usd"), ("annual revenue", "annual_revenue_usd"),
    ("annual energy cost", "annual_energy_cost_usd"))})
rows = list(csv.DictReader(open("replay.csv")))
ts = [datetime.fromisoformat(r["interval_start"].replace("Z", "+00:00")).timestamp() for r in rows]
check("replay.svg", "replay.gp", {t: list(zip(ts, accumulate(float(r[f]) for r in rows))) for t, f in (
    ("rolling (forecast)", "margin_usd"), ("myopic", "myopic_margin_usd"), ("perfect foresight", "perfect_margin_usd"))})
PY
leasecalc mining "$EX/mining.toml" --monte-carlo 50 -o mc.csv 2>/dev/null
plot mc.csv -o mc.svg || fail "monte carlo"
assert_contains mc.svg "<title>P10-P90</title>" "Monte Carlo: the spread"
assert_contains mc.svg "<title>lease NPV</title>" "Monte Carlo: the lease"
python3 - <<'PY'
import json
ms = [{"id": "a%d" % i, "class": "s21", "firmware": "luxos", "ths": 200, "watts": 3500 + 100 * i, "state": "on"} for i in range(3)]
ms += [{"id": "b%d" % i, "class": "s19", "firmware": "luxos", "ths": 110, "watts": 3250, "state": "on"} for i in range(2)]
json.dump({"classes": [{"name": "s21", "pue": 1.0}, {"name": "s19", "pue": 1.0}], "machines": ms}, open("spec.json", "w"))
PY
start_fleet_sim spec.json inv.toml
fleet status --inventory inv.toml -o machines.csv
plot machines.csv --script >fleet.gp && plot machines.csv -o fleet.svg || fail "fleet"
assert_contains fleet.svg "<title>s21</title>" "fleet: one series per class"
assert_contains fleet.gp "\"a2\" 3" "fleet: each machine named"
# leasecalc's scenarios: the split candidates' NPV against their AI MW, read back within a pixel.
leasecalc compare "$EX/compare.toml" --split split.csv --quiet -o scenarios.csv
plot scenarios.csv -o scenarios.svg && plot scenarios.csv --script >scenarios.gp || fail "scenario_summary"
PYTHONPATH="$HS_SOURCE_DIR/tests/e2e/lib" python3 - <<'PY' || fail "the split candidates' NPV does not map back"
import csv, re
from svg_points import check
want = sorted((float(re.search(r"split_ai_([\d.]+)mw", r["scenario"]).group(1)), float(r["npv_usd"]))
              for r in csv.DictReader(open("scenarios.csv")) if "split_ai_" in r["scenario"])
assert [x for x, _ in want] == [0, 20, 40], want
check("scenarios.svg", "scenarios.gp", {"NPV of the split candidates": want})
PY
# hashbench's SGEMM on the native path, beside the device's peak.
hashbench sgemm --device native --m 128 --n 128 --k 128 --seconds 0.2 --warmup 0.05 -o sgemm.csv
plot sgemm.csv -o sgemm.svg || fail "sgemm"
assert_contains sgemm.svg "<title>peak</title>" "sgemm: the device's peak beside the measured figure"
# Boxes and markers read back too: the Monte Carlo spread (P10 to P90 boxes, mean and lease
# points), J/TH per machine, SGEMM beside its peak, the dispatch's price (right axis) and
# mining area, and the heatmap's cells (the dearest hour drawn in the palette's top colour).
plot mc.csv --script >mc.gp
plot sgemm.csv --script >sgemm.gp
plot dispatch.csv -o dispatch.svg && plot dispatch.csv --script >dispatch.gp
plot prices.csv --kind heatmap -o heatmap.svg && plot prices.csv --kind heatmap --script >heatmap.gp
PYTHONPATH="$HS_SOURCE_DIR/tests/e2e/lib" python3 - <<'PY' || fail "boxes and markers do not map back to the records"
import csv
from datetime import datetime
from svg_points import boxes, markers, px
near = lambda a, b: abs(a - b) <= 1
mc = list(csv.DictReader(open("mc.csv")))
bx, mk = boxes("mc.svg")["P10-P90"], markers("mc.svg")
assert len(bx) == len(mc) and len(mk["mean"]) == len(mc) and len(mk["lease NPV"]) == len(mc), (bx, mk)
for i, r in enumerate(mc, 1):
    (x_lo, x_hi, top, bottom, _), = [b for b in bx if b[0] < px("mc.gp", i, 0)[0] < b[1]]
    assert near(top, px("mc.gp", i, float(r["npv_p90_usd"]))[1]) and near(bottom, px("mc.gp", i, float(r["npv_p10_usd"]))[1]), r
    for title, field in (("mean", "npv_mean_usd"), ("lease NPV", "lease_npv_usd")):
        want = px("mc.gp", i, float(r[field]))
        assert any(near(x, want[0]) and near(y, want[1]) for x, y in mk[title]), (title, want, mk[title])
machines = [r for r in csv.DictReader(open("machines.csv")) if r["joules_per_th"]]
fb = boxes("fleet.svg")
for i, r in enumerate(machines, 1):
    x, y = px("fleet.gp", i, float(r["joules_per_th"]))
    assert any(b[0] < x < b[1] and near(b[2], y) for b in fb[r["class"]]), (r["machine"], x, y, fb[r["class"]])
sg = next(csv.DictReader(open("sgemm.csv")))
sb = boxes("sgemm.svg")
assert near(sb["measured"][0][2], px("sgemm.gp", 1, float(sg["gflops"]))[1]), (sb, sg["gflops"])
assert near(sb["peak"][0][2], px("sgemm.gp", 1, float(sg["peak_gflops"]))[1]), (sb, sg["peak_gflops"])
# The dispatch: the price as steps on the right axis, the mining area's top at mining_mw.
from svg_points import paths
ts = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
rows = list(csv.DictReader(open("dispatch.csv")))
price = paths("dispatch.svg")["price"]
want = []
for r in rows:
    t0 = ts(r["interval_start"])
    for t in (t0, t0 + 60 * int(r["interval_minutes"])):
        w = px("dispatch.gp", t, float(r["price_per_mwh"]), "y2")
        if not want or abs(want[-1][0] - w[0]) > 0.01 or abs(want[-1][1] - w[1]) > 0.01:
            want.append(w)  # gnuplot draws a repeated point once (two intervals at one price)
assert len(price) == len(want) and all(near(a[0], b[0]) and near(a[1], b[1]) for a, b in zip(price, want)), (price[:3], want[:3])
import re
from svg_points import groups
vertices = [tuple(map(float, p.split(","))) for pts in re.findall(r"points = '([^']*)'", groups("dispatch.svg")["mining"])
            for p in pts.split()]
for r in rows:  # each interval's mining MW is a step of the area: its start and end are vertices
    t0 = ts(r["interval_start"])
    for t in (t0, t0 + 60 * int(r["interval_minutes"])):
        x, y = px("dispatch.gp", t, float(r["mining_mw"]))
        assert any(near(vx, x) and near(vy, y) for vx, vy in vertices), (r["interval_start"], x, y)
# The heatmap: one cell per hour of the local day, the dearest one in the palette's top colour.
cells = sum(boxes("heatmap.svg").values(), [])
assert len(cells) == 24, len(cells)
prices = list(csv.DictReader(open("prices.csv")))  # hourly: one price per hour (UTC, plotted in UTC here)
dear = max(prices, key=lambda r: float(r["price_per_mwh"]))
t = ts(dear["interval_start"])
day = t // 86400
x, y = px("heatmap.gp", day * 86400 + 43200, (t - day * 86400) // 3600)
top = [c for c in cells if c[4].replace(" ", "") == "rgb(165,0,38)"]  # the palette's top colour, #a50026
assert len(top) == 1 and top[0][0] < x < top[0][1] and top[0][2] < y < top[0][3], (top, x, y, dear)
PY
# Each chart as a PNG holds each of its series' colours (pixels within a small distance of it:
# cairo smooths the lines' edges).
for c in price:prices.csv cash:cash.csv split:split.csv replay:replay.csv mc:mc.csv fleet:machines.csv \
  sgemm:sgemm.csv scenarios:scenarios.csv; do
  plot "${c#*:}" -o "png_${c%%:*}.png" || fail "png ${c%%:*}"
done
PYTHONPATH="$HS_SOURCE_DIR/tests/e2e/lib" python3 - <<'PY' || fail "a PNG lacks a series' colour"
from png_pixels import pixels
okabe = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7"]
rgb = lambda h: tuple(int(h[i:i + 2], 16) for i in (1, 3, 5))
want = {"price": [0], "cash": [0, 1, 2], "split": [0, 1, 2], "replay": [0, 1, 2], "mc": [0, 1, 3],
        "fleet": [0, 1], "sgemm": [0], "scenarios": [0, 1, 2, 3]}
for name, idx in want.items():
    px = pixels("png_%s.png" % name)
    for i in idx:
        c = rgb(okabe[i])
        n = sum(1 for p in px if sum(abs(a - b) for a, b in zip(p, c)) <= 40)
        assert n >= 20, (name, okabe[i], n)
PY
# Bad input: a record type plot does not draw, named with its columns.
printf 'a,b\n1,2\n' >other.csv
assert_exit 65 "unknown columns" -- plot other.csv -o x.svg
assert_contains "$T/err" "the columns (a,b) are no record plot draws" "why"
assert_exit 64 "no output" -- plot prices.csv
[[ ! -e x.svg ]] || fail "a failed plot left a picture"
finish
