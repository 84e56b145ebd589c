#!/usr/bin/env python3
"""Stand-ins for the hashprice sources on 127.0.0.1 (a free port, printed first), serving the
replies recorded from real systems in ../shared/data/bitcoin (provenance in its README):
  POST /node/  Bitcoin Core JSON-RPC (basic auth RPC_USER:RPC_PASS, else 401 as bitcoind does):
      getblockstats H  -> the recorded regtest reply for H (101..103) as the result;
                          another height -> a JSON-RPC error -8 (HTTP 500, as bitcoind sends RPC errors)
      getblockchaininfo -> built from Bitcoin Core's documented shape (no recording exists) over the
                          same regtest chain: chain regtest, blocks 103, bestblockhash of 103,
                          difficulty 4.656542373906925e-10 (regtest's minimum)
  GET /mempool/api/v1/blocks[/H]  the 8 blocks of mempool.space's recorded init message
      (837043..837050, 2024-03-31), newest first, from H down (PAGE of them per reply, default 15)
  GET /mempool/api/v1/prices  that message's `conversions` (USD 69880 at its `time`)
  GET /coinbase/products/BTC-USD/ticker  ccxt's recorded Coinbase Exchange ticker reply (a BTC-USDT
      reply, 2024-03-13: price "73367.8"; no BTC-USD recording exists)
  GET /kraken/0/public/Ticker?pair=XBTUSD  built from Kraken's documented shape (no recording
      exists): last trade 69915.4
  GET /bitstamp/api/v2/ticker/btcusd/  built from Bitstamp's documented shape: last "69902"
  GET /down/...  503 every time;  GET /kraken_err/...  Kraken's {"error":["EGeneral:Internal error"]}
Every request is counted in COUNT_FILE (one line per request path).
Usage: bitcoin_api_server.py DATA_DIR RPC_USER RPC_PASS COUNT_FILE [PAGE]"""
import base64
import http.server
import json
import os
import sys
import urllib.parse

DATA, USER, PASS, COUNT = sys.argv[1:5]
PAGE = int(sys.argv[5]) if len(sys.argv) > 5 else 15


def load(name):
    with open(os.path.join(DATA, name), "rb") as f:
        return json.load(f)


STATS = {s["height"]: s for s in load("bitcoincore__rpc_getblockstats_regtest.json")["stats"]}
INIT = load("mempool__mainnet_mempoolInfo.json")
BLOCKS = sorted(INIT["blocks"], key=lambda b: -b["height"])
TICKER = load("ccxt__coinbaseexchange.json")["methods"]["fetchTicker"][0]["httpResponse"]
KRAKEN = {"error": [], "result": {"XXBTZUSD": {
    "a": ["69915.50000", "1", "1.000"], "b": ["69915.40000", "3", "3.000"], "c": ["69915.40000", "0.00100000"],
    "v": ["1021.5", "2950.1"], "p": ["69870.1", "69650.7"], "t": [21345, 60123],
    "l": ["69500.00000", "68900.00000"], "h": ["70100.00000", "70100.00000"], "o": "69650.00000"}}}
BITSTAMP = {"timestamp": "1711854900", "open": "69700", "high": "70050", "low": "69410", "last": "69902",
            "volume": "1200.5", "vwap": "69811", "bid": "69901", "ask": "69903", "open_24": "69500",
            "percent_change_24": "0.58"}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, obj, status=200):
        body = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def count(self, what):
        with open(COUNT, "a") as f:
            f.write(what + "\n")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        want = "Basic " + base64.b64encode(("%s:%s" % (USER, PASS)).encode()).decode()
        if self.path != "/node/":
            return self.send(b"not found\n", 404)
        if self.headers.get("Authorization") != want:
            self.count("rpc 401")
            return self.send(b"", 401)
        req = json.loads(body)
        method, params, rid = req["method"], req.get("params", []), req.get("id")
        self.count("rpc " + method + " " + " ".join(json.dumps(p) for p in params[:1]))
        if method == "getblockchaininfo":
            tip = max(STATS)
            return self.send({"result": {"chain": "regtest", "blocks": tip, "headers": tip,
                                         "bestblockhash": STATS[tip]["blockhash"],
                                         "difficulty": 4.656542373906925e-10, "mediantime": STATS[tip]["mediantime"],
                                         "verificationprogress": 1, "initialblockdownload": False,
                                         "chainwork": "00000000000000000000000000000000000000000000000000000000000000d0",
                                         "size_on_disk": 0, "pruned": False, "warnings": ""},
                              "error": None, "id": rid})
        if method == "getblockstats":
            h = params[0]
            if h in STATS:
                return self.send({"result": STATS[h], "error": None, "id": rid})
            return self.send({"result": None, "error": {"code": -8, "message":
                              "Target block height %d is not recorded (101..%d)" % (h, max(STATS))}, "id": rid}, 500)
        return self.send({"result": None, "error": {"code": -32601, "message": "Method not found"}, "id": rid}, 404)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        p = url.path
        self.count(p)
        if p.startswith("/down/"):
            return self.send(b"<html>503 Service Unavailable</html>", 503)
        if p.startswith("/kraken_err/"):
            return self.send({"error": ["EGeneral:Internal error"]})
        if p == "/mempool/api/v1/blocks" or p.startswith("/mempool/api/v1/blocks/"):
            top = int(p.rsplit("/", 1)[1]) if p.startswith("/mempool/api/v1/blocks/") else BLOCKS[0]["height"]
            return self.send([b for b in BLOCKS if b["height"] <= top][:PAGE])
        if p == "/mempool/api/v1/prices":
            return self.send(INIT["conversions"])
        if p == "/coinbase/products/BTC-USD/ticker":
            return self.send(TICKER)
        if p == "/kraken/0/public/Ticker" and url.query == "pair=XBTUSD":
            return self.send(KRAKEN)
        if p == "/bitstamp/api/v2/ticker/btcusd/":
            return self.send(BITSTAMP)
        self.send(b"not found\n", 404)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
