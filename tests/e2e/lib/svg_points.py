"""Reads the drawn points back out of plot's SVG (gnuplot's svg terminal): each plot group's
title and the points of its longest subpath, and the pixel a data point should be at, from the
script's axis ranges and plot's fixed plot area (lib/plot/chart.hpp)."""
import re

W, H = 960, 540
L, R, B, T = 0.10, 0.88, 0.16, 0.88


def ranges(script):
    text = open(script).read()
    x = re.search(r"set xrange \['?([-\d.e+]+)'?:'?([-\d.e+]+)'?\]", text)
    y = re.search(r"set yrange \[([-\d.e+]+):([-\d.e+]+)\]", text)
    return float(x.group(1)), float(x.group(2)), float(y.group(1)), float(y.group(2))


def paths(svg):
    """{title: [(x, y), ...]}: per plot group, its longest subpath (the key's sample has two points)."""
    text = open(svg).read()
    starts = [m.start() for m in re.finditer(r'<g id="gnuplot_plot_\d+"', text)] + [len(text)]
    out = {}
    for a, b in zip(starts, starts[1:]):
        group = text[a:b]
        end = group.find("</g>\n\t</g>")  # the group's own closing: the border and axes follow the last one
        if end >= 0:
            group = group[:end]
        title = re.search(r"<title>([^<]*)</title>", group).group(1)
        best = []
        for d in re.findall(r"d='([^']*)'", group):
            for sub in d.split("M")[1:]:
                pts = [tuple(map(float, p.split(","))) for p in re.findall(r"[-\d.]+,[-\d.]+", sub)]
                if len(pts) > len(best):
                    best = pts
        out[title] = best
    return out


def check(svg, script, want, width=W, height=H):
    """Every point of each named series is drawn within a pixel of where it belongs."""
    x0, x1, y0, y1 = ranges(script)
    got = paths(svg)
    for name, pts in want.items():
        drawn = got.get(name)
        assert drawn and len(drawn) == len(pts), (svg, name, len(drawn or []), len(pts))
        for (x, y), (px, py) in zip(pts, drawn):
            ex = width * (L + (R - L) * (x - x0) / (x1 - x0))
            ey = height * (1 - (B + (T - B) * (y - y0) / (y1 - y0)))
            assert abs(ex - px) <= 1 and abs(ey - py) <= 1, (svg, name, x, y, ex, ey, px, py)


def groups(svg):
    """{title: text of the plot group}."""
    text = open(svg).read()
    starts = [m.start() for m in re.finditer(r'<g id="gnuplot_plot_\d+"', text)] + [len(text)]
    out = {}
    for a, b in zip(starts, starts[1:]):
        group = text[a:b]
        end = group.find("</g>\n\t</g>")
        out[re.search(r"<title>([^<]*)</title>", group).group(1)] = group[:end] if end >= 0 else group
    return out


def in_area(y, height=H):
    return y >= height * (1 - T) - 1  # below the top margin: the key's samples sit above it


def boxes(svg, height=H):
    """{title: [(x_min, x_max, y_top, y_bottom, fill), ...]}: the filled polygons of each group in the plot area."""
    out = {}
    for title, g in groups(svg).items():
        found = []
        for fill, pts in re.findall(r"<polygon fill = '([^']*)'[^>]*points = '([^']*)'", g):
            xy = [tuple(map(float, p.split(","))) for p in pts.split()]
            xs, ys = [p[0] for p in xy], [p[1] for p in xy]
            if in_area(min(ys), height):
                found.append((min(xs), max(xs), min(ys), max(ys), fill))
        out[title] = found
    return out


def markers(svg, height=H):
    """{title: [(x, y), ...]}: the point markers of each group in the plot area."""
    out = {}
    for title, g in groups(svg).items():
        pts = [(float(x), float(y)) for x, y in re.findall(r"<use xlink:href='#gpPt\d+' transform='translate\(([-\d.]+),([-\d.]+)\)", g)]
        out[title] = [p for p in pts if in_area(p[1], height)]
    return out


def axis(script, name):
    text = open(script).read()
    m = re.search(r"set %srange \['?([-\d.e+]+)'?:'?([-\d.e+]+)'?\]" % name, text)
    return float(m.group(1)), float(m.group(2))


def px(script, x, y, yaxis="y", width=W, height=H):
    """The pixel of data point (x, y) on the chart of this script."""
    x0, x1 = axis(script, "x")
    y0, y1 = axis(script, yaxis)
    return width * (L + (R - L) * (x - x0) / (x1 - x0)), height * (1 - (B + (T - B) * (y - y0) / (y1 - y0)))
