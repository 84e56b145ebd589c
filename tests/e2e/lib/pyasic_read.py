#!/usr/bin/env python3
"""Reads every machine of a fleet inventory with pyasic (an independent client), for
agreement checks against fleet(1). Run it with the pyasic venv's python (scripts/pyasic-venv):

    pyasic_read.py INVENTORY.toml [MACHINE_ID...]

It builds each machine's pyasic class directly (no network discovery), points its RPC and
web ports at the inventory's ports, calls get_data() and prints one JSON line per machine:
{"machine", "firmware", "ths", "watts", "temp_c", "board_c", "chip_c", "mining"} (ths in TH/s;
temp_c is the hottest hashboard temp or chip_temp pyasic reports, environment excluded, board_c
and chip_c the hottest of each; null: unknown).

pyasic 0.79.0 quirks worked around here: the antminer web client's multicommand drops the
port (it requests http://IP/cgi-bin/...), so its multicommand is replaced by one that keeps
it; ePIC's web port defaults to 4028 and bitaxe's to 80, both set from the inventory."""
import asyncio
import json
import os
import sys
import tomllib
import warnings

warnings.filterwarnings("ignore")

import httpx  # noqa: E402  (pyasic's dependency)
from pyasic.miners.antminer.bmminer.X19.S19 import BMMinerS19  # noqa: E402
from pyasic.miners.avalonminer.cgminer.A12X.A1246 import CGMinerAvalon1246  # noqa: E402
from pyasic.miners.backends.btminer import BTMinerV3  # noqa: E402  (API v3, port 4433)
from pyasic.miners.bitaxe.espminer.BM.BM1366 import BitAxeUltra  # noqa: E402
from pyasic.miners.whatsminer.btminer.M3X.M31S import BTMinerM31SV10  # noqa: E402
from pyasic.web.antminer import AntminerModernWebAPI  # noqa: E402

try:
    from pyasic.miners.antminer.epic.X19.S19 import ePICS19
except ImportError:  # pragma: no cover
    ePICS19 = None

CLASSES = {"antminer": BMMinerS19, "whatsminer": BTMinerM31SV10, "avalon": CGMinerAvalon1246,
           "epic": ePICS19, "bitaxe": BitAxeUltra, "whatsminer3": BTMinerV3}


def _optional_classes():
    """bmminer/cgminer/luxos/braiins, where pyasic has a plain class for them."""
    out = {}
    try:
        from pyasic.miners.antminer.bmminer.X19.S19 import BMMinerS19 as bm
        from pyasic.miners.backends.bmminer import BMMiner
        out["bmminer"] = type("SimBMMiner", (BMMiner,), {}) if bm else None
    except ImportError:
        pass
    try:
        from pyasic.miners.backends.cgminer import CGMiner
        out["cgminer"] = type("SimCGMiner", (CGMiner,), {})
    except ImportError:
        pass
    try:
        from pyasic.miners.antminer.luxos.X19.S19 import LUXMinerS19
        out["luxos"] = LUXMinerS19
    except ImportError:
        pass
    return out


class PortKeepingAntminerWeb(AntminerModernWebAPI):
    """pyasic's AntminerModernWebAPI.multicommand ignores self.port; this one keeps it."""

    async def multicommand(self, *commands, ignore_errors=False, allow_warning=True):
        data = {}
        for c in commands:
            try:
                data[c] = await self.send_command(c)
            except Exception:  # noqa: BLE001  (pyasic does the same: an empty reply)
                data[c] = {}
        data["multicommand"] = True
        return data


def host_port(addr):
    host, _, port = addr.rpartition(":")
    return host, int(port)


def make_miner(machine):
    """The pyasic miner object for one inventory [[machine]] table, or None."""
    fw = machine["firmware"]
    cls = CLASSES.get(fw) or _optional_classes().get(fw)
    if cls is None:
        return None
    host, port = host_port(machine["address"])
    miner = cls(host)
    if fw == "antminer":
        web_host, web_port = host_port(machine["web"])
        miner.web = PortKeepingAntminerWeb(web_host)
        miner.web.port = web_port
        if machine.get("password"):
            miner.web.pwd = machine["password"]
    if fw in ("epic", "bitaxe"):
        miner.web.port = port
        if fw == "epic" and machine.get("password"):
            miner.web.pwd = machine["password"]
    elif getattr(miner, "rpc", None) is not None:
        miner.rpc.port = port
        if fw == "whatsminer" and machine.get("password"):
            miner.rpc.pwd = machine["password"]
    return miner


def hottest(data, fields=("temp", "chip_temp")):
    temps = []
    for hb in data.hashboards or []:
        for t in (getattr(hb, f) for f in fields):
            if t is not None and t != -1:
                temps.append(float(t))
    return max(temps) if temps else None


async def read_one(machine):
    rec = {"machine": machine["id"], "firmware": machine["firmware"], "ths": None, "watts": None,
           "temp_c": None, "board_c": None, "chip_c": None, "mining": None}
    miner = make_miner(machine)
    if miner is None:
        rec["error"] = "no pyasic class"
        return rec
    try:
        data = await asyncio.wait_for(miner.get_data(), 30)
    except Exception as e:  # noqa: BLE001
        rec["error"] = "%s: %s" % (type(e).__name__, e)
        return rec
    if data.hashrate is not None:
        rec["ths"] = float(data.hashrate.into(data.hashrate.unit.TH)) if hasattr(data.hashrate, "into") \
            else float(data.hashrate)
    rec["watts"] = data.wattage
    rec["temp_c"] = hottest(data)
    rec["board_c"] = hottest(data, ("temp",))   # pyasic's per-board temperature
    rec["chip_c"] = hottest(data, ("chip_temp",))  # its chip temperature (an average on some families)
    rec["mining"] = data.is_mining
    return rec


async def read_inventory(path, ids=(), concurrency=None):
    """Every machine at once, at most `concurrency` (env PYASIC_CONCURRENCY, default 512, as
    fleet's --max-inflight) being read at a time."""
    inv = tomllib.load(open(path, "rb"))
    ms = [m for m in inv.get("machine", []) if not ids or m["id"] in ids]
    gate = asyncio.Semaphore(concurrency or int(os.environ.get("PYASIC_CONCURRENCY", "512")))

    async def gated(m):
        async with gate:
            return await read_one(m)
    return await asyncio.gather(*(gated(m) for m in ms))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for rec in asyncio.run(read_inventory(sys.argv[1], set(sys.argv[2:]))):
        print(json.dumps(rec), flush=True)


if __name__ == "__main__":
    main()
