#!/usr/bin/env python3
"""Prints prometheus_client's parse of a Prometheus text-format file (0.0.4) as JSON, one
sample a line: {"name", "labels", "value", "timestamp_ms"}, the shape of
tests/data/fleet/gpu/dcgm_h100x2.json, so a test can hold fleet's reader of dcgm-exporter's
/metrics (lib/fleet/gpu/prometheus.cpp) and an independent parser to the same samples.
Run it with the pyasic venv's python (scripts/pyasic-venv installs prometheus-client there):

    prom_parse.py FILE.prom

Values that JSON has no number for are the strings "NaN", "+Inf" and "-Inf". prometheus_client
renames a counter's samples FAMILY_total (OpenMetrics' convention); the name printed is the one
in the text again: FAMILY_total where the text's # TYPE line names FAMILY_total, else FAMILY.
Its text parser gives timestamps in seconds; they are printed back in integer ms."""
import json
import math
import sys

from prometheus_client.parser import text_string_to_metric_families


def number(v):
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "+Inf" if v > 0 else "-Inf"
    return int(v) if v == int(v) and abs(v) < 2**53 else v


def millis(ts):
    if ts is None:
        return None
    if hasattr(ts, "sec"):  # prometheus_client.samples.Timestamp (OpenMetrics)
        return ts.sec * 1000 + ts.nsec // 1_000_000
    return round(ts * 1000)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        text = f.read()
    typed = {line.split()[2] for line in text.splitlines() if line.startswith("# TYPE ") and len(line.split()) > 2}
    out = []
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            name = s.name
            if family.type == "counter" and name == family.name + "_total" and name not in typed:
                name = family.name
            out.append({"name": name, "labels": dict(s.labels), "value": number(s.value),
                        "timestamp_ms": millis(s.timestamp)})
    sys.stdout.write("[\n" + ",\n".join(json.dumps(x) for x in out) + "\n]\n")


if __name__ == "__main__":
    main()
