#!/usr/bin/env python3
"""A stand-in for the ERCOT Public API on 127.0.0.1 (a free port, printed on the first line of
stdout), serving the replies recorded from the live API (../shared/data/api/ercot) and, for the
pages that were not recorded, rows built the same way from the recorded page's envelope.

  POST /MODE/token                         the B2C token reply as recorded (id_token "REDACTED");
                                           400 invalid_grant unless username/password match
  GET  /MODE/api/public-reports/np4-190-cd/dam_stlmnt_pnt_prices?deliveryDateFrom=D&...&size=N&page=P
  GET  /MODE/api/public-reports/np6-905-cd/spp_node_zone_hub?...
  GET  /MODE/api/public-reports/np4-188-cd/dam_clear_price_for_cap?...
  GET  /MODE/api/public-reports/np6-788-cd/lmp_node_zone_hub?SCEDTimestampFrom=2026-09-05T00:00:00&...
  GET  /MODE/api/public-reports/np3-565-cd/lf_by_model_weather_zone?deliveryDateFrom=2026-09-12&...
Data requests need "Authorization: Bearer REDACTED" and the subscription key, else 401.

A window's rows are the recorded ones where recorded (HB_HOUSTON / REGUP on 2026-09-04) and
synthetic elsewhere (price 100 + hour + day/100, REGUP 1 + hour/100: far from the recorded values); they are paged by the
asked size, and when the size is the recorded one (2) a recorded page is sent byte for byte.

MODE: ok; 401, 403 (every data request); 429 (first request of each page: Retry-After 1);
500mid (page 5 answers 500 once); 404mid (page 5 is 404); trunc (page 3 is cut short);
hang (page 2 never answers); 302 (a redirect elsewhere); expire (page 1 answers 401 once, as
for a token that expired); shorttoken (the token reply says expires_in "60"); secrettoken (the id_token is
"fake-id-token-" + the key, and it is the Bearer value expected); slow (0.2 s a request); ties (with several pages, page 2 repeats
page 1's rows, as rows tied on the sort key may); revise (2026-09-04 HE01 is 31.5, not 28.76);
twoday (a day's request is answered with that day's rows and the next day's).
With PUBLISH_CLOCK_FILE (the optional fifth argument) holding a UTC time (ISO 8601), real-time
prices (np6-905-cd) are served only for the intervals that ended by then, as ERCOT publishes
them after each interval; the file is read on every request, so a test can move the clock or
freeze it (a feed that stops publishing).
Usage: ercot_api_server.py DATA_DIR USERNAME PASSWORD SUBSCRIPTION_KEY [PUBLISH_CLOCK_FILE]"""
import http.server
import json
import math
import os
import sys
import threading
import time
import urllib.parse
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

DATA, USER, PASSWORD, KEY = sys.argv[1:5]
CLOCK = sys.argv[5] if len(sys.argv) > 5 else None
CENTRAL = ZoneInfo("America/Chicago")
ID_TOKEN = "fake-id-token-" + KEY  # secrettoken mode: a token value the tests can look for
lock = threading.Lock()
seen = {}

RECORDED = {
    ("np4-190-cd", "HB_HOUSTON", "2026-09-04"): ["np4-190-cd_dam_spp_HB_HOUSTON_2026-09-04_page1.json",
                                                 "np4-190-cd_dam_spp_HB_HOUSTON_2026-09-04_page2.json"],
    ("np6-905-cd", "HB_HOUSTON", "2026-09-04"): ["np6-905-cd_spp_HB_HOUSTON_2026-09-04_page1.json"],
    ("np4-188-cd", "REGUP", "2026-09-04"): ["np4-188-cd_mcpc_REGUP_2026-09-04_page1.json"],
}
# Recorded as the newest row of the whole product (no date filter): served as the one row of its
# day, in the recorded envelope with _meta counting that one row.
LATEST = {("np6-788-cd", "7RNCHSLR_ALL", "2026-09-05"): "np6-788-cd_lmp_node_zone_hub_latest_1row.json",
          ("np3-565-cd", "", "2026-09-12"): "np3-565-cd_lf_by_model_weather_zone_latest_1row.json"}
TEMPLATE = {"np6-788-cd": LATEST[("np6-788-cd", "7RNCHSLR_ALL", "2026-09-05")],
            "np3-565-cd": LATEST[("np3-565-cd", "", "2026-09-12")],
            "np4-190-cd": RECORDED[("np4-190-cd", "HB_HOUSTON", "2026-09-04")][0],
            "np6-905-cd": RECORDED[("np6-905-cd", "HB_HOUSTON", "2026-09-04")][0],
            "np4-188-cd": RECORDED[("np4-188-cd", "REGUP", "2026-09-04")][0]}


def load(name):
    with open(os.path.join(DATA, name), "rb") as f:
        return f.read()


def published(rows):
    """The real-time rows whose interval ended by the publish clock (all without one)."""
    if not CLOCK:
        return rows
    with open(CLOCK) as f:
        clock = datetime.fromisoformat(f.read().strip().replace("Z", "+00:00"))
    out = []
    for r in rows:
        start = datetime.strptime(r[0], "%Y-%m-%d").replace(tzinfo=CENTRAL) + timedelta(hours=r[1] - 1, minutes=15 * (r[2] - 1))
        if (start.astimezone(timezone.utc) + timedelta(minutes=15)) <= clock:
            out.append(r)
    return out


def window_rows(emil, scope, day, mode):
    """Every row of the window, recorded rows first in their recorded place."""
    if emil in ("np6-788-cd", "np3-565-cd"):
        name = LATEST.get((emil, scope, day))
        return json.loads(load(name))["data"] if name else []
    recorded = []
    for name in RECORDED.get((emil, scope, day), []):
        recorded += json.loads(load(name))["data"]
    dom = int(day[8:10])
    if emil == "np4-190-cd":
        rows = [[day, "%02d:00" % h, scope, round(100 + h + dom / 100, 2), False] for h in range(1, 25)]
        for r in recorded:
            rows[int(r[1][:2]) - 1] = r
        if mode == "revise" and day == "2026-09-04":
            rows[0] = rows[0][:3] + [31.5] + rows[0][4:]
        return rows
    if emil == "np6-905-cd":
        got = {(r[1], r[2]): r for r in recorded}
        rows = list(recorded)
        for h in range(1, 25):
            for i in range(1, 5):
                if (h, i) not in got:
                    rows.append([day, h, i, scope, "HU", round(100 + h + i / 10 + dom / 100, 2), False])
        return published(rows)
    if emil == "np4-188-cd":
        types = [scope] if scope else ["REGUP", "REGDN", "RRS", "ECRS", "NSPIN"]
        rows = []
        for t in types:
            rec = [r for r in recorded if r[2] == t] if t == "REGUP" else []
            have = {r[1] for r in rec}
            rows += rec + [[day, "%02d:00" % h, t, round(1 + h / 100, 2), False]
                           for h in range(1, 25) if "%02d:00" % h not in have]
        return rows
    return []


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, body, status=200, ctype="application/json", extra=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        parts = self.path.split("/")
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        form = urllib.parse.parse_qs(body.decode())
        if len(parts) < 3 or parts[2] != "token":
            return self.send(b"not found\n", 404, "text/plain")
        ok = (form.get("username") == [USER] and form.get("password") == [PASSWORD]
              and form.get("grant_type") == ["password"] and form.get("response_type") == ["id_token"])
        if not ok:
            return self.send(b'{"error":"invalid_grant","error_description":"bad credentials"}', 400)
        body = load("token_response_redacted.json")
        if parts[1] == "secrettoken":
            body = body.replace(b'"id_token":"REDACTED"', b'"id_token":"' + ID_TOKEN.encode() + b'"')
        if parts[1] == "shorttoken":
            body = body.replace(b'"expires_in":"3600"', b'"expires_in":"60"')
        self.send(body, ctype="application/json; charset=utf-8")

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        parts = url.path.split("/")
        q = {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}
        if len(parts) < 6 or parts[2:4] != ["api", "public-reports"]:
            return self.send(b"not found\n", 404, "text/plain")
        mode, emil = parts[1], parts[4]
        page, size = int(q.get("page", "1")), int(q.get("size", "2"))
        with lock:
            n = seen.get((self.path), 0)
            seen[self.path] = n + 1
        if mode == "slow":
            time.sleep(0.2)
        bearer = "Bearer " + (ID_TOKEN if mode == "secrettoken" else "REDACTED")
        if self.headers.get("Authorization") != bearer or \
                self.headers.get("Ocp-Apim-Subscription-Key") != KEY or mode in ("401", "403"):
            code = 403 if mode == "403" else 401
            return self.send(b'{"statusCode":%d,"message":"Access denied"}' % code, code)
        if mode == "expire" and page == 1 and n == 0:
            return self.send(b'{"statusCode":401,"message":"Token expired"}', 401)
        if mode == "302":
            return self.send(b"", 302, extra=[("Location", "http://elsewhere.invalid/steal")])
        if mode == "429" and n == 0:
            return self.send(b'{"statusCode":429,"message":"Rate limit is exceeded."}', 429,
                             extra=[("Retry-After", "1")])
        if mode == "500mid" and page == 5 and n == 0:
            return self.send(b"upstream error\n", 500, "text/plain")
        if mode == "404mid" and page == 5:
            return self.send(b'{"statusCode":404,"message":"Resource not found"}', 404)
        if mode == "hang" and page == 2:
            time.sleep(30)
            return
        scope = q.get("settlementPoint") or q.get("ancillaryType") or ""
        day = q.get("deliveryDateFrom") or q.get("SCEDTimestampFrom", "")[:10]
        rows = window_rows(emil, scope, day, mode)
        if mode == "twoday":
            nxt = time.strftime("%Y-%m-%d", time.gmtime(time.mktime(time.strptime(day, "%Y-%m-%d")) + 86400 + 43200))
            rows += window_rows(emil, scope, nxt, mode)
        recorded = RECORDED.get((emil, scope, day), [])
        if size == 2 and page <= len(recorded) and mode != "revise":
            body = load(recorded[page - 1])
        else:
            doc = json.loads(load(TEMPLATE[emil]))
            pages = max(1, math.ceil(len(rows) / size))
            doc["_meta"].update(totalRecords=len(rows), pageSize=size, totalPages=pages, currentPage=page)
            doc["_meta"]["query"]["parameters"] = {k: v for k, v in q.items() if k not in ("size", "page")}
            doc["_meta"]["query"]["parameterCount"] = len(doc["_meta"]["query"]["parameters"])
            shown = 1 if (mode == "ties" and page == 2 and pages > 1) else page
            doc["data"] = rows[(shown - 1) * size: shown * size]
            body = json.dumps(doc, separators=(",", ":")).encode()
        if mode == "trunc" and page == 3:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.send(body)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
