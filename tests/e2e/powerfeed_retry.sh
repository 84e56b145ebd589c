#!/usr/bin/env bash
# URLs answering 5xx: retried with backoff (1 s first) until the data comes, or given up after
# --retries with exit 69; and a CAISO OASIS zip (real rows zipped here) read like its CSV, both
# from a file and from a URL. The server is a few lines of Python started and stopped here.
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
CAISO_DAM=$(shared_data prices/caiso/20181013_20181107_PRC_LMP_DAM_v1.csv)
command -v python3 >/dev/null || exit 77

cp "$CAISO_DAM" caiso.csv
python3 -m zipfile -c caiso.zip caiso.csv
cat >server.py <<'PY'
import http.server, sys
fails = {"/503/caiso.zip": 1, "/500/caiso.zip": 99}  # how many 5xx answers before the body
seen = {}
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        n = seen.get(self.path, 0)
        seen[self.path] = n + 1
        if n < fails.get(self.path, 0):
            code = int(self.path.split("/")[1])
            self.send_response(code); self.send_header("Content-Length", "5"); self.end_headers()
            self.wfile.write(b"busy\n"); return
        body = open("caiso.zip", "rb").read()
        self.send_response(200); self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
PY
start_server python3 server.py

# The zip reads as the CSV does: CAISO fall-back OPR_HR 25 at 2018-11-04T09:00Z is 33.23085.
powerfeed caiso.csv >csv.out
assert_eq "602" "$(wc -l <csv.out)" "CAISO CSV rows"
assert_eq "$(cut -d, -f1-8 csv.out)" "$(powerfeed caiso.zip | cut -d, -f1-8)" "CAISO zip file = CSV"

# 503 once, then the body: one retry after 1 s.
assert_exit 0 "503 then success" -- powerfeed "$U/503/caiso.zip"
assert_contains "$T/err" "HTTP 503; retrying in 1 s" "backoff after 503"
assert_contains "$T/out" "2018-11-04T09:00:00Z,60,CAISO,da,0096WD_7_N001,,33.23085,USD,$U/503/caiso.zip" "row from the zip URL"
# 500 on every try: with --retries 1, two attempts, then exit 69 naming the status.
assert_exit 69 "500 every time" -- powerfeed "$U/500/caiso.zip" --retries 1
assert_contains "$T/err" "HTTP 500 after 2" "gives up after the retries"
finish
