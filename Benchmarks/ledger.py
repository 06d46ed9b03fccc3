"""The contract ledger and the cost report at scale (docs/DESIGN.md §11): 100,000 contracts over 20
departments with 600,000 monthly reviews and 600,000 payments (1,200,000 rows), a share of them
with overdue obligations, release build, SQLite. Prints p50 and p99 over sequential requests for the
ledger's default page, a filtered page, the cost report of one department and `/health`.
Usage: python3 Benchmarks/ledger.py BINARY [contracts] [requests]"""
import os, random, sqlite3, subprocess, sys, tempfile, time, uuid
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tenderlib import Server, Client

binary = sys.argv[1]
contracts = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
requests = int(sys.argv[3]) if len(sys.argv) > 3 else 300
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = tempfile.mkdtemp(prefix="tender-ledger.")
p = subprocess.run([binary, "migrate"], env=dict(os.environ, TENDER_ROOT=root, TENDER_DATA_DIR=data, LOG_LEVEL="warning"), capture_output=True, text=True)
assert p.returncode == 0, p.stderr

db = sqlite3.connect(os.path.join(data, "tenders.sqlite"))
now = int(time.time() * 1000)
day = 86_400_000
rng = random.Random(11)
officer = str(uuid.uuid4())
db.execute("INSERT INTO users (id, email, password_hash, role, name, created_at) VALUES (?, 'o@bench.example', 'x', 'procurement', 'Officer', ?)", (officer, now))
departments = [str(uuid.uuid4()) for _ in range(20)]
db.executemany("INSERT INTO departments (id, name, parent_id, created_by, created_at) VALUES (?, ?, NULL, ?, ?)",
               [(d, f"Department {i}", officer, now) for i, d in enumerate(departments)])
vendors = [str(uuid.uuid4()) for _ in range(2000)]
db.executemany("INSERT INTO users (id, email, password_hash, role, name, created_at) VALUES (?, ?, 'x', 'vendor', ?, ?)",
               [(v, f"v{i}@bench.example", f"Vendor {i}", now) for i, v in enumerate(vendors)])
db.executemany("INSERT INTO vendors (user_id, registration_number, updated_at) VALUES (?, ?, ?)", [(v, f"REG{i:08d}", now) for i, v in enumerate(vendors)])
criteria = '[{"key":"price","type":"price","weight":100}]'
grades = [("excellent", 9300, 0), ("good", 8200, 0), ("pass", 6600, 500), ("fail", 4500, 2000)]
T, R, A, C, V, P, O = [], [], [], [], [], [], []
for i in range(contracts):
    tid, rid, aid, cid = (str(uuid.uuid4()) for _ in range(4))
    dept, vendor = rng.choice(departments), rng.choice(vendors)
    signed = now - rng.randint(200, 900) * day
    reference = rng.randint(100_000, 2_000_000) * 100
    awarded = reference - rng.randint(0, 50_000) * 100
    R.append((rid, f"Request {i}", "scope", "line-patrol", "partial", dept, officer, f"{reference / 100:.2f}", "CNY", "2025-01-01", "2025-12-31",
              "justification of the outsourcing", "open", "tendered", signed - 90 * day, signed, f"{reference / 100:.2f}", "CNY", "survey", tid))
    T.append((tid, f"Tender {i}", "benchmark", "services", "bidding-law", "open", f"{reference / 100:.2f}", "CNY", "Asia/Shanghai",
              signed - 40 * day, signed - 39 * day, criteria, "published", officer, signed - 60 * day, signed, signed - 60 * day, rid))
    A.append((aid, tid, vendor, f"{awarded / 100:.2f}", signed - 20 * day, signed - 17 * day))
    C.append((tid, aid, signed, f"{awarded / 100:.2f}", "ab" * 32, officer, signed, 0, officer, signed, signed + 3 * day, cid, vendor,
              "2025-01-01", "2025-12-31", "active" if i % 10 else "completed", f"{awarded / 100:.2f}"))
    installment = awarded // 24
    for m in range(1, 7):
        g, total, pct = rng.choice(grades)
        period = f"2025-{m:02d}"
        V.append((str(uuid.uuid4()), cid, vendor, period, f"2025-{m:02d}-28", "{}", total, g, None, "", officer, signed + m * 30 * day))
        deduction = (installment * pct + 5000) // 10000
        P.append((str(uuid.uuid4()), cid, period, installment, g, pct, deduction, installment - deduction, "approved" if m < 6 else "pending",
                  officer, signed + m * 30 * day))
    # One contract in eight has an overdue review obligation.
    if i % 8 == 0:
        O.append((str(uuid.uuid4()), tid, "periodic_review", f"{cid}:2025-07", now - 40 * day, now - 30 * day))
db.executemany("""INSERT INTO outsourcing_requests (id, title, scope, business_type, mode, department_id, requester_id, estimated_amount, currency,
    service_start, service_end, justification, method, status, created_at, updated_at, reference_amount, reference_currency, reference_basis, tender_id)
    VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", R)
db.executemany("""INSERT INTO tenders (id, title, description, category, regime, method, budget_amount, currency, time_zone, submission_deadline,
    reveal_deadline, criteria, status, created_by, created_at, updated_at, published_at, request_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", T)
db.executemany("INSERT INTO awards (id, tender_id, vendor_id, price, awarded_at, standstill_ends_at, bid_id, candidate_rank, justification, awarded_by) "
               "VALUES (?,?,?,?,?,?,'b',1,'',?)", [a + (officer,) for a in A])
db.executemany("""INSERT INTO contracts (tender_id, award_id, signed_at, amount, document_sha256, supervisor_id, due_at, late, recorded_by, recorded_at,
    filing_due_at, id, vendor_id, service_start, service_end, status, current_amount) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", C)
db.executemany("""INSERT INTO contract_reviews (id, contract_id, vendor_id, period, period_end, scores, total, grade, satisfaction, notes, reviewed_by,
    reviewed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""", V)
db.executemany("""INSERT INTO payments (id, contract_id, period, installment, grade, deduction_percent, deduction, payable, status, requested_by,
    requested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)""", P)
db.executemany("INSERT INTO obligations (id, tender_id, kind, subject_id, starts_at, due_at) VALUES (?,?,?,?,?,?)", O)
db.commit()
db.execute("ANALYZE")
db.commit()
print(f"{contracts} contracts, {len(V)} reviews, {len(P)} payments, {len(O)} overdue obligations, {len(departments)} departments")

server = Server(binary, data, 18000 + random.randrange(900))
server.start()
try:
    c = Client(server.port)
    _, admin = c.call("POST", "/auth/login", {"email": "admin@example.com", "password": "admin-password-1"})
    token = admin["token"]
    def measure(label, path, check):
        times = []
        for _ in range(requests):
            start = time.perf_counter()
            status, body = c.call("GET", path, token=token)
            times.append((time.perf_counter() - start) * 1000)
            assert status == 200 and check(body), (path, status, str(body)[:300])
        times.sort()
        print(f"{label:<38} p50 {times[len(times) // 2]:7.2f} ms  p99 {times[int(len(times) * 0.99)]:7.2f} ms")
        return times[int(len(times) * 0.99)]
    import urllib.request
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/health") as r:
            r.read()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(f"{'GET /health':<38} p50 {times[len(times) // 2]:7.2f} ms  p99 {times[int(len(times) * 0.99)]:7.2f} ms")
    measure("GET /api/v1/contracts (default page)", "/contracts", lambda b: len(b["items"]) == 20 and b["items"][0]["overdue"])
    measure("GET /api/v1/contracts?status=completed", "/contracts?status=completed&page=20", lambda b: len(b["items"]) == 20)
    measure(f"GET /api/v1/reports/costs?departmentId=…", f"/reports/costs?departmentId={departments[3]}",
            lambda b: len(b["departments"]) == 1 and b["departments"][0]["contracts"] > contracts // 40)
    measure("GET /api/v1/vendors/{id}/performance", f"/vendors/{vendors[5]}/performance?year=2025", lambda b: b["reviews"] > 0)
finally:
    server.stop()
