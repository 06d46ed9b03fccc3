"""GET /api/v1/obligations on a database of 100,000 awarded tenders (300,000 obligations: award
report, contract signing and filing, a mix of met, met late, due and overdue), release build,
SQLite. Prints p50 and p99 over sequential requests for the default list and for state=overdue.
Usage: python3 Benchmarks/obligations.py BINARY [tenders] [requests]"""
import os, random, sqlite3, subprocess, sys, tempfile, time, uuid
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tenderlib import Server, Client

binary = sys.argv[1]
tenders = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
requests = int(sys.argv[3]) if len(sys.argv) > 3 else 500
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = tempfile.mkdtemp(prefix="tender-obligations.")
p = subprocess.run([binary, "migrate"], env=dict(os.environ, TENDER_ROOT=root, TENDER_DATA_DIR=data, LOG_LEVEL="warning"), capture_output=True, text=True)
assert p.returncode == 0, p.stderr

db = sqlite3.connect(os.path.join(data, "tenders.sqlite"))
now = int(time.time() * 1000)
day = 86_400_000
officer = str(uuid.uuid4())
db.execute("INSERT INTO users (id, email, password_hash, role, name, created_at) VALUES (?, 'o@bench.example', 'x', 'procurement', 'Officer', ?)", (officer, now))
rng = random.Random(7)
t_rows, o_rows = [], []
criteria = '[{"key":"price","type":"price","weight":100}]'
for i in range(tenders):
    tid = str(uuid.uuid4())
    awarded = now - rng.randint(0, 120) * day
    t_rows.append((tid, f"Tender {i}", "benchmark", "services", "bidding-law", "open", "100000.00", "CNY", "Asia/Shanghai",
                   awarded - 3 * day, awarded - 2 * day, criteria, "published", officer, awarded - 40 * day, awarded, awarded - 40 * day))
    report_due, signing_due, filing_due = awarded + 15 * day, awarded + 33 * day, awarded + 36 * day
    met = lambda due: (None if rng.random() < 0.3 else due + rng.randint(-10, 3) * day)
    for kind, due in (("award_report", report_due), ("contract_signing", signing_due), ("contract_filing", filing_due)):
        m = met(due)
        if m is not None and m > now: m = None
        o_rows.append((str(uuid.uuid4()), tid, kind, tid + kind, awarded, due, m))
db.executemany("""INSERT INTO tenders (id, title, description, category, regime, method, budget_amount, currency, time_zone,
    submission_deadline, reveal_deadline, criteria, status, created_by, created_at, updated_at, published_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", t_rows)
db.executemany("INSERT INTO obligations (id, tender_id, kind, subject_id, starts_at, due_at, met_at) VALUES (?,?,?,?,?,?,?)", o_rows)
db.commit()
db.execute("ANALYZE")
db.commit()
print(f"{tenders} tenders, {len(o_rows)} obligations")

server = Server(binary, data, 18000 + random.randrange(900))
server.start()
try:
    c = Client(server.port)
    _, admin = c.call("POST", "/auth/login", {"email": "admin@example.com", "password": "admin-password-1"})
    for query in ("", "?state=overdue", "?state=due", "?state=met&page=50"):
        times = []
        for _ in range(requests):
            start = time.perf_counter()
            status, body = c.call("GET", "/obligations" + query, token=admin["token"])
            times.append((time.perf_counter() - start) * 1000)
            assert status == 200 and len(body["items"]) == 20, body
        times.sort()
        print(f"GET /api/v1/obligations{query:<18} total {body['metadata']['total']:>7}  p50 {times[len(times) // 2]:6.2f} ms  p99 {times[int(len(times) * 0.99)]:6.2f} ms")
finally:
    server.stop()
