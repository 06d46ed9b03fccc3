#!/usr/bin/env python3
"""The disk's reference limit: single-row durable SQLite transactions per second (WAL,
synchronous=FULL, one fsync per commit), in the given folder, for a few seconds."""
import os, sqlite3, sys, time
folder = sys.argv[1] if len(sys.argv) > 1 else "."
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 3
path = os.path.join(folder, "fsync-probe.sqlite")
db = sqlite3.connect(path, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=FULL")
db.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)")
n, end = 0, time.time() + seconds
start = time.time()
while time.time() < end:
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO t (v) VALUES ('x')")
    db.execute("COMMIT")
    n += 1
elapsed = time.time() - start
db.close()
for suffix in ("", "-wal", "-shm"):
    try: os.remove(path + suffix)
    except FileNotFoundError: pass
print(f"RESULT fsync_tx_per_s={n / elapsed:.0f}")
