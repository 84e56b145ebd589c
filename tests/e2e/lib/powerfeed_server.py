#!/usr/bin/env python3
"""A small HTTP server for powerfeed's URL tests, bound to 127.0.0.1 on a free port (printed on
stdout as the first line). Paths:
  /file/NAME      NAME from the data directory, with ETag and Last-Modified (304 when they match)
  /429/NAME       429 with Retry-After: 1 on the first request, then the file
  /truncated/NAME Content-Length of the whole file, half of it sent, then the connection closed
  /hang           accepts and never answers
  /html           an HTML error page with status 200
Usage: powerfeed_server.py DATA_DIR"""
import hashlib
import http.server
import os
import sys
import threading
import time

DATA = sys.argv[1]
seen_429 = set()
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def body_of(self, name):
        with open(os.path.join(DATA, os.path.basename(name)), "rb") as f:
            return f.read()

    def send_body(self, body, status=200, ctype="text/csv", extra=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        parts = self.path.split("/", 2)
        kind = parts[1] if len(parts) > 1 else ""
        name = parts[2] if len(parts) > 2 else ""
        if kind == "file":
            body = self.body_of(name)
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_body(body, extra=[("ETag", etag), ("Last-Modified", "Wed, 01 Jan 2025 00:00:00 GMT")])
        elif kind == "429":
            with lock:
                first = name not in seen_429
                seen_429.add(name)
            if first:
                self.send_body(b"slow down\n", status=429, ctype="text/plain", extra=[("Retry-After", "1")])
            else:
                self.send_body(self.body_of(name))
        elif kind == "truncated":
            body = self.body_of(name)
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
        elif kind == "hang":
            time.sleep(60)
        elif kind == "html":
            self.send_body(b"<!DOCTYPE html><html><body>Service unavailable</body></html>", ctype="text/html")
        else:
            self.send_body(b"not found\n", status=404, ctype="text/plain")


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
