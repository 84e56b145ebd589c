"""A Whatsminer on MicroBT's API v3 (firmware 2024 on, M60 and later), as pyasic's
BTMinerV3RPCAPI speaks it: JSON on TCP, each message, both ways, after a 4-byte little-endian
length, several per connection. Replies are {"code": 0, "when": ..., "msg": ..., "desc": cmd};
an error has a non-zero code and a string msg.

  get.device.info "salt"        -> msg {"salt": ...}
  get.miner.status "summary"    -> msg {"summary": {"hash-realtime" TH/s, "hash-average",
                                   "factory-hash", "power-realtime" W, "power-limit" W,
                                   "environment-temperature", "elapsed", "fan-speed-in/out"}}
  get.miner.status "edevs"      -> msg {"edevs": [{"id", "hash-average", "chip-temp-min",
                                   "chip-temp-avg", "chip-temp-max", "effective-chips"}]}
  set.miner.service "stop"|"start", set.miner.power_limit <W>: need ts, account "super" and
  token = base64(sha256(cmd + password + salt + ts))[:8]; password: spec "password" ("super").
Faults: reject answers a set.* with code -1; stuck acknowledges and keeps the state."""
import asyncio
import base64
import hashlib
import json
import secrets
import struct
import time


def salt_of(m):
    if not getattr(m, "v3_salt", None):
        m.v3_salt = secrets.token_hex(4)
    return m.v3_salt


def reply(m, req):
    cmd, param = req.get("cmd", ""), req.get("param")
    ok = lambda msg: {"code": 0, "when": int(time.time()), "msg": msg, "desc": cmd}
    err = lambda code, msg: {"code": code, "when": int(time.time()), "msg": msg, "desc": cmd}
    if cmd == "get.device.info":
        if param == "salt":
            return ok({"salt": salt_of(m)})
        return ok({"miner": {"type": "M60S", "miner-sn": "SIM" + m.id}, "system": {"api": "3.0.1", "fwversion": "20240601"},
                   "network": {"hostname": m.id}, "power": {"fanspeed": 3600}, "hardware": {"boards": 3}})
    if cmd == "get.miner.status" and param == "summary":
        limit = m.power_limit or m.spec["watts"]
        return ok({"summary": {"elapsed": 5000, "hash-realtime": round(m.ths(), 3), "hash-average": round(m.ths(), 3),
                               "factory-hash": m.spec["ths"], "power-realtime": round(m.watts()), "power-limit": limit,
                               "environment-temperature": 25.0, "fan-speed-in": 3600 if m.on else 0,
                               "fan-speed-out": 3600 if m.on else 0}})
    if cmd == "get.miner.status" and param == "edevs":
        return ok({"edevs": [{"id": i, "hash-average": round(m.ths() / 3, 3), "chip-temp-min": (60 + i) if m.on else 30,
                              "chip-temp-avg": (70 + i) if m.on else 30, "chip-temp-max": (85 + i) if m.on else 31,
                              "effective-chips": 156} for i in range(3)]})
    if cmd.startswith("set."):
        want = base64.b64encode(hashlib.sha256((cmd + m.spec.get("password", "super") + salt_of(m) +
                                                str(req.get("ts"))).encode()).digest()).decode()[:8]
        if req.get("account") != "super" or req.get("token") != want:
            return err(-4, "invalid token")
        m.log.append([cmd, str(param)])
        if m.fault == "reject":
            return err(-1, "command failed")
        if m.fault == "stuck":
            return ok("ok")
        if cmd == "set.miner.service" and param in ("stop", "start"):
            m.on = param == "start"
            return ok("ok")
        if cmd == "set.miner.power_limit":
            m.power_limit = int(param)
            return ok("ok")
    return err(-2, "invalid command")


def handler(m):
    async def serve(reader, writer):
        try:
            while True:
                head = await reader.readexactly(4)
                body = await reader.readexactly(struct.unpack("<I", head)[0])
                if m.fault == "silent":
                    await reader.read()
                    return
                try:
                    req = json.loads(body)
                except ValueError:
                    return
                out = json.dumps(reply(m, req)).encode()
                if m.fault == "malformed":
                    out = out[: len(out) // 2]
                writer.write(struct.pack("<I", len(out)) + out)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()
    return serve
