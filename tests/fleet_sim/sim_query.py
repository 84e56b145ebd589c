#!/usr/bin/env python3
"""Asks a running fleet_sim.py for its state: sim_query.py CONTROL_PORT [dump|quit] [EXPR].
With EXPR (a Python expression over `d`, the dump), prints its value instead of the dump.
sim_query.py CONTROL_PORT fault MACHINE FAULT|none turns a machine faulty, or well again."""
import json
import socket
import sys

port, cmd = int(sys.argv[1]), (sys.argv[2] if len(sys.argv) > 2 else "dump")
s = socket.create_connection(("127.0.0.1", port), timeout=30)
req = {"command": cmd}
if cmd == "fault":
    req.update(machine=sys.argv[3], fault=None if sys.argv[4] == "none" else sys.argv[4])
s.sendall(json.dumps(req).encode())
s.shutdown(socket.SHUT_WR)
data = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
if cmd == "dump":
    d = json.loads(data)
    print(eval(sys.argv[3], {"d": d}) if len(sys.argv) > 3 else json.dumps(d, indent=1))
