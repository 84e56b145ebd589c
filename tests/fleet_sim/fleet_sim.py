#!/usr/bin/env python3
"""A fleet of simulated miners on 127.0.0.1 for fleet(1)'s tests and bench.

Each machine listens on its own port (chosen by the kernel) and answers the
CGMiner-compatible JSON API the way the firmware named in its spec does: one
request per connection, a JSON reply followed by a NUL byte, then close. The
reply shapes follow the vendors' documentation and replies recorded in public
projects; tests/data/fleet/README.md lists the sources for each one.

    fleet_sim.py SPEC.json INVENTORY_OUT.toml

SPEC: {"ramp_mw_per_minute": 0, "classes": [{"name", "pue", "profiles": {mode: profile}}],
       "machines": [{"id", "class", "firmware", "ths", "watts", "state": "on"|"sleep",
                     "fault": null|"silent"|"refused"|"stuck"|"malformed"|"slow"|"reject",
                     "slow_s": 2.0, "lag_s": 0, "profiles": {"name": [ths_factor, watts_factor]}}]}
Faults: silent accepts and never answers; refused has no listener; stuck acknowledges
curtail but keeps its power; malformed answers broken JSON; slow answers after slow_s
seconds; reject answers curtail with STATUS E. lag_s delays the power change after an
acknowledged curtail (a machine ramping).

New families (tests/fleet_sim/families.py): antminer (stock Bitmain: the TCP API plus a
Digest-auth web interface on a second port, written as `web = "127.0.0.1:PORT"`), whatsminer
(btminer API v2, encrypted privileged commands), avalon (Canaan cgminer, ascset), epic (ePIC
UMC HTTP API on the address port) and bitaxe (AxeOS HTTP API on the address port). Optional
per-machine keys: "password" (antminer web "root", whatsminer "admin", epic "letmein"),
"power_limit" (whatsminer, W), "frequency" (bitaxe, MHz, base 485), "escape_quirk" (whatsminer,
default true: the summary's \' quirk). For the HTTP families malformed truncates the body.

It writes the inventory (with the ports it bound) to INVENTORY_OUT, then prints
"ready CONTROL_PORT". The control port answers {"command": "dump"} with every
machine's state and the control commands it received, and {"command": "quit"}.
"""
import asyncio
import json
import random
import socket
import string
import sys
import time

import families

DESC = {
    # STATUS Description strings as the firmware sends them (see the README for sources).
    "cgminer": "cgminer 4.11.1",
    "bmminer": "bmminer bOS_am1-s9-20190221-0_572dd48c",
    "braiins": "BOSer boser-buildroot 0.1.0-0ce150e9",
    "luxos": "LUXminer 2024.2.19.131822-ef17c0c4",
    "antminer": "bmminer 1.0.0",
}


class Machine:
    def __init__(self, spec):
        self.spec = spec
        self.id = spec["id"]
        self.fw = spec["firmware"]
        self.on = spec.get("state", "on") == "on"
        self.fault = spec.get("fault")
        self.profiles = spec.get("profiles", {"default": [1.0, 1.0]})
        self.profile = "default"
        self.session = ""
        self.session_at = 0.0
        self.log = []
        self.port = 0
        self.hw_errors = random.Random(self.id).randint(0, 900)
        self.web_port = 0  # antminer: its web interface
        self.grpc_port = 0  # braiins with "grpc": true: the Braiins OS+ public API
        self.power_limit = spec.get("power_limit")  # whatsminer: watts cap
        self.frequency = spec.get("frequency")  # bitaxe: MHz (base 485)
        self.wm_tokens = []  # whatsminer: the get_token replies handed out
        self.nonces = []  # antminer web: Digest nonces handed out
        if self.fw in ("antminer", "avalon"):
            families.low_profiles(self)

    def scale(self):
        """(ths, watts) multipliers of a power limit (whatsminer) or a frequency (bitaxe)."""
        if self.frequency:
            r = float(self.frequency) / families.BITAXE_BASE_MHZ
            return r, r
        if self.power_limit:
            full = self.spec["watts"] * self.factor()[1]
            r = min(1.0, float(self.power_limit) / full) if full else 1.0
            return r, r
        return 1.0, 1.0

    def factor(self):
        return self.profiles.get(self.profile, [1.0, 1.0])

    def ths(self):
        return self.spec["ths"] * self.factor()[0] * self.scale()[0] if self.on else 0.0

    def watts(self):
        return self.spec["watts"] * self.factor()[1] * self.scale()[1] if self.on else 0.0


def status(m, code, msg, letter="S"):
    return [{"STATUS": letter, "When": int(time.time()), "Code": code, "Msg": msg, "Description": DESC[m.fw]}]


def reply(m, command, parameter):
    """The reply object for one request, shaped as the firmware m.fw shapes it."""
    if command == "summary":
        if m.fw == "cgminer":
            s = {"Elapsed": 89509, "MHS av": m.ths() * 1e6, "MHS 5s": m.ths() * 1e6,
                 "Accepted": 29452, "Rejected": 229, "Hardware Errors": m.hw_errors}
        else:
            # bmminer writes "GHS 5s" as a string and "GHS av" as a number.
            s = {"Elapsed": 89509, "GHS 5s": "%.2f" % (m.ths() * 1e3), "GHS av": round(m.ths() * 1e3, 2),
                 "Accepted": 29452, "Rejected": 229, "Hardware Errors": m.hw_errors}
        return {"STATUS": status(m, 11, "Summary"), "SUMMARY": [s], "id": 1}
    if command == "devs":
        devs = []
        for i in range(3):
            devs.append({"ASC": i, "Name": "BC5", "ID": i, "Enabled": "Y", "Status": "Alive",
                         "TempAVG": 60 + i, "TempMAX": 70 + i if m.on else 30, "TempMIN": 50,
                         "MHS 5s": m.ths() * 1e6 / 3, "Hardware Errors": m.hw_errors // 3})
        return {"STATUS": status(m, 9, "3 ASC(s)"), "DEVS": devs, "id": 1}
    if command == "temps":
        temps = [{"Board": 58.0 + i if m.on else 25.0, "Chip": 76.0 + i if m.on else 25.0, "ID": i, "TEMP": i}
                 for i in range(3)]
        return {"STATUS": status(m, 201, "3 Temp(s)"), "TEMPS": temps, "id": 1}
    if command == "pools":
        return {"STATUS": status(m, 7, "1 Pool(s)"), "POOLS": [{
            "POOL": 0, "URL": "stratum+tcp://stratum.slushpool.com:3333", "Status": "Alive", "Priority": 0,
            "Accepted": 29452, "Rejected": 229, "User": "site." + m.id, "Stratum Active": True}], "id": 1}
    if command == "power" and m.fw == "luxos":
        return {"STATUS": status(m, 0, "Power"), "POWER": [{"Watts": round(m.watts())}], "id": 1}
    if command == "tunerstatus" and m.fw == "braiins":
        return {"STATUS": status(m, 0, "Tuner status"), "TUNERSTATUS": [{
            "PowerLimit": int(m.power_limit or m.spec["watts"]), "ApproximateMinerPowerConsumption": round(m.watts())}], "id": 1}
    if m.fw == "luxos" and command in ("logon", "session", "logoff", "curtail", "profileset"):
        return luxos_control(m, command, parameter)
    if m.fw == "braiins" and command in ("pause", "resume"):
        m.log.append([command, parameter])
        if m.fault == "reject":
            return {"STATUS": status(m, 0, "Command failed", "E"), "id": 1}
        if m.fault != "stuck":
            m.on = command == "resume"
        return {"STATUS": status(m, 0, "Mining paused" if command == "pause" else "Mining resumed"), "id": 1}
    return {"STATUS": status(m, 14, "Invalid command", "E"), "id": 1}


def luxos_control(m, command, parameter):
    m.log.append([command, parameter])
    now = time.time()
    if m.session and now - m.session_at > 60:
        m.session = ""  # sessions expire after a minute
    if command == "session":  # the open session, if any (LuxOS docs, luxminer/session)
        return {"SESSION": [{"SessionID": m.session}], "STATUS": status(m, 319, "Session information"), "id": 1}
    if command == "logon":
        if m.session:
            return {"STATUS": status(m, 402, "Another session is active", "E"), "id": 1}
        m.session = "".join(random.choice(string.ascii_letters + string.digits) for _ in range(8))
        m.session_at = now
        return {"SESSION": [{"SessionID": m.session}], "STATUS": status(m, 316, "Session created"), "id": 1}
    args = parameter.split(",")
    if not m.session or args[0] != m.session:
        return {"STATUS": status(m, 0, "Invalid session id", "E"), "id": 1}
    m.session_at = now
    if command == "logoff":
        m.session = ""
        return {"STATUS": status(m, 317, "Session closed"), "id": 1}
    if command == "curtail":
        action = args[1] if len(args) > 1 else ""
        if action not in ("sleep", "wakeup"):
            return {"STATUS": status(m, 0, "Invalid curtail action", "E"), "id": 1}
        if m.fault == "reject":
            return {"STATUS": status(m, 0, "Curtailment failed", "E"), "id": 1}
        if m.fault != "stuck":
            lag = float(m.spec.get("lag_s", 0))
            if lag > 0:  # the machine ramps: its power follows the command after lag_s seconds
                asyncio.get_running_loop().call_later(lag, setattr, m, "on", action == "wakeup")
            else:
                m.on = action == "wakeup"
        return {"CURTAIL": [{"Action": "sleep mode" if action == "sleep" else "wake up"}],
                "STATUS": status(m, 335, "Curtailment command sent"), "id": 1}
    if command == "profileset":
        name = args[1] if len(args) > 1 else ""
        if name not in m.profiles:
            return {"STATUS": status(m, 0, "Profile not found", "E"), "id": 1}
        m.profile = name
        return {"PROFILE": [{"Board": 0, "FrequencyStep": 5, "Profile": name, "VoltageStep": 0.05}],
                "STATUS": status(m, 321, "Profile Set"), "id": 1}
    return {"STATUS": status(m, 14, "Invalid command", "E"), "id": 1}


async def read_request(reader):
    data = b""
    while True:
        chunk = await reader.read(4096)
        if not chunk:
            return data
        data += chunk
        try:
            return json.loads(data.decode().rstrip("\0"))
        except ValueError:
            continue


def handler(m):
    async def serve(reader, writer):
        try:
            req = await asyncio.wait_for(read_request(reader), 10)
            if m.fault == "silent":
                await reader.read()  # hold the connection open until the client gives up
                return
            if m.fault == "slow":
                await asyncio.sleep(float(m.spec.get("slow_s", 2.0)))
            if not isinstance(req, dict):
                return
            if m.fw in families.RPC_FAMILIES:
                out = families.rpc_reply(m, req, reply)
            else:
                body = reply(m, req.get("command", ""), req.get("parameter", ""))
                out = json.dumps(body).encode()
            if m.fault == "malformed":
                out = out[: len(out) // 2]
            writer.write(out + b"\0")
            await writer.drain()
        except (asyncio.TimeoutError, ConnectionError):
            pass
        finally:
            writer.close()
    return serve


def inventory_toml(spec, machines):
    lines = []
    if spec.get("ramp_mw_per_minute"):
        lines += ["[site]", "ramp_mw_per_minute = %s" % spec["ramp_mw_per_minute"], ""]
    for c in spec["classes"]:
        lines += ["[[class]]", 'name = "%s"' % c["name"], "pue = %s" % c.get("pue", 1.0)]
        if c.get("profiles"):
            lines.append("profiles = { %s }" % ", ".join('%s = "%s"' % kv for kv in c["profiles"].items()))
        lines.append("")
    for m in machines:
        s = m.spec
        lines += ["[[machine]]", 'id = "%s"' % m.id, 'address = "127.0.0.1:%d"' % m.port,
                  'class = "%s"' % s["class"], 'firmware = "%s"' % s["firmware"],
                  "ths = %s" % s["ths"], "watts = %s" % s["watts"]]
        if m.fw == "antminer":
            lines.append('web = "127.0.0.1:%d"' % m.web_port)
        if m.grpc_port:
            lines.append('grpc = "127.0.0.1:%d"' % m.grpc_port)
        lines.append("")
    return "\n".join(lines)


async def main(spec_path, inventory_path):
    spec = json.load(open(spec_path))
    machines = [Machine(s) for s in spec["machines"]]
    servers = []
    held = []
    for m in machines:
        if m.fault == "refused":
            # Bound but not listening: a connect is refused, and the port stays ours. A port
            # closed after binding could be taken by a simulator of a test running beside this
            # one, whose machine would then answer this one's commands.
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", 0))
            held.append(sock)
            m.port = sock.getsockname()[1]
            if m.fw == "antminer":
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                sock.bind(("127.0.0.1", 0))
                held.append(sock)
                m.web_port = sock.getsockname()[1]
            continue
        if m.fw in families.HTTP_FAMILIES:  # HTTP only, on the address port
            serve = families.http_handler(m, families.ROUTES[m.fw])
        elif m.fw == "whatsminer3":  # btminer API v3: length-prefixed JSON
            import whatsminer3
            serve = whatsminer3.handler(m)
        else:
            serve = handler(m)
        srv = await asyncio.start_server(serve, "127.0.0.1", 0, backlog=512)
        m.port = srv.sockets[0].getsockname()[1]
        servers.append(srv)
        if m.fw == "antminer":
            web = await asyncio.start_server(families.http_handler(m, families.antminer_web), "127.0.0.1", 0,
                                             backlog=512)
            m.web_port = web.sockets[0].getsockname()[1]
            servers.append(web)
        if m.fw == "braiins" and m.spec.get("grpc"):
            import braiins_grpc  # needs the pyasic venv (grpclib, Braiins's generated messages)
            g, m.grpc_port = await braiins_grpc.start(m)
            servers.append(g)
    with open(inventory_path, "w") as f:
        f.write(inventory_toml(spec, machines))
    done = asyncio.Event()

    async def control(reader, writer):
        req = await read_request(reader)
        if isinstance(req, dict) and req.get("command") == "dump":
            out = {m.id: {"port": m.port, "on": m.on, "watts": m.watts(), "ths": m.ths(),
                          "profile": m.profile, "log": m.log} for m in machines}
            for m in machines:  # the new families add what they show (temps, mode, limit, frequency)
                if m.fw in families.NEW_FAMILIES:
                    out[m.id].update(families.extra_dump(m))
                    if m.fw == "antminer":
                        out[m.id]["web_port"] = m.web_port
                if m.grpc_port:
                    out[m.id]["power_limit"] = m.power_limit
            writer.write(json.dumps({"machines": out, "total_watts": sum(m.watts() for m in machines)}).encode())
        elif isinstance(req, dict) and req.get("command") == "fault":
            for m in machines:  # a machine turns faulty (or well again: fault null) while running
                if m.id == req.get("machine"):
                    m.fault = req.get("fault")
            writer.write(b"{}")
        elif isinstance(req, dict) and req.get("command") == "quit":
            done.set()
        await writer.drain()
        writer.close()

    ctl = await asyncio.start_server(control, "127.0.0.1", 0)
    print("ready %d" % ctl.sockets[0].getsockname()[1], flush=True)
    await done.wait()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    asyncio.run(main(sys.argv[1], sys.argv[2]))
