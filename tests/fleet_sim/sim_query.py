#!/usr/bin/env python3
"""Asks a running fleet_sim.py for its state: sim_query.py CONTROL_PORT [dump|quit] [EXPR].
With EXPR (a Python expression over `d`, the dump), prints its value instead of the dump."""
import json
import socket
import sys

port, cmd = int(sys.argv[1]), (sys.argv[2] if len(sys.argv) > 2 else "dump")
s = socket.create_connection(("127.0.0.1", port), timeout=30)
s.sendall(json.dumps({"command": cmd}).encode())
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
