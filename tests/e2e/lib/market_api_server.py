#!/usr/bin/env python3
"""Stand-ins for PJM Data Miner 2, ENTSO-E, ISO-NE web services and CAISO OASIS on 127.0.0.1
(a free port, printed first), serving the replies recorded from the live APIs
(../shared/data/api/<source>/, provenance in each .meta.json) for the requests that made them:
  GET /pjm/api/v1/da_hrl_lmps?...type=ZONE&datetime_beginning_ept=2026-06-09T00:00to2026-06-09T23:59
      (header Ocp-Apim-Subscription-Key must be PJM_KEY, else 401); asked with a RowCount below
      totalRows (552), the recorded items StartRow..StartRow+RowCount-1 are sent, with
      searchSpecification's startRow/rowCount set to match (the recorded reply held one page)
  GET /entsoe/api?documentType=A44&in_Domain=10Y1001A1001A82H... or 10YES-REE------0...
      (securityToken must be ENTSOE_TOKEN, else 401)
  GET /isone/api/v1.1/realtimehourlydemand/day/20241103/location/4001 (basic auth ISONE_USER:ISONE_PASS)
  GET /caiso/oasisapi/SingleZip?...  the recorded SLD_REN_FCST zip (a real OASIS zip, not prices)
  GET /ack/api?...  an ENTSO-E Acknowledgement_MarketDocument built from the documented shape
      (no recorded one exists): "No matching data found", sent with HTTP 200 as ENTSO-E does
  GET /caiso_err/oasisapi/SingleZip?...  an OASIS error zip (INVALID_REQUEST.xml with ERR_CODE and
      ERR_DESC), built here from OASIS's documented shape (no recorded one exists)
Usage: market_api_server.py DATA_DIR PJM_KEY ENTSOE_TOKEN ISONE_USER ISONE_PASS"""
import base64
import http.server
import io
import json
import zipfile
import os
import sys
import urllib.parse

DATA, PJM_KEY, TOKEN, IUSER, IPASS = sys.argv[1:6]
ACK = b"""<?xml version="1.0" encoding="UTF-8"?>
<Acknowledgement_MarketDocument xmlns="urn:iec62325.351:tc57wg16:451-1:acknowledgementdocument:7:0">
\t<mRID>00000000-test-0</mRID>
\t<createdDateTime>2026-12-02T00:00:00Z</createdDateTime>
\t<sender_MarketParticipant.mRID codingScheme="A01">10X1001A1001A450</sender_MarketParticipant.mRID>
\t<sender_MarketParticipant.marketRole.type>A32</sender_MarketParticipant.marketRole.type>
\t<receiver_MarketParticipant.mRID codingScheme="A01">10X1001A1001A450</receiver_MarketParticipant.mRID>
\t<receiver_MarketParticipant.marketRole.type>A39</receiver_MarketParticipant.marketRole.type>
\t<received_MarketDocument.createdDateTime>2026-12-02T00:00:00Z</received_MarketDocument.createdDateTime>
\t<Reason>
\t\t<code>999</code>
\t\t<text>No matching data found for Data item ENERGY_PRICES [12.1.D]</text>
\t</Reason>
</Acknowledgement_MarketDocument>"""


def load(path):
    with open(os.path.join(DATA, path), "rb") as f:
        return f.read()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, body, status=200, ctype="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        q = {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}
        p = url.path
        if p.startswith("/pjm/api/v1/"):
            if self.headers.get("Ocp-Apim-Subscription-Key") != PJM_KEY:
                return self.send(b'{"statusCode":401,"message":"Access denied due to invalid subscription key."}', 401)
            if p.endswith("/da_hrl_lmps") and q.get("type") == "ZONE" and \
                    q.get("datetime_beginning_ept") == "2026-06-09T00:00to2026-06-09T23:59":
                body = load("pjm/da_hrl_lmps_zones_2026-06-09.json")
                start, count = int(q.get("StartRow", "1")), int(q.get("RowCount", "600"))
                if count < 552:
                    doc = json.loads(body)
                    doc["items"] = doc["items"][start - 1: start - 1 + count]
                    doc["searchSpecification"].update(startRow=start, rowCount=count)
                    body = json.dumps(doc, separators=(",", ":")).encode()
                return self.send(body)
        elif p == "/entsoe/api":
            if q.get("securityToken") != TOKEN:
                return self.send(b"<html><body>Unauthorized</body></html>", 401, "text/html")
            files = {"10Y1001A1001A82H": "entsoe/A44_DE-LU_2020-12-31T23Z_2021-01-02T23Z_PT15M_and_PT60M.xml",
                     "10YES-REE------0": "entsoe/A44_ES_2025-09-28T22Z_2025-10-02T22Z_PT60M_then_PT15M.xml"}
            if q.get("documentType") == "A44" and q.get("in_Domain") in files:
                return self.send(load(files[q["in_Domain"]]), ctype="text/xml")
        elif p == "/ack/api":
            return self.send(ACK, ctype="text/xml")
        elif p == "/isone/api/v1.1/realtimehourlydemand/day/20241103/location/4001":
            want = "Basic " + base64.b64encode(("%s:%s" % (IUSER, IPASS)).encode()).decode()
            if self.headers.get("Authorization") != want:
                return self.send(b'{"error":"unauthorized"}', 401)
            return self.send(load("isone/realtimehourlydemand_day_20241103_location_4001.json"))
        elif p == "/caiso_err/oasisapi/SingleZip":
            xml = ('<?xml version="1.0" encoding="UTF-8"?><OASISReport xmlns="http://www.caiso.com/soa/OASISReport_v1.xsd">'
                   '<MessagePayload><RTO><name>CAISO</name><ERROR><ERR_CODE>1000</ERR_CODE>'
                   '<ERR_DESC>No data returned for the specified selection</ERR_DESC></ERROR></RTO></MessagePayload>'
                   '</OASISReport>')
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w") as z:
                z.writestr("INVALID_REQUEST.xml", xml)
            return self.send(buf.getvalue(), ctype="application/zip")
        elif p == "/caiso/oasisapi/SingleZip":
            return self.send(load("caiso/SingleZip_SLD_REN_FCST_DAM_20250204_20250211_v1.zip"), ctype="application/zip")
        self.send(b"not found\n", 404, "text/plain")


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
