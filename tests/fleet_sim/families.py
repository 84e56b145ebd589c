"""The firmware families fleet_sim.py speaks beside cgminer, bmminer, luxos and braiins:
antminer (stock Bitmain, TCP API + Digest-auth web), whatsminer (MicroBT btminer API v2
with its encrypted privileged commands), avalon (Canaan cgminer), epic (ePIC UMC HTTP API)
and bitaxe (AxeOS HTTP API). Quirks of the real firmware are reproduced on purpose: the
whatsminer summary carries a backslash-apostrophe (not valid JSON), a soft-off Avalon writes
a bare nan. The crypto for whatsminer's privileged API is imported only when it is used."""
import asyncio
import base64
import hashlib
import json
import random
import string
import time

RPC_FAMILIES = ("antminer", "whatsminer", "avalon")
HTTP_FAMILIES = ("epic", "bitaxe")
NEW_FAMILIES = RPC_FAMILIES + HTTP_FAMILIES
WM_FW = "20210109.22.REL"
AVALON_DESC = "cgminer 4.11.1"
BITAXE_BASE_MHZ = 485.0


def rnd(n, alphabet=string.ascii_letters + string.digits):
    return "".join(random.choice(alphabet) for _ in range(n))


def set_on(m, value):
    """An acknowledged power change, after lag_s seconds if the machine ramps."""
    lag = float(m.spec.get("lag_s", 0))
    if lag > 0:
        asyncio.get_running_loop().call_later(lag, setattr, m, "on", value)
    else:
        m.on = value


def set_profile(m, name):
    lag = float(m.spec.get("lag_s", 0))
    if lag > 0:
        asyncio.get_running_loop().call_later(lag, setattr, m, "profile", name)
    else:
        m.profile = name


def low_profiles(m):
    """The low-power profile of antminer/avalon: the spec's "low" factors, else 0.7/0.6."""
    if "low" not in m.profiles:
        m.profiles = dict(m.profiles, low=[0.7, 0.6])


def temps(m):
    """Every temperature a family reports, hashing or not (also shown in the dump)."""
    on = m.on
    if m.fw == "antminer":
        return {"board": [60, 61, 62] if on else [25, 25, 25], "chip": [75, 76, 77] if on else [25, 25, 25]}
    if m.fw == "whatsminer":
        return {"board": [78, 79, 80] if on else [30, 30, 30], "chip_avg": [82, 83, 84] if on else [30, 30, 30],
                "chip_max": [94, 95, 96] if on else [31, 31, 31], "summary": 80 if on else 30, "env": 25}
    if m.fw == "avalon":
        return {"intake": 25, "mtmax": [88, 89, 87] if on else [30, 30, 30], "mtavg": [80, 81, 79] if on else [28, 28, 28]}
    if m.fw == "epic":
        return {"board": [70, 71, 72] if on else [35, 35, 35]}
    if m.fw == "bitaxe":
        return {"chip": 55.5, "vr": 48.0}
    return {}


def hottest(m):
    """The hottest hashboard/chip temperature the firmware reports (env/intake excluded)."""
    t = temps(m)
    vals = []
    for k, v in t.items():
        if k in ("env", "intake", "summary"):
            continue
        vals += v if isinstance(v, list) else [v]
    return max(vals) if vals else None


def extra_dump(m):
    d = {"temp_c": hottest(m)}
    if m.fw == "antminer":
        d["mode"] = {"default": 0, "low": 3}.get(m.profile, 0) if m.on else 1
    if m.fw == "avalon":
        d["mode"] = {"low": 0, "default": 1, "high": 2}.get(m.profile, 1)
    if m.fw == "whatsminer":
        d["power_limit"] = m.power_limit
    if m.fw == "bitaxe":
        d["frequency"] = m.frequency or BITAXE_BASE_MHZ
    return d


# ----------------------------------------------------------------------------------------
# antminer (stock Bitmain): TCP API


def st(code, msg, desc, letter="S"):
    return [{"STATUS": letter, "When": int(time.time()), "Code": code, "Msg": msg, "Description": desc}]


def antminer_rpc(m, command, parameter, fallback):
    ghs = m.ths() * 1e3
    desc = "bmminer 1.0.0"
    if command == "version":
        return {"STATUS": st(22, "BMMiner versions", desc), "VERSION": [{
            "BMMiner": "1.0.0", "API": "3.1", "Miner": "uart_trans.1.3",
            "CompileTime": "Mon Jul 19 11:26:07 CST 2021", "Type": "Antminer S19"}], "id": 1}
    if command == "devdetails":
        return {"STATUS": st(69, "Device Details", desc), "DEVDETAILS": [
            {"DEVDETAILS": i, "Name": "", "ID": i, "Driver": "uart_trans", "Kernel": "", "Model": "", "Device Path": ""}
            for i in range(3)], "id": 1}
    if command == "stats":
        t = temps(m)
        s = {"STATS": 0, "ID": "BC50", "Elapsed": 89509, "Calls": 0, "Wait": 0.0, "Max": 0.0, "Min": 99999999.0,
             "GHS 5s": "%.2f" % ghs, "GHS av": round(ghs, 2), "rate_30m": round(ghs, 2),
             "Mode": (3 if m.profile == "low" else 0) if m.on else 254,
             "miner_count": 3, "frequency": 675, "fan_num": 4}
        for i in range(4):
            s["fan%d" % (i + 1)] = 5400 + 60 * i if m.on else 0
        s["temp_num"] = 3
        for i in range(3):
            s["temp%d" % (i + 1)] = t["board"][i]
            s["temp2_%d" % (i + 1)] = t["chip"][i]
        for i in range(3):
            s["chain_rate%d" % (i + 1)] = "%.2f" % (ghs / 3)
        s.update({"total_rateideal": float(m.spec["ths"]) * 1e3, "rate_unit": "GH", "total_freqavg": 675,
                  "total_acn": 228, "total rate": round(ghs, 2), "temp_max": max(t["board"]),
                  "miner_version": "uart_trans.1.3", "miner_id": "%016x" % random.Random(m.id).getrandbits(64)})
        return {"STATUS": st(70, "CGMiner stats", desc), "STATS": [
            {"BMMiner": "1.0.0", "Miner": "uart_trans.1.3", "CompileTime": "Mon Jul 19 11:26:07 CST 2021",
             "Type": "Antminer S19"}, s], "id": 1}
    if command in ("summary", "devs", "pools"):
        return fallback(m, command, parameter)
    return {"STATUS": st(14, "Invalid command", desc, "E"), "id": 1}


# ----------------------------------------------------------------------------------------
# whatsminer (btminer API v2)


def wm_status(code, msg, letter="S"):
    return {"STATUS": letter, "When": int(time.time()), "Code": code, "Msg": msg, "Description": ""}


def wm_reply(m, command):
    t = temps(m)
    mhs = m.ths() * 1e6
    desc = "btminer"
    if command == "summary":
        s = {"Elapsed": 1216997, "MHS av": mhs, "MHS 5s": mhs, "MHS 1m": mhs, "MHS 5m": mhs, "MHS 15m": mhs,
             "HS RT": mhs, "Accepted": 457459, "Rejected": 518, "Hardware Errors": m.hw_errors,
             "Temperature": t["summary"], "freq_avg": 438 if m.on else 0,
             "Fan Speed In": 3870 if m.on else 0, "Fan Speed Out": 3930 if m.on else 0,
             "Power": round(m.watts()), "Power_RT": round(m.watts()),
             "Power Rate": round(m.watts() / m.ths(), 2) if m.ths() else 0,
             "Uptime": 1224515, "Power Fanspeed": 8784, "Power Mode": "Normal",
             "Firmware Version": "'%s'" % WM_FW, "CB Platform": "ALLWINNER_H6", "CB Version": "V2",
             "MAC": "C4:05:09:00:%02X:%02X" % (random.Random(m.id).randrange(256), random.Random(m.id + "x").randrange(256)),
             "Factory GHS": round(float(m.spec["ths"]) * 1e3),
             "Power Limit": int(m.power_limit if m.power_limit else round(m.spec["watts"])),
             "Env Temp": t["env"], "Chip Temp Min": 60 if m.on else 30,
             "Chip Temp Max": max(t["chip_max"]), "Chip Temp Avg": sum(t["chip_avg"]) / 3}
        return {"STATUS": st(11, "Summary", desc), "SUMMARY": [s], "id": 1}
    if command in ("edevs", "devs"):
        devs = []
        for i in range(3):
            devs.append({"ASC": i, "Name": "SM", "ID": i, "Slot": i, "Enabled": "Y", "Status": "Alive",
                         "Temperature": t["board"][i], "Chip Frequency": 438 if m.on else 0,
                         "MHS av": mhs / 3, "MHS 5s": mhs / 3, "MHS 1m": mhs / 3, "MHS 5m": mhs / 3, "MHS 15m": mhs / 3,
                         "Hardware Errors": m.hw_errors // 3, "Upfreq Complete": 1, "Effective Chips": 215,
                         "PCB SN": "%s-HB%d" % (m.id, i), "Chip Temp Min": 60 if m.on else 30,
                         "Chip Temp Max": t["chip_max"][i], "Chip Temp Avg": t["chip_avg"][i]})
        return {"STATUS": st(9, "3 ASC(s)", desc), "DEVS": devs, "id": 1}
    if command == "pools":
        return {"STATUS": st(7, "1 Pool(s)", desc), "POOLS": [{
            "POOL": 0, "URL": "stratum+tcp://stratum.slushpool.com:3333", "Status": "Alive", "Priority": 0,
            "Accepted": 457459, "Rejected": 518, "User": "site." + m.id, "Stratum Active": True}], "id": 1}
    if command == "status":
        return wm_status(131, {"mineroff": "false" if m.on else "true", "mineroff_reason": "",
                               "mineroff_time": "", "FirmwareVersion": "'%s'" % WM_FW,
                               "power_mode": "", "hash_percent": ""})
    if command == "get_version":
        return wm_status(131, {"api_ver": "2.0.5", "fw_ver": WM_FW, "platform": "H6", "chip": "HP3"})
    if command == "get_miner_info":
        return wm_status(131, {"ip": "127.0.0.1", "proto": "dhcp", "netmask": "255.255.255.0", "gateway": "",
                               "dns": "", "hostname": m.id, "mac": wm_reply_mac(m), "ledstat": "auto",
                               "minersn": "SN" + m.id})
    if command == "get_psu":
        return wm_status(131, {"name": "P221B", "hw_version": "V01.00", "sw_version": "V01.00.V01.03",
                               "model": "P221B", "iin": "17.53", "vin": "199.25", "fan_speed": "8784"})
    if command == "get_error_code":
        return wm_status(131, {"error_code": []})
    if command == "get_token":
        token = {"time": "%04d" % (int(time.time()) % 10000), "salt": rnd(8), "newsalt": rnd(8)}
        m.wm_tokens.append(token)
        del m.wm_tokens[:-8]
        return wm_status(134, token)
    return wm_status(14, "invalid cmd", "E")


def wm_reply_mac(m):
    r = random.Random(m.id)
    return "C4:05:09:00:%02X:%02X" % (r.randrange(256), random.Random(m.id + "x").randrange(256))


def wm_dumps(obj, quirk=True):
    """Serialises a btminer reply; every summary carries the backslash-apostrophe quirk of
    real firmware (M20S): the Firmware Version is written "\\'20210109.22.REL\\'"
    (spec key "escape_quirk": false turns it off)."""
    text = json.dumps(obj)
    if not quirk:
        return text
    return text.replace('"\'%s\'"' % WM_FW, '"\\\'%s\\\'"' % WM_FW) if '"SUMMARY"' in text else text


def md5_crypt(password, salt):
    """md5-crypt ($1$): passlib if present, else the stdlib crypt module, else our own."""
    try:
        from passlib.hash import md5_crypt as mc
        return mc.using(salt=salt).hash(password)
    except ImportError:
        pass
    try:
        import crypt  # deprecated in 3.11, absent from 3.13
        return crypt.crypt(password, "$1$" + salt + "$")
    except ImportError:
        pass
    return own_md5_crypt(password.encode(), salt.encode())


def own_md5_crypt(pw, salt):
    itoa = b"./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    salt = salt[:8]
    alt = hashlib.md5(pw + salt + pw).digest()
    ctx = pw + b"$1$" + salt
    ctx += (alt * (len(pw) // 16 + 1))[: len(pw)]
    i = len(pw)
    while i:
        ctx += b"\0" if i & 1 else pw[:1]
        i >>= 1
    fin = hashlib.md5(ctx).digest()
    for r in range(1000):
        c = pw if r & 1 else fin
        if r % 3:
            c += salt
        if r % 7:
            c += pw
        c += fin if r & 1 else pw
        fin = hashlib.md5(c).digest()
    out = b""
    for a, b, c in ((0, 6, 12), (1, 7, 13), (2, 8, 14), (3, 9, 15), (4, 10, 5)):
        v = (fin[a] << 16) | (fin[b] << 8) | fin[c]
        for _ in range(4):
            out += itoa[v & 63:(v & 63) + 1]
            v >>= 6
    v = fin[11]
    for _ in range(2):
        out += itoa[v & 63:(v & 63) + 1]
        v >>= 6
    return "$1$" + salt.decode() + "$" + out.decode()


def wm_aes(key):
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    return Cipher(algorithms.AES(key), modes.ECB())


def wm_pad(b):
    return b + b"\0" * (-len(b) % 16)


def wm_privileged(m, req):
    """An encrypted command: finds the token it was made with, decrypts, acts, encrypts the reply."""
    pwd = m.spec.get("password", "admin")
    blob = base64.b64decode(req.get("data", ""))
    for tok in reversed(m.wm_tokens):
        passwd_md5 = md5_crypt(pwd, tok["salt"]).split("$")[3]
        key = hashlib.sha256(passwd_md5.encode()).digest()
        dec = wm_aes(key).decryptor()
        try:
            cmd = json.loads((dec.update(blob) + dec.finalize()).rstrip(b"\0").decode())
        except (ValueError, UnicodeDecodeError):
            continue
        sign = md5_crypt(passwd_md5 + tok["time"], tok["newsalt"]).split("$")[3]
        if not isinstance(cmd, dict) or cmd.get("token") != sign:
            out = wm_status(132, "token error", "E")
        else:
            out = wm_control(m, cmd)
        enc = wm_aes(key).encryptor()
        ct = enc.update(wm_pad(json.dumps(out).encode())) + enc.finalize()
        return {"enc": base64.b64encode(ct).decode()}
    return wm_status(135, "check token err", "E")


def wm_control(m, cmd):
    name = cmd.get("cmd", "")
    if name == "power_off":
        m.log.append([name, cmd.get("respbefore", "")])
    elif name == "power_on":
        m.log.append([name, ""])
    elif name == "adjust_power_limit":
        m.log.append([name, cmd.get("power_limit", "")])
    else:
        m.log.append([name, ""])
        return wm_status(14, "invalid cmd", "E")
    if m.fault == "reject":
        return wm_status(136, "command failed", "E")
    if m.fault != "stuck":
        if name == "adjust_power_limit":
            try:
                limit = int(float(cmd.get("power_limit", "")))
            except ValueError:
                return wm_status(14, "invalid power_limit", "E")
            m.power_limit = limit
        else:
            set_on(m, name == "power_on")
    return wm_status(131, "API command OK")


def whatsminer_rpc(m, req):
    if req.get("enc") == 1 or req.get("enc") == "1":
        return json.dumps(wm_privileged(m, req))
    command = req.get("cmd") if "cmd" in req else req.get("command", "")
    if "command" not in req and "+" in str(command):
        # as the real firmware: a multi-command must come as "command"
        return json.dumps({"STATUS": st(24, "Missing JSON 'command'", "btminer", "E"), "id": 1})
    if "+" in str(command):
        out = {}
        for c in str(command).split("+"):
            out[c] = [wm_reply(m, c)]
        out["id"] = 1
        return wm_dumps(out, m.spec.get("escape_quirk", True))
    if command in ("power_off", "power_on", "adjust_power_limit", "update_pools", "reboot"):
        return json.dumps(wm_status(45, "Permission denied", "E"))
    return wm_dumps(wm_reply(m, command), m.spec.get("escape_quirk", True))


# ----------------------------------------------------------------------------------------
# avalon (Canaan cgminer)


def avalon_mm(m):
    t = temps(m)
    ghs = m.ths() * 1e3
    off = 0 if m.on else 1
    mode = {"low": 0, "default": 1, "high": 2}.get(m.profile, 1)
    fields = [
        ("Ver", "1246-20120300_4af3ad0_9ee6a64"), ("LVer", "20120300-4af3ad0"), ("BVer", "20120300-9ee6a64"),
        ("HVer", "HASH1246"), ("DNA", "020100003b%06x" % (random.Random(m.id).getrandbits(24))),
        ("STATE", "0"), ("MEMFREE", "1394304"), ("NETFAIL", "0 0 0 0 0 0 0 0"), ("SSID", ""), ("RSSI", "0"),
        ("NetDevType", "0"), ("SYSTEMSTATU", "Work: In Work, Hash Board: 3 "), ("Elapsed", "66007"),
        ("BOOTBY", "0x04.00000000"), ("LW", "1297617"), ("MH", "0 0 0"), ("HW", str(m.hw_errors)),
        ("DH", "1.863%"), ("Temp", str(t["intake"])), ("TMax", str(max(t["mtmax"]))),
        ("TAvg", str(round(sum(t["mtavg"]) / 3))), ("Fan1", str(3540 if m.on else 0)),
        ("Fan2", str(3530 if m.on else 0)), ("Fan3", str(3540 if m.on else 0)), ("Fan4", str(3520 if m.on else 0)),
        ("FanR", "56%" if m.on else "0%"), ("Vo", "294"), ("PS", "0 1212 1300 250 3400 1300 3500"),
        ("WALLPOWER", str(round(m.watts()))), ("GHSspd", "%.2f" % ghs), ("DHspd", "1.863%"),
        ("GHSmm", "%.2f" % (float(m.spec["ths"]) * 1e3)), ("GHSavg", "%.2f" % ghs), ("WU", "%.2f" % (ghs * 13.9)),
        ("Freq", "629.63" if m.on else "0.00"), ("Led", "0"),
        ("MGHS", " ".join("%.2f" % (ghs / 3) for _ in range(3))),
        ("MTmax", " ".join(str(x) for x in t["mtmax"])), ("MTavg", " ".join(str(x) for x in t["mtavg"])),
        ("TA", "360"), ("Core", "A3201"), ("PING", "39"), ("POWS", "0"), ("HASHS", "0 0 0"),
        ("POOLS", "0"), ("SoftOFF", str(off)), ("ECHU", "0 0 0"), ("ECMM", "0"),
        ("PVT_T0", " ".join(str(t["mtavg"][0]) for _ in range(8))),
        ("PVT_T1", " ".join(str(t["mtavg"][1]) for _ in range(8))),
        ("PVT_T2", " ".join(str(t["mtavg"][2]) for _ in range(8))),
        ("FM", "1"), ("CRC", "0 0 0"), ("PAIRS", "0 0 0"), ("WORKMODE", str(mode)),
        ("WORKLEVEL", "0"), ("MPO", str(int(m.spec["watts"]))), ("CALIALL", "7"), ("ADJ", "1"), ("Nonce Mask", "25"),
    ]
    return " ".join("%s[%s]" % kv for kv in fields)


def avalon_reply(m, command, parameter):
    mhs = m.ths() * 1e6
    if command == "summary":
        s = {"Elapsed": 66007, "MHS av": mhs if m.on else float("nan"), "MHS 30s": mhs, "MHS 1m": mhs,
             "MHS 5m": mhs, "MHS 15m": mhs, "Found Blocks": 0, "Getworks": 2201, "Accepted": 12757,
             "Rejected": 32, "Hardware Errors": m.hw_errors, "Utility": 11.6, "Discarded": 35199, "Stale": 781,
             "Get Failures": 2, "Local Work": 4482822, "Remote Failures": 2, "Network Blocks": 111,
             "Total MH": 27769280354638.0, "Device Hardware%": 0.0, "Device Rejected%": 0.1142,
             "Pool Rejected%": 0.1145, "Pool Stale%": 0.1678, "Last getwork": int(time.time())}
        return {"STATUS": st(11, "Summary", AVALON_DESC), "SUMMARY": [s], "id": 1}
    if command == "devs":
        return {"STATUS": st(9, "1 ASC(s)", AVALON_DESC), "DEVS": [{
            "ASC": 0, "Name": "AVA10", "ID": 0, "Enabled": "Y", "Status": "Alive",
            "Temperature": float(max(temps(m)["mtmax"])), "MHS av": mhs, "MHS 30s": mhs, "MHS 1m": mhs,
            "MHS 5m": mhs, "MHS 15m": mhs, "Accepted": 12757, "Rejected": 32,
            "Hardware Errors": m.hw_errors, "Utility": 11.6, "Last Share Pool": 0}], "id": 1}
    if command in ("stats", "estats"):
        return {"STATUS": st(70, "CGMiner stats", AVALON_DESC), "STATS": [{
            "STATS": 0, "ID": "AVA100", "Elapsed": 66007, "Calls": 0, "Wait": 0.0, "Max": 0.0, "Min": 99999999.0,
            "MM ID0": avalon_mm(m), "MM Count": 1, "Smart Speed": 1, "Connecter": "AUC", "AUC VER": "AUC-20151208",
            "AUC I2C Speed": 400000, "AUC I2C XDelay": 19200, "AUC Sensor": 15483, "AUC Temperature": 25.5,
            "Connection Overloaded": False, "Voltage Level Offset": 0, "Nonce Mask": 25, "USB Pipe": "0",
            "USB Delay": "r0 0.000000 w0 0.000000", "USB tmo": "0 0"}], "id": 1}
    if command == "version":
        return {"STATUS": st(22, "CGMiner versions", AVALON_DESC), "VERSION": [{
            "CGMiner": "4.11.1", "API": "3.7", "STM8": "20.08.01", "PROD": "AvalonMiner 1246",
            "MODEL": "1246", "HWTYPE": "MM4v2_X3", "SWTYPE": "MM319", "VERSION": "20120300_4af3ad0_9ee6a64",
            "LOADER": "d0d779de.00", "DNA": "020100003b%06x" % random.Random(m.id).getrandbits(24),
            "MAC": "b4a2eb%06x" % random.Random(m.id).getrandbits(24), "UPAPI": "2"}], "id": 1}
    if command == "pools":
        return {"STATUS": st(7, "1 Pool(s)", AVALON_DESC), "POOLS": [{
            "POOL": 0, "URL": "stratum+tcp://stratum.slushpool.com:3333", "Status": "Alive", "Priority": 0,
            "Accepted": 12757, "Rejected": 32, "User": "site." + m.id, "Stratum Active": True}], "id": 1}
    if command == "ascset":
        return avalon_ascset(m, parameter)
    return {"STATUS": st(14, "Invalid command", AVALON_DESC, "E"), "id": 1}


def avalon_ascset(m, parameter):
    args = str(parameter).split(",")
    m.log.append(["ascset", str(parameter)])
    opt = args[1] if len(args) > 1 else ""
    fail = {"STATUS": st(119, "ASC 0 set failed: %s" % (opt or "missing option"), AVALON_DESC, "E"), "id": 1}
    if opt not in ("softoff", "softon", "workmode"):
        return fail
    if m.fault == "reject":
        return fail
    if opt in ("softoff", "softon"):
        if m.fault != "stuck":
            set_on(m, opt == "softon")
        val = args[2] if len(args) > 2 else ""
        return {"STATUS": st(118, "ASC 0 set info: success %s:%s" % (opt, val), AVALON_DESC, "I"), "id": 1}
    if len(args) < 4 or args[2] != "set" or args[3] not in ("0", "1", "2"):
        return fail
    name = {"0": "low", "1": "default", "2": "high"}[args[3]]
    if name not in m.profiles:
        return fail
    if m.fault != "stuck":
        set_profile(m, name)
    return {"STATUS": st(118, "ASC 0 set info: success workmode:%s" % args[3], AVALON_DESC, "I"), "id": 1}


def avalon_dumps(obj):
    # real Avalon firmware writes a bare (unquoted) nan: not valid JSON
    return json.dumps(obj).replace("NaN", "nan")


def rpc_reply(m, req, fallback):
    """The reply bytes (without the trailing NUL) for one TCP API request of a new family."""
    if m.fw == "whatsminer":
        return whatsminer_rpc(m, req).encode()
    command = req.get("command", "")
    parameter = req.get("parameter", "")
    if m.fw == "avalon":
        if "+" in command:
            out = {c: [avalon_reply(m, c, parameter)] for c in command.split("+")}
            out["id"] = 1
            return avalon_dumps(out).encode()
        return avalon_dumps(avalon_reply(m, command, parameter)).encode()
    return json.dumps(antminer_rpc(m, command, parameter, fallback)).encode()


# ----------------------------------------------------------------------------------------
# HTTP: a small HTTP/1.1 server (keep-alive, Content-Length bodies)

REASON = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed"}


async def read_http(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = (lines[0].split(" ", 2) + ["", ""])[:3]
    headers = {}
    for ln in lines[1:]:
        if ":" in ln:
            k, v = ln.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    n = int(headers.get("content-length", "0") or 0)
    body = await reader.readexactly(n) if n else b""
    return method, target, headers, body


def http_response(status, body, extra=(), close=False, ctype="application/json"):
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
    elif isinstance(body, str):
        body = body.encode()
    head = ["HTTP/1.1 %d %s" % (status, REASON.get(status, "")), "Content-Type: " + ctype,
            "Content-Length: %d" % len(body), "Connection: " + ("close" if close else "keep-alive")]
    head += list(extra)
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def http_handler(m, route):
    """route(m, method, path, headers, body) -> (status, body, extra_headers, is_control)."""
    async def serve(reader, writer):
        try:
            while True:
                try:
                    method, target, headers, body = await asyncio.wait_for(read_http(reader), 30)
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
                    return
                if m.fault == "silent":
                    await reader.read()
                    return
                if m.fault == "slow":
                    await asyncio.sleep(float(m.spec.get("slow_s", 2.0)))
                status, out, extra = route(m, method, target.split("?")[0], headers, body)
                if isinstance(out, (dict, list)):
                    out = json.dumps(out).encode()
                if m.fault == "malformed" and status == 200:
                    out = out[: len(out) // 2]
                close = headers.get("connection", "").lower() == "close"
                writer.write(http_response(status, out, extra, close))
                await writer.drain()
                if close:
                    return
        except (asyncio.TimeoutError, ConnectionError):
            pass
        finally:
            writer.close()
    return serve


# antminer web (Digest auth)

REALM = "antMiner Configuration"


def md5hex(s):
    return hashlib.md5(s.encode()).hexdigest()


def parse_digest(value):
    out = {}
    rest = value[len("Digest "):] if value.startswith("Digest ") else ""
    i = 0
    while i < len(rest):
        while i < len(rest) and rest[i] in " ,":
            i += 1
        eq = rest.find("=", i)
        if eq < 0:
            break
        key = rest[i:eq].strip()
        i = eq + 1
        if i < len(rest) and rest[i] == '"':
            end = rest.find('"', i + 1)
            out[key] = rest[i + 1:end]
            i = end + 1
        else:
            end = rest.find(",", i)
            end = len(rest) if end < 0 else end
            out[key] = rest[i:end].strip()
            i = end
    return out


def digest_ok(m, method, headers):
    d = parse_digest(headers.get("authorization", ""))
    if not d or d.get("username") != "root" or d.get("realm") != REALM or d.get("nonce") not in m.nonces:
        return False
    ha1 = md5hex("root:%s:%s" % (REALM, m.spec.get("password", "root")))
    ha2 = md5hex("%s:%s" % (method, d.get("uri", "")))
    if d.get("qop") == "auth":
        want = md5hex(":".join([ha1, d["nonce"], d.get("nc", ""), d.get("cnonce", ""), "auth", ha2]))
    else:
        want = md5hex(":".join([ha1, d["nonce"], ha2]))
    return d.get("response") == want


def antminer_web(m, method, path, headers, body):
    if not digest_ok(m, method, headers):
        nonce = "%032x" % random.getrandbits(128)
        m.nonces.append(nonce)
        del m.nonces[:-64]
        return 401, "<html><body>401 Unauthorized</body></html>", [
            'WWW-Authenticate: Digest realm="%s", nonce="%s", qop="auth", algorithm=MD5' % (REALM, nonce)]
    t = temps(m)
    ghs = m.ths() * 1e3
    mode = (3 if m.profile == "low" else 0) if m.on else 1
    if path == "/cgi-bin/get_miner_conf.cgi":
        return 200, {"pools": [{"url": "stratum+tcp://stratum.slushpool.com:3333", "user": "site." + m.id, "pass": "x"}],
                     "api-listen": True, "api-network": True, "api-groups": "A:stats:pools:devs:summary:version",
                     "api-allow": "A:0/0,W:*", "bitmain-fan-ctrl": False, "bitmain-fan-pwm": "100",
                     "bitmain-use-vil": True, "bitmain-freq": "675", "bitmain-voltage": "1400",
                     "bitmain-ccdelay": "0", "bitmain-pwth": "0", "bitmain-work-mode": str(mode),
                     "bitmain-freq-level": "100"}, []
    if path == "/cgi-bin/set_miner_conf.cgi" and method == "POST":
        try:
            conf = json.loads(body or b"{}")
            new = int(conf.get("miner-mode", conf.get("bitmain-work-mode")))
        except (ValueError, TypeError, AttributeError):
            new = None
        m.log.append(["set_miner_conf", "" if new is None else str(new)])
        if new not in (0, 1, 3) or m.fault == "reject":
            return 200, {"stats": "error", "code": "M001", "msg": "Set failed"}, []
        if m.fault != "stuck":
            if new == 1:
                set_on(m, False)
            else:
                set_profile(m, "low" if new == 3 else "default")
                set_on(m, True)
        return 200, {"stats": "success", "code": "M000", "msg": "OK!"}, []
    if path == "/cgi-bin/get_system_info.cgi":
        return 200, {"minertype": "Antminer S19", "nettype": "DHCP", "netdevice": "eth0",
                     "macaddr": wm_reply_mac(m).replace("C4:05:09", "02:AB:CD"), "hostname": m.id,
                     "ipaddress": "127.0.0.1", "netmask": "255.255.255.0", "gateway": "", "dnsservers": "",
                     "system_mode": "GNU/Linux", "system_kernel_version": "Linux 4.9.113",
                     "system_filesystem_version": "Mon Jul 19 11:26:07 CST 2021", "firmware_type": "Release",
                     "serinum": "SN" + m.id}, []
    if path == "/cgi-bin/get_blink_status.cgi":
        return 200, {"blink": False}, []
    if path == "/cgi-bin/get_network_info.cgi":
        return 200, {"nettype": "DHCP", "netdevice": "eth0", "macaddr": "02:AB:CD:00:00:01", "ipaddress": "127.0.0.1",
                     "netmask": "255.255.255.0", "conf_nettype": "DHCP", "conf_hostname": m.id,
                     "conf_ipaddress": "", "conf_netmask": "", "conf_gateway": "", "conf_dnsservers": ""}, []
    status = {"STATUS": "S", "when": int(time.time()), "Msg": "", "api_version": "1.0.0"}
    info = {"miner_version": "uart_trans.1.3", "CompileTime": "Mon Jul 19 11:26:07 CST 2021", "type": "Antminer S19"}
    if path == "/cgi-bin/summary.cgi":
        return 200, {"STATUS": dict(status, Msg="summary"), "INFO": info, "SUMMARY": [{
            "elapsed": 89509, "rate_5s": round(ghs, 2), "rate_30m": round(ghs, 2), "rate_avg": round(ghs, 2),
            "rate_ideal": float(m.spec["ths"]) * 1e3, "rate_unit": "GH", "hw_all": m.hw_errors,
            "bestshare": 1386428346, "status": [
                {"type": "rate", "status": "s", "code": 0, "msg": ""},
                {"type": "network", "status": "s", "code": 0, "msg": ""},
                {"type": "fans", "status": "s", "code": 0, "msg": ""},
                {"type": "temp", "status": "s", "code": 0, "msg": ""}]}]}, []
    if path == "/cgi-bin/stats.cgi":
        chains = [{"index": i, "freq_avg": 675 if m.on else 0, "rate_ideal": float(m.spec["ths"]) * 1e3 / 3,
                   "rate_real": round(ghs / 3, 2), "asic_num": 76, "temp_pic": [t["board"][i]] * 4,
                   "temp_pcb": [t["board"][i]] * 4, "temp_chip": [t["chip"][i]] * 4, "hw": m.hw_errors // 3,
                   "eeprom_loaded": True, "sn": "%s-HB%d" % (m.id, i), "hwp": 0.0, "tpl": []} for i in range(3)]
        return 200, {"STATUS": dict(status, Msg="stats"), "INFO": info, "STATS": [{
            "elapsed": 89509, "rate_5s": round(ghs, 2), "rate_30m": round(ghs, 2), "rate_avg": round(ghs, 2),
            "rate_ideal": float(m.spec["ths"]) * 1e3, "rate_unit": "GH", "chain_num": 3, "fan_num": 4,
            "fan": [5400 + 60 * i if m.on else 0 for i in range(4)], "hwp_total": 0.0, "miner-mode": mode,
            "freq-level": 100, "chain": chains}]}, []
    return 404, "<html><body>404 Not Found</body></html>", []


# epic (ePIC UMC)


def epic_http(m, method, path, headers, body):
    t = temps(m)
    mhs = m.ths() * 1e6
    if method == "GET" and path == "/summary":
        hbs = [{"Index": i, "Input Voltage": 13.8 if m.on else 0.0, "Output Voltage": 13.2 if m.on else 0.0,
                "Input Current": round(m.watts() / 3 / 13.8, 2), "Output Current": 0.0,
                "Input Power": round(m.watts() / 3, 2), "Output Power": round(m.watts() / 3 * 0.97, 2),
                "Temperature": t["board"][i], "Core Clock Avg": 500.0 if m.on else 0.0,
                "Hashrate": [mhs / 3, 100.0 if m.on else 0.0]} for i in range(3)]
        return 200, {
            "Status": {"Operating State": "Mining" if m.on else "Idling", "Last Command": "Autostart" if m.on else "Stop",
                       "Last Command Result": True, "Last Error": None},
            "Hostname": m.id, "Software": "UMC-Firmware v1.14.0",
            "Mining": {"Coin": "Btc", "Algorithm": "Sha256"},
            "Stratum": {"Current Pool": "stratum.slushpool.com:3333", "Current User": "site." + m.id,
                        "IsPoolConnected": True, "Config Id": 0},
            "Session": {"Startup Timestamp": int(time.time()) - 89509, "Uptime": 89509,
                        "Last Work Timestamp": int(time.time()), "WorkReceived": 3000, "Active HBs": 3 if m.on else 0,
                        "Average MHs": mhs, "Accepted": 29452, "Rejected": 229, "Submitted": 29681,
                        "Last Accepted Share Timestamp": int(time.time()), "Difficulty": 65536.0},
            "HBs": hbs,
            "HBStatus": [{"Index": i, "Enabled": True, "Stopped": not m.on} for i in range(3)],
            "StratumConfigs": [{"pool": "stratum+tcp://stratum.slushpool.com:3333", "login": "site." + m.id,
                                "password": "x"}],
            "Fans": {"Fans Speed": 70 if m.on else 0, "Fan Mode": {"Auto": {"Target Temperature": 60}}},
            "HwConfig": {"Boards Target Clock": [{"Data": 500}], "Boards Target Voltage": [{"Data": 13.8}]},
            "Fans Rpm": {"Fan%d" % i: 4800 if m.on else 0 for i in range(4)},
            "Power Supply Stats": {"Input Voltage": 240.0, "Output Voltage": 13.8 if m.on else 0.0,
                                   "Input Current": round(m.watts() / 240.0, 2), "Output Current": 0.0,
                                   "Input Power": round(m.watts(), 1), "Output Power": round(m.watts() * 0.95, 1),
                                   "Target Voltage": 13.8},
            # Perpetual Tune on (as shipped); pyasic 0.79.0 recurses without end on Running false
            "PerpetualTune": {"Running": True, "Algorithm": {"VoltageOptimizer": {
                "Target": float(m.spec["ths"]), "Optimized": True}}},
            "Misc": {"Locate Miner State": False, "Shutdown Temp": 95, "Critical Temp": 105}}, []
    if method == "GET" and path == "/capabilities":
        return 200, {"Model": "ePIC S19 BlockMiner", "Model Subtype": "S19", "Max HBs": 3, "Max Fans": 4,
                     "Board Serial Numbers": ["%s-HB%d" % (m.id, i) for i in range(3)],
                     "Performance Estimator": {"Chip Count": 76, "Ideal Hashrate": float(m.spec["ths"]) * 1e6},
                     "Default Hostname": "ePIC", "Algorithm": "Sha256"}, []
    if method == "GET" and path == "/hashrate":
        return 200, [[mhs / 3, 100.0 if m.on else 0.0] for _ in range(3)], []
    if method == "GET" and path == "/network":
        return 200, {"eth0": {"mac_address": "02:EF:1C:00:00:%02X" % (random.Random(m.id).randrange(256)),
                              "dhcp": True, "address": "127.0.0.1"}}, []
    if method == "POST" and path == "/miner":
        try:
            req = json.loads(body or b"{}")
        except ValueError:
            return 400, {"result": False, "error": "Invalid JSON"}, []
        param = req.get("param", "") if isinstance(req, dict) else ""
        m.log.append(["miner", str(param)])
        if req.get("password") != m.spec.get("password", "letmein"):
            return 200, {"result": False, "error": "Invalid password"}, []
        if param not in ("Stop", "Autostart") or m.fault == "reject":
            return 200, {"result": False, "error": "Failed to %s miner" % (param or "command")}, []
        if m.fault != "stuck":
            set_on(m, param == "Autostart")
        return 200, {"result": True, "error": None}, []
    return 404, {"result": False, "error": "Not found"}, []


# bitaxe (AxeOS / ESP-Miner)


def bitaxe_http(m, method, path, headers, body):
    freq = m.frequency or BITAXE_BASE_MHZ
    t = temps(m)
    if method == "GET" and path == "/api/system/info":
        watts = m.watts()
        return 200, {"power": round(watts, 4), "voltage": 5102.5, "current": round(watts / 5.1025 * 1000, 2),
                     "temp": t["chip"], "vrTemp": t["vr"], "maxPower": 25, "nominalVoltage": 5,
                     "hashRate": round(m.ths() * 1e3, 4), "bestDiff": "4.29G", "bestSessionDiff": "1.1M",
                     "stratumDiff": 1000, "isUsingFallbackStratum": 0, "isPSRAMAvailable": 1, "freeHeap": 8566312,
                     "coreVoltage": 1200, "coreVoltageActual": 1194, "frequency": int(freq), "ssid": "site",
                     "macAddr": "24:DC:C3:00:00:%02X" % random.Random(m.id).randrange(256),
                     "hostname": m.id, "wifiStatus": "Connected!", "wifiRSSI": -50, "apEnabled": 0,
                     "sharesAccepted": 1287, "sharesRejected": 3, "sharesRejectedReasons": [],
                     "uptimeSeconds": 89509, "smallCoreCount": 894, "ASICModel": "BM1366", "asicCount": 1,
                     "stratumURL": "stratum.slushpool.com", "stratumPort": 3333, "stratumUser": "site." + m.id,
                     "fallbackStratumURL": "", "fallbackStratumPort": 3333, "fallbackStratumUser": "",
                     "version": "v2.4.2", "idfVersion": "v5.3.1", "boardVersion": "204", "runningPartition": "ota_0",
                     "flipscreen": 1, "overheat_mode": 0, "invertscreen": 0, "autofanspeed": 1,
                     "fanspeed": 45, "fanrpm": 4100}, []
    if method == "GET" and path == "/api/system/asic":
        return 200, {"ASICModel": "BM1366", "deviceModel": "Ultra", "swarmColor": "purple", "asicCount": 1,
                     "defaultFrequency": 485, "frequencyOptions": [400, 425, 450, 475, 485, 500, 525, 550, 575],
                     "defaultVoltage": 1200, "voltageOptions": [1100, 1150, 1200, 1250, 1300]}, []
    if method == "PATCH" and path == "/api/system":
        try:
            req = json.loads(body or b"{}")
        except ValueError:
            return 400, "Invalid JSON", []
        if not isinstance(req, dict):
            return 400, "Invalid JSON", []
        if "frequency" in req:
            m.log.append(["frequency", str(req["frequency"])])
            if m.fault == "reject":
                return 500, "Failed to set", []
            try:
                f = float(req["frequency"])
            except (TypeError, ValueError):
                return 400, "Invalid frequency", []
            if m.fault != "stuck":
                m.frequency = f
        else:
            m.log.append(["settings", ",".join(sorted(req))])
        return 200, "", []
    if method == "POST" and path == "/api/system/restart":
        m.log.append(["restart", ""])
        return 200, "System will restart shortly.", []
    return 404, "Not found", []


ROUTES = {"epic": epic_http, "bitaxe": bitaxe_http}
