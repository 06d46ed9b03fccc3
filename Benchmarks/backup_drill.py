#!/usr/bin/env python3
"""Backup drill (run by .ci/run): vendors commit over concurrent connections; in the middle of the
rush `tender-server backup --to FILE` copies the live SQLite database; the backup is restored into
a new data folder (`tender-server restore --from FILE`) and a server started on it. Every receipt a
client held before the backup began must be there, the audit chain must verify, the restored
server's /audit/head must equal the head the backup reported, and a restore over an existing
database must be refused without --force.
Usage: backup_drill.py path/to/tender-server [seconds-before-backup]"""
import os, re, subprocess, sys, tempfile, threading, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tenderlib import Server, Client, setup, random_commitment

binary = sys.argv[1]
before = float(sys.argv[2]) if len(sys.argv) > 2 else 2
port = 17000 + os.getpid() % 1000
work = tempfile.mkdtemp(prefix="tender-backup-")
live_dir, restored_dir, backup = os.path.join(work, "live"), os.path.join(work, "restored"), os.path.join(work, "backup.sqlite")
server = Server(binary, live_dir, port)
server.start()
tender, vendors = setup(port, 64)

receipts, lock, stop = [], threading.Lock(), threading.Event()
def worker(vendor_id, token):
    c = Client(port, token)
    while not stop.is_set():
        status, body = c.call("POST", f"/tenders/{tender}/bids", {"commitment": random_commitment()})
        if status == 201:
            with lock: receipts.append((time.monotonic(), token, body["bid"]["id"], body["bid"]["commitment"]))
threads = [threading.Thread(target=worker, args=v) for v in vendors]
for t in threads: t.start()
time.sleep(before)
began = time.monotonic()
out = subprocess.run([binary, "backup", "--to", backup], env=server.env, capture_output=True, text=True)
ended = time.monotonic()
time.sleep(0.5)
stop.set()
for t in threads: t.join()
server.stop()
print(out.stdout.strip() or out.stderr.strip())
if out.returncode != 0: sys.exit("backup failed")
m = re.search(r"audit length (\d+) head ([0-9a-f]{64})", out.stdout)
length, head = int(m.group(1)), m.group(2)

failures = []
env = dict(server.env, TENDER_DATA_DIR=restored_dir)
refused = subprocess.run([binary, "restore", "--from", backup], env=server.env, capture_output=True, text=True)
if refused.returncode == 0: failures.append("restore over the live database without --force was not refused")
restore = subprocess.run([binary, "restore", "--from", backup], env=env, capture_output=True, text=True)
print(restore.stdout.strip() or restore.stderr.strip())
if restore.returncode != 0: sys.exit("restore failed")

restored = Server(binary, restored_dir, port + 1)
restored.env.update(env, TENDER_PORT=str(port + 1))
restored.start()
held = [r for r in receipts if r[0] < began]
missing = sum(1 for _, token, bid_id, commitment in held
              if (lambda s, b: s != 200 or b["commitment"] != commitment)(*Client(port + 1, token).call("GET", f"/tenders/{tender}/bids/{bid_id}")))
_, served = Client(port + 1).call("GET", "/audit/head")
restored.stop()
verify = subprocess.run([binary, "audit", "verify"], env=restored.env, capture_output=True, text=True)
print(f"backup drill: {len(receipts)} receipts in all, {len(held)} before the backup began "
      f"(backup took {(ended - began) * 1000:.0f} ms during the rush), {missing} missing after restore; "
      f"{(verify.stdout + verify.stderr).strip().splitlines()[-1]}; restored head {served['length']} {served['head'][:16]}…, backup's {length} {head[:16]}…")
if not held: failures.append("no receipt before the backup")
if missing: failures.append(f"{missing} receipts missing")
if verify.returncode != 0: failures.append("the restored audit chain does not verify")
if (served["length"], served["head"]) != (length, head): failures.append("the restored /audit/head differs from the backup's")
if failures: sys.exit("BACKUP DRILL FAILED: " + "; ".join(failures))
subprocess.run(["rm", "-rf", work])
