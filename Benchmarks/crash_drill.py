#!/usr/bin/env python3
"""Crash drill: vendors commit over concurrent connections, the server is killed with SIGKILL in the
middle of the rush and restarted; every commitment that received a receipt must still be there.
Usage: crash_drill.py path/to/tender-server [seconds-before-kill]"""
import os, sys, tempfile, threading, time
sys.path.insert(0, os.path.dirname(__file__))
from tenderlib import Server, Client, setup, random_commitment

binary = sys.argv[1]
rush_seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 1.5
port = 18000 + os.getpid() % 1000
data = tempfile.mkdtemp(prefix="tender-crash-")
server = Server(binary, data, port)
server.start()
tender, vendors = setup(port, 64)

receipts, lock, stop = [], threading.Lock(), threading.Event()
errors = [0]

def worker(vendor_id, token):
    c = Client(port, token)
    while not stop.is_set():
        try:
            status, body = c.call("POST", f"/tenders/{tender}/bids", {"commitment": random_commitment()})
            if status == 201:
                with lock: receipts.append((vendor_id, token, body["bid"]["id"], body["bid"]["commitment"]))
        except Exception:
            errors[0] += 1
            return  # connection lost: the server was killed

threads = [threading.Thread(target=worker, args=v) for v in vendors]
for t in threads: t.start()
time.sleep(rush_seconds)
server.kill9()
stop.set()
for t in threads: t.join()
acknowledged = len(receipts)

server.start()
missing = 0
for vendor_id, token, bid_id, commitment in receipts:
    status, bid = Client(port, token).call("GET", f"/tenders/{tender}/bids/{bid_id}")
    if status != 200 or bid["commitment"] != commitment:
        missing += 1
server.stop()
print(f"crash drill: {acknowledged} receipts before SIGKILL, {missing} missing after restart, {errors[0]} connections cut")
sys.exit(1 if missing or acknowledged == 0 else 0)
