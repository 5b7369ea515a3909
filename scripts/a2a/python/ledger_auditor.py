#!/usr/bin/env python3
"""The ledger auditor: an A2A agent written with Python's standard library only (http.server, JSON-RPC by
hand), to show that what Firebreak contains does not depend on the agent's language. It enters every data
part it is sent in an append-only ledger and answers with the entry number.

Usage: python3 ledger_auditor.py --port 8104
"""
import argparse
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LEDGER = []
LOCK = threading.Lock()


def card(port):
    """The agent card (A2A 1.0): one JSON-RPC interface."""
    return {
        "name": "Ledger auditor (Python)",
        "description": "Enters every data part it receives in an append-only ledger",
        "version": "1.0.0",
        "supportedInterfaces": [
            {"url": f"http://127.0.0.1:{port}/a2a/jsonrpc", "protocolBinding": "JSONRPC", "protocolVersion": "1.0"}
        ],
        "capabilities": {"streaming": False, "pushNotifications": False},
        "defaultInputModes": ["application/json"],
        "defaultOutputModes": ["text/plain", "application/json"],
        "skills": [{"id": "audit", "name": "Audit", "description": "Records an entry", "tags": ["ledger"]}],
    }


def send_message(params):
    """SendMessage: records the data parts, answers a Message with a text and a data part."""
    message = params.get("message") or {}
    parts = message.get("parts") or []
    data = [p["data"] for p in parts if isinstance(p, dict) and "data" in p]
    with LOCK:
        for value in data:
            LEDGER.append(value)
        entry = len(LEDGER)
    summary = {"entry": entry, "recorded": len(data), "by": "ledger-auditor (Python)"}
    return {
        "message": {
            "messageId": str(uuid.uuid4()),
            "contextId": message.get("contextId") or str(uuid.uuid4()),
            "role": "ROLE_AGENT",
            "parts": [{"text": f"ledger entry {entry}"}, {"data": summary}],
        }
    }


METHODS = {"SendMessage": send_message, "message/send": send_message}


def rpc_error(rpc_id, code, message):
    return {"jsonrpc": "2.0", "id": rpc_id, "error": {"code": code, "message": message}}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def reply(self, status, body):
        raw = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def do_GET(self):
        if self.path.split("?")[0] in ("/.well-known/agent-card.json", "/.well-known/agent.json"):
            return self.reply(200, card(self.server.server_port))
        self.reply(404, {"error": "not found"})

    def do_POST(self):
        if self.path.split("?")[0] != "/a2a/jsonrpc":
            return self.reply(404, {"error": "not found"})
        length = int(self.headers.get("Content-Length") or 0)
        try:
            request = json.loads(self.rfile.read(length) or b"null")
        except ValueError:
            return self.reply(200, rpc_error(None, -32700, "Parse error"))
        if not isinstance(request, dict) or request.get("jsonrpc") != "2.0" or "method" not in request:
            return self.reply(200, rpc_error(None, -32600, "Invalid Request"))
        method = METHODS.get(request["method"])
        if method is None:
            return self.reply(200, rpc_error(request.get("id"), -32601, f"Method not found: {request['method']}"))
        try:
            result = method(request.get("params") or {})
        except Exception as err:  # an agent bug is an internal error, not a dropped connection
            return self.reply(200, rpc_error(request.get("id"), -32603, f"Internal error: {err}"))
        self.reply(200, {"jsonrpc": "2.0", "id": request.get("id"), "result": result})

    def log_message(self, fmt, *args):
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"ledger-auditor listening on 127.0.0.1:{server.server_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
