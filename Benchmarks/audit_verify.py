"""`tender-server audit verify` on a chain of N entries written by an independent implementation
(Python's hashlib, following the documented formula), then the same after one edited row, which
must exit non-zero and name the row. Prints the time of each run.
Usage: python3 Benchmarks/audit_verify.py BINARY [N]   (N = 1,000,000 for the benchmark)"""
import hashlib, json, os, sqlite3, subprocess, sys, tempfile, time

binary = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = tempfile.mkdtemp(prefix="tender-audit.")
env = dict(os.environ, TENDER_ROOT=root, TENDER_DATA_DIR=data, LOG_LEVEL="warning")

def run(*args):
    start = time.perf_counter()
    p = subprocess.run([binary, *args], env=env, capture_output=True, text=True)
    return p, time.perf_counter() - start

p, _ = run("migrate")
assert p.returncode == 0, p.stderr
db = sqlite3.connect(os.path.join(data, "tenders.sqlite"))
prev = "0" * 64
rows = []
t0 = time.perf_counter()
for seq in range(1, n + 1):
    at = 1_767_225_600_000 + seq
    actor = f"user-{seq % 97}"
    action = ("tender.created", "bid.revealed", "award.made", "obligation.overdue")[seq % 4]
    # Chain version 2 (README, audit log): absent fields as "-", present ones length-prefixed.
    tender = f"tender-{seq % 1000}" if seq % 5 else None
    name = f"用户 {seq % 97}" if seq % 3 else None
    details = json.dumps({"n": str(seq), "note": "benchmark entry"}, sort_keys=True, separators=(",", ":"))
    def field(v):
        return "-\n" if v is None else f"+{len(v.encode())}:{v}\n"
    text = f"v2\n{prev}\n{seq}\n{at}\n" + "".join(field(v) for v in (actor, name, action, tender, details))
    h = hashlib.sha256(text.encode()).hexdigest()
    rows.append((seq, at, actor, action, tender, details, prev, h, 2, name))
    prev = h
    if len(rows) == 50_000:
        db.executemany("INSERT INTO audit_log (seq, at, actor, action, tender_id, details, prev_hash, hash, version, actor_name) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
        rows = []
db.executemany("INSERT INTO audit_log (seq, at, actor, action, tender_id, details, prev_hash, hash, version, actor_name) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
db.execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", (n, prev))
db.commit()
print(f"wrote {n} chained entries with Python's hashlib in {time.perf_counter() - t0:.1f} s")

p, elapsed = run("audit", "verify")
print(p.stdout.strip() or p.stderr.strip())
assert p.returncode == 0, f"intact chain reported broken: {p.stderr}"
print(f"RESULT audit_verify_entries={n} seconds={elapsed:.3f} (process start to exit)")

broken = max(1, n // 2)
db.execute("UPDATE audit_log SET details = '{\"n\":\"forged\"}' WHERE seq = ?", (broken,))
db.commit()
p, elapsed = run("audit", "verify")
out = (p.stdout + p.stderr).strip()
print(out)
assert p.returncode != 0, "an edited row went unnoticed"
assert f"entry {broken}" in out, f"the broken entry {broken} is not named"
print(f"tampered chain: exit {p.returncode}, located at entry {broken} in {elapsed:.3f} s")

# An absent tender id turned into an empty one (version 1 hashed both alike) is found too.
db.execute("UPDATE audit_log SET tender_id = '' WHERE seq = 5 AND tender_id IS NULL")
db.commit()
p, _ = run("audit", "verify")
out = (p.stdout + p.stderr).strip()
assert p.returncode != 0 and "entry 5" in out, f"NULL → '' went unnoticed: {out}"
print("absent → empty tender id: located at entry 5")
