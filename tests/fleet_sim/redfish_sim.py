#!/usr/bin/env python3
"""BMCs of GPU servers on 127.0.0.1 for fleet(1)'s Redfish tests: each serves a DMTF mockup
folder read in place (URL /redfish/v1/X -> DIR/X/index.json; 404 when the file is not there),
keeps what is PATCHed in memory, and draws power that follows a limit after a settle time.

    redfish_sim.py SPEC.json PORTS_OUT.json

SPEC: {"cert": PEM, "key": PEM (optional: https for the servers with "tls": true),
       "username": "admin", "password": "secret",
       "servers": [{"name", "mockup": DIR, "tls": bool, "auth": "session"|"basic",
                    "settle_s": 1.0 | null (never follows a limit),
                    "refuse": null | "message" (every PATCH answers 400 with it in @Message.ExtendedInfo),
                    "control": null | {"min": W, "max": W} (adds Chassis/<id>/Controls/PowerLimit),
                    "gpu_temp_c": null | C, "inlet_temp_c": null | C (adds Sensors GPU1Temp / IntakeTemp),
                    "require_etag": bool (a PATCH without the current ETag in If-Match gets 412)}]}
The draw is the mockup's (PowerConsumedWatts, EnvironmentMetrics PowerWatts, the TotalPower
sensor) while no limit is in force; settle_s seconds after a limit is set it is min(draw, limit).
Every resource that carries the draw shows the same value.

It writes {name: port, ..., "control": port} to PORTS_OUT, then prints "ready CONTROL_PORT". The
control port (plain HTTP) answers GET /state with each server's limit, draw, log of
PATCH/POST/DELETE requests and its sessions opened and deleted.
"""
import base64
import copy
import json
import os
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SPEC = json.load(open(sys.argv[1]))
USER = SPEC.get("username", "admin")
PASSWORD = SPEC.get("password", "secret")
LOCK = threading.Lock()


class Bmc:
    def __init__(self, cfg):
        self.cfg = cfg
        self.dir = cfg["mockup"]
        self.limit = None          # W in force (Power's LimitInWatts or the Control's SetPoint)
        self.limit_at = 0.0
        self.control_mode = "Disabled"
        self.etag = 1
        self.log = []
        self.tokens = {}
        self.opened = 0
        self.deleted = 0
        self.next_session = 1
        chassis = [m["@odata.id"] for m in self.file("Chassis")["Members"]]
        self.chassis = next(c for c in chassis if self.file(c[len("/redfish/v1/"):]) is not None)
        self.base_draw = self.mockup_draw()
        if self.base_draw is None:
            raise SystemExit("no draw in " + self.dir)
        # The mockup's own limit is in force from the start (public-localstorage: 500 W),
        # unless the limit lives in a Control, which starts disabled.
        if not cfg.get("control"):
            self.limit = self.mockup_limit

    def file(self, rel):
        path = os.path.join(self.dir, rel, "index.json")
        if not os.path.isfile(path):
            return None
        with open(path) as f:
            return json.load(f)

    def mockup_draw(self):
        rel = self.chassis[len("/redfish/v1/"):]
        p = self.file(rel + "/Power")
        if p:
            self.mockup_limit = p["PowerControl"][0].get("PowerLimit", {}).get("LimitInWatts")
            return p["PowerControl"][0]["PowerConsumedWatts"]
        self.mockup_limit = None
        e = self.file(rel + "/EnvironmentMetrics")
        return e["PowerWatts"]["Reading"] if e else None

    def draw(self):
        settle = self.cfg.get("settle_s", 0)
        if self.limit is None or settle is None or time.time() - self.limit_at < settle:
            return self.base_draw
        return min(self.base_draw, self.limit)

    # A GET: the mockup's file, with the draw, the limit and the added resources in place.
    def get(self, path):
        rel = path[len("/redfish/v1"):].strip("/")
        ch = self.chassis[len("/redfish/v1/"):]
        control = self.cfg.get("control")
        sensors = {"GPU1Temp": ("GPU", self.cfg.get("gpu_temp_c")), "IntakeTemp": ("Intake", self.cfg.get("inlet_temp_c"))}
        if control and rel == ch + "/Controls":
            return {"@odata.id": self.chassis + "/Controls", "Members": [{"@odata.id": self.chassis + "/Controls/PowerLimit"}]}
        if control and rel == ch + "/Controls/PowerLimit":
            body = {"@odata.id": self.chassis + "/Controls/PowerLimit", "@odata.etag": 'W/"%d"' % self.etag,
                    "ControlType": "Power", "ControlMode": self.control_mode, "SetPoint": self.limit,
                    "SetPointUnits": "W", "AllowableMin": control["min"], "AllowableMax": control["max"]}
            return body
        for name, (ctx, value) in sensors.items():
            if value is not None and rel == ch + "/Sensors/" + name:
                return {"@odata.id": path, "ReadingType": "Temperature", "PhysicalContext": ctx, "Reading": value,
                        "ReadingUnits": "Cel", "Status": {"State": "Enabled"}}
        body = self.file(rel)
        if body is None:
            return None
        body = copy.deepcopy(body)
        if rel == ch and control:
            body["Controls"] = {"@odata.id": self.chassis + "/Controls"}
        if rel == ch + "/Sensors":
            for name, (_, value) in sensors.items():
                if value is not None:
                    body["Members"].append({"@odata.id": self.chassis + "/Sensors/" + name})
        if rel == ch + "/Power":
            pc = body["PowerControl"][0]
            pc["PowerConsumedWatts"] = self.draw()
            pc.setdefault("PowerLimit", {})["LimitInWatts"] = None if control else self.limit
            body["@odata.etag"] = 'W/"%d"' % self.etag
        if rel == ch + "/EnvironmentMetrics":
            body["PowerWatts"]["Reading"] = self.draw()
        if rel == ch + "/Sensors/TotalPower":
            body["Reading"] = self.draw()
        return body

    def set_limit(self, w):
        with LOCK:
            self.limit = w
            self.limit_at = time.time()
            self.etag += 1


def refusal(status, message_id, message):
    return status, {"error": {"code": "Base.1.8.GeneralError", "message": "See @Message.ExtendedInfo",
                              "@Message.ExtendedInfo": [{"MessageId": message_id, "Message": message}]}}


def make_handler(bmc):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes: without this, a kept-alive connection waits
        # on Nagle and delayed ACKs for 40 ms a request.
        disable_nagle_algorithm = True

        def log_message(self, *a):
            pass

        def send_json(self, status, body, headers=None):
            data = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            if body is not None:
                self.send_header("Content-Type", "application/json")
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def body(self):
            n = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(n) if n else b""

        def authorized(self):
            if bmc.cfg.get("auth", "session") == "basic":
                want = "Basic " + base64.b64encode(("%s:%s" % (USER, PASSWORD)).encode()).decode()
                return self.headers.get("Authorization") == want
            return self.headers.get("X-Auth-Token") in bmc.tokens

        def path_only(self):
            return self.path.split("?")[0].rstrip("/") or "/"

        def do_GET(self):
            p = self.path_only()
            if p != "/redfish/v1" and not self.authorized():
                return self.send_json(*refusal(401, "Base.1.8.NoValidSession", "There is no valid session established with the implementation."))
            body = bmc.get(p) if p.startswith("/redfish/v1") else None
            if body is None:
                return self.send_json(*refusal(404, "Base.1.8.ResourceMissingAtURI", "The resource at the URI %s was not found." % p))
            headers = {"ETag": body["@odata.etag"]} if "@odata.etag" in body else {}
            self.send_json(200, body, headers)

        def do_POST(self):
            p = self.path_only()
            data = self.body()
            bmc.log.append(["POST", p])
            if p == "/redfish/v1/SessionService/Sessions":
                try:
                    cred = json.loads(data)
                except ValueError:
                    cred = {}
                if bmc.cfg.get("auth", "session") != "session" or cred.get("UserName") != USER or cred.get("Password") != PASSWORD:
                    return self.send_json(*refusal(401, "Base.1.8.InsufficientPrivilege", "Invalid username or password."))
                with LOCK:
                    n = bmc.next_session
                    bmc.next_session += 1
                    token = "tok-%d-%s" % (n, os.urandom(6).hex())
                    bmc.tokens[token] = n
                    bmc.opened += 1
                loc = "/redfish/v1/SessionService/Sessions/%d" % n
                return self.send_json(201, {"@odata.id": loc, "Id": str(n), "UserName": USER},
                                      {"X-Auth-Token": token, "Location": loc})
            self.send_json(*refusal(405, "Base.1.8.ActionNotSupported", "POST is not supported here."))

        def do_DELETE(self):
            p = self.path_only()
            bmc.log.append(["DELETE", p])
            tok = self.headers.get("X-Auth-Token")
            if p.startswith("/redfish/v1/SessionService/Sessions/") and tok in bmc.tokens and \
                    p.endswith("/%d" % bmc.tokens[tok]):
                with LOCK:
                    del bmc.tokens[tok]
                    bmc.deleted += 1
                return self.send_json(204, None)
            self.send_json(*refusal(404, "Base.1.8.ResourceMissingAtURI", "No such session."))

        def do_PATCH(self):
            p = self.path_only()
            data = self.body()
            bmc.log.append(["PATCH", p, data.decode(errors="replace"), self.headers.get("If-Match")])
            if not self.authorized():
                return self.send_json(*refusal(401, "Base.1.8.NoValidSession", "There is no valid session established with the implementation."))
            try:
                body = json.loads(data)
            except ValueError:
                return self.send_json(*refusal(400, "Base.1.8.MalformedJSON", "The request body submitted was malformed JSON."))
            if bmc.cfg.get("refuse"):
                return self.send_json(*refusal(400, "Base.1.8.PropertyNotWritable", bmc.cfg["refuse"]))
            if bmc.cfg.get("require_etag") and self.headers.get("If-Match") != 'W/"%d"' % bmc.etag:
                return self.send_json(*refusal(412, "Base.1.8.PreconditionFailed", "The ETag supplied did not match the ETag required to change this resource."))
            ch = bmc.chassis
            control = bmc.cfg.get("control")
            if control and p == ch + "/Controls/PowerLimit":
                mode = body.get("ControlMode", bmc.control_mode)
                sp = body.get("SetPoint", bmc.limit)
                if mode != "Disabled" and (sp is None or not control["min"] <= sp <= control["max"]):
                    return self.send_json(*refusal(400, "Base.1.8.PropertyValueOutOfRange", "The value %s for the property SetPoint is not in the supported range." % sp))
                bmc.control_mode = mode
                bmc.set_limit(None if mode == "Disabled" else sp)
                return self.send_json(204, None)
            if not control and p == ch + "/Power":
                try:
                    w = body["PowerControl"][0]["PowerLimit"]["LimitInWatts"]
                except (KeyError, IndexError, TypeError):
                    return self.send_json(*refusal(400, "Base.1.8.PropertyUnknown", "The property PowerControl is not known."))
                bmc.set_limit(w)
                return self.send_json(204, None)
            self.send_json(*refusal(405, "Base.1.8.ActionNotSupported", "PATCH is not supported on %s." % p))

    return Handler


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # a client's burst of GETs must not overflow the backlog


def main():
    ports = {}
    bmcs = {}
    for cfg in SPEC["servers"]:
        bmc = Bmc(cfg)
        httpd = Server(("127.0.0.1", 0), make_handler(bmc))
        if cfg.get("tls"):
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(SPEC["cert"], SPEC["key"])
            httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
        ports[cfg["name"]] = httpd.server_address[1]
        bmcs[cfg["name"]] = bmc
        threading.Thread(target=httpd.serve_forever, daemon=True).start()

    class Control(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            state = {n: {"limit": b.limit, "draw": b.draw(), "log": b.log, "opened": b.opened, "deleted": b.deleted,
                         "control_mode": b.control_mode} for n, b in bmcs.items()}
            data = json.dumps(state).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    ctl = ThreadingHTTPServer(("127.0.0.1", 0), Control)
    ports["control"] = ctl.server_address[1]
    with open(sys.argv[2] + ".tmp", "w") as f:
        json.dump(ports, f)
    os.replace(sys.argv[2] + ".tmp", sys.argv[2])
    print("ready %d" % ctl.server_address[1], flush=True)
    ctl.serve_forever()


if __name__ == "__main__":
    main()
