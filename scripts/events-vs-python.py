#!/usr/bin/env python3
"""A minimal event receiver of the kind PBX integrations write: the standard library's
http.server (ThreadingHTTPServer, BaseHTTPRequestHandler), each report read by its
Content-Length, parsed with json.loads, put on a queue a consumer thread empties, and answered
200. No resend check, no allow-list, no typed fields: the baseline pbx's receiver is measured
against (scripts/events-vs-python.sh).

Usage: events-vs-python.py PORT   (binds 127.0.0.1 only; prints "listening" when ready)
"""

import http.server
import json
import queue
import sys
import threading

EVENTS = queue.Queue(maxsize=1024)


class Report(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        try:
            event = json.loads(body)
        except ValueError:
            event = {"raw": body}
        EVENTS.put(event)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def consume():
    while True:
        EVENTS.get()


def main():
    port = int(sys.argv[1])
    threading.Thread(target=consume, daemon=True).start()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Report)
    server.daemon_threads = True
    print("listening", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
