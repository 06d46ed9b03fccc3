"""Red flags across tenders at scale (docs/DESIGN.md §14): 100,000 awarded tenders over 20 large
departments and 50 small ones, 2,000 vendors, about 450,000 bids, release build, SQLite. Planted
among random tenders: 1,500 rotating groups (3 tenders each), 300 pairs of vendors sharing a phone
number who bid together twice, and one vendor winning half of each small department's awards.
Prints the refresh's duration (first: every flag new; second: nothing changed; third: after 200
more awards) with the server's peak memory, then p50 and p99 over sequential requests for pages of
`GET /api/v1/red-flags` (default, filtered by status, vendor, department and code, and a deep page)
beside `GET /health`. With BENCH_DATABASE_URL=postgres://… the same on that (empty) PostgreSQL
database, loaded with psql's COPY (Benchmarks/red_flags_across.sh starts a throwaway cluster).
Usage: python3 Benchmarks/red_flags_across.py BINARY [tenders] [requests]"""
import io, os, random, sqlite3, subprocess, sys, tempfile, time, urllib.parse, urllib.request, uuid
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tenderlib import Server, Client

binary = sys.argv[1]
tenders = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
requests = int(sys.argv[3]) if len(sys.argv) > 3 else 300
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = tempfile.mkdtemp(prefix="tender-flags.")
pg_url = os.environ.get("BENCH_DATABASE_URL", "")
db_env = {"TENDER_DATABASE_URL": pg_url} if pg_url else {}
p = subprocess.run([binary, "migrate"], env=dict(os.environ, TENDER_ROOT=root, TENDER_DATA_DIR=data, LOG_LEVEL="warning", **db_env),
                   capture_output=True, text=True)
assert p.returncode == 0, p.stderr

class Postgres:
    """The few calls this script makes of sqlite3, done with psql (COPY for the bulk rows)."""
    def __init__(self, url):
        self.url = url
    def psql(self, *args, stdin=None):
        r = subprocess.run(["psql", "-v", "ON_ERROR_STOP=1", "-qAt", self.url, *args], input=stdin, capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        return r.stdout
    def execute(self, sql, params=()):
        for v in params:
            sql = sql.replace("?", "NULL" if v is None else "'" + str(v).replace("'", "''") + "'", 1)
        out = self.psql("-c", sql)
        return Rows([tuple(line.split("|")) for line in out.splitlines() if line])
    def executemany(self, sql, rows):
        if not rows: return
        head = sql.split("VALUES")[0]
        table, columns = head.split("INTO")[1].split("(", 1)
        # Columns given literally in the SQL ('x', NULL) are filled in the rows. Strings are quoted,
        # so that an empty string stays one; None is written unquoted, which COPY reads as NULL.
        cols = [c.strip() for c in columns.rsplit(")", 1)[0].split(",")]
        values = [v.strip() for v in sql.split("VALUES")[1].strip().strip("()").split(",")]
        literal = {i: (None if v.upper() == "NULL" else v.strip("'")) for i, v in enumerate(values) if v != "?"}
        def field(v):
            if v is None: return ""
            if isinstance(v, (int, float)): return str(v)
            return '"' + str(v).replace('"', '""') + '"'
        buf = io.StringIO()
        for r in rows:
            it = iter(r)
            buf.write(",".join(field(literal[i] if i in literal else next(it)) for i in range(len(cols))) + "\n")
        # Requests and tenders point at each other: foreign keys are checked by triggers, off while loading.
        self.psql("-c", "SET session_replication_role = replica", "-c", f"\\copy {table.strip()} ({', '.join(cols)}) FROM pstdin WITH (FORMAT csv)", stdin=buf.getvalue())
    def commit(self): pass

class Rows(list):
    def fetchone(self): return self[0] if self else None
    def fetchall(self): return list(self)

db = Postgres(pg_url) if pg_url else sqlite3.connect(os.path.join(data, "tenders.sqlite"))
now = int(time.time() * 1000)
day = 86_400_000
rng = random.Random(18)
officer = str(uuid.uuid4())
db.execute("INSERT INTO users (id, email, password_hash, role, name, created_at) VALUES (?, 'o@bench.example', 'x', 'procurement', 'Officer', ?)",
           (officer, now))
large = [str(uuid.uuid4()) for _ in range(20)]
small = [str(uuid.uuid4()) for _ in range(50)]
db.executemany("INSERT INTO departments (id, name, parent_id, created_by, created_at) VALUES (?, ?, NULL, ?, ?)",
               [(d, f"Department {i}", officer, now) for i, d in enumerate(large + small)])
vendors = [str(uuid.uuid4()) for _ in range(2000)]
db.executemany("INSERT INTO users (id, email, password_hash, role, name, created_at) VALUES (?, ?, 'x', 'vendor', ?, ?)",
               [(v, f"v{i}@bench.example", f"Vendor {i}", now) for i, v in enumerate(vendors)])
# Vendors 0..599 form 300 pairs sharing a phone number; every other vendor has its own.
db.executemany("INSERT INTO vendors (user_id, registration_number, phone, updated_at) VALUES (?, ?, ?, ?)",
               [(v, f"REG{i:08d}", f"139{(i // 2 if i < 600 else 10_000 + i):08d}", now) for i, v in enumerate(vendors)])

criteria = '[{"key":"price","type":"price","weight":100}]'
T, R, B, A = [], [], [], []
def tender(department, bidders, winner, awarded_at):
    tid, rid, aid = (str(uuid.uuid4()) for _ in range(3))
    i = len(T)
    R.append((rid, f"Request {i}", "scope", "line-patrol", "partial", department, officer, "100000.00", "CNY", "2025-01-01", "2025-12-31",
              "justification of the outsourcing", "open", "tendered", awarded_at - 90 * day, awarded_at, "100000.00", "CNY", "survey", tid))
    T.append((tid, f"Tender {i}", "benchmark", "services", "bidding-law", "open", "100000.00", "CNY", "Asia/Shanghai",
              awarded_at - 40 * day, awarded_at - 39 * day, criteria, "published", officer, awarded_at - 60 * day, awarded_at,
              awarded_at - 60 * day, rid))
    win_bid = None
    for v in bidders:
        bid = str(uuid.uuid4())
        win_bid = bid if v == winner else win_bid
        B.append((bid, tid, v, uuid.uuid4().hex + uuid.uuid4().hex, "revealed", v, awarded_at - 41 * day, f"{rng.randint(80_000, 99_000)}.00"))
    A.append((aid, tid, win_bid, winner, "90000.00", 1, "", officer, awarded_at, awarded_at + 3 * day, tid))

start_day = now - 900 * day
def when():
    return start_day + rng.randint(0, 880) * day + rng.randint(0, day)
# Rotations: a group of two or three meets three times and the winner takes turns.
for _ in range(1500):
    group = rng.sample(vendors[600:], rng.choice([2, 3]))
    department = rng.choice(large)
    t0 = when()
    for k in range(3):
        tender(department, group, group[k % len(group)], t0 + k * 7 * day)
# Shared phone numbers: each pair bids together (with two others) in two tenders.
for pair in range(300):
    a, b = vendors[2 * pair], vendors[2 * pair + 1]
    for _ in range(2):
        others = rng.sample(vendors[600:], 2)
        tender(rng.choice(large), [a, b] + others, rng.choice(others), when())
# Small departments: eight awards each, one vendor wins four.
for department in small:
    dominant = rng.choice(vendors[600:])
    for k in range(8):
        others = rng.sample(vendors[600:], 3)
        winner = dominant if k % 2 == 0 else others[0]
        tender(department, list({dominant, *others}) if winner == dominant else others, winner, when())
planted = len(T)
while len(T) < tenders:
    bidders = rng.sample(vendors[600:], rng.randint(3, 6))
    tender(rng.choice(large), bidders, rng.choice(bidders), when())

def load():
    """Writes the requests, tenders, bids and awards `tender` collected."""
    db.executemany("""INSERT INTO outsourcing_requests (id, title, scope, business_type, mode, department_id, requester_id, estimated_amount, currency,
        service_start, service_end, justification, method, status, created_at, updated_at, reference_amount, reference_currency, reference_basis, tender_id)
        VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", R)
    db.executemany("""INSERT INTO tenders (id, title, description, category, regime, method, budget_amount, currency, time_zone, submission_deadline,
        reveal_deadline, criteria, status, created_by, created_at, updated_at, published_at, request_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", T)
    db.executemany("INSERT INTO bids (id, tender_id, vendor_id, commitment, status, active_vendor, submitted_at, price) VALUES (?,?,?,?,?,?,?,?)", B)
    db.executemany("""INSERT INTO awards (id, tender_id, bid_id, vendor_id, price, candidate_rank, justification, awarded_by, awarded_at,
        standstill_ends_at, active_tender) VALUES (?,?,?,?,?,?,?,?,?,?,?)""", A)
    db.commit()

load()
db.execute("ANALYZE")
db.commit()
print(f"{'PostgreSQL' if pg_url else 'SQLite'}: {len(T):,} awarded tenders ({planted:,} planted), {len(B):,} bids, {len(vendors):,} vendors, {len(large) + len(small)} departments")

def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")

server = Server(binary, data, 18000 + random.randrange(900), {"TENDER_SWEEP_INTERVAL": "0", "LOG_LEVEL": os.environ.get("LOG_LEVEL", "warning"), **db_env})
server.start()
try:
    c = Client(server.port)
    _, admin = c.call("POST", "/auth/login", {"email": "admin@example.com", "password": "admin-password-1"})
    status, _ = c.call("POST", "/users", {"email": "auditor@bench.example", "password": "auditor-password", "role": "auditor", "name": "Auditor"},
                       admin["token"])
    assert status == 201, status
    _, auditor = c.call("POST", "/auth/login", {"email": "auditor@bench.example", "password": "auditor-password"})
    token = auditor["token"]
    slow = Client(server.port)
    slow.conn.timeout = 600

    def refresh(label):
        before = peak_rss_mb(server.proc.pid)
        start = time.perf_counter()
        status, body = slow.call("POST", "/red-flags/refresh", token=token)
        ms = (time.perf_counter() - start) * 1000
        assert status == 200, (status, body)
        print(f"refresh, {label:<28} {ms:8.0f} ms  flags {body['flags']:,} (added {body['added']:,}, changed {body['changed']:,}, "
              f"removed {body['removed']:,})  peak RSS {before:.0f} → {peak_rss_mb(server.proc.pid):.0f} MB")
        return body

    first = refresh("every flag new")
    assert first["flags"] == first["added"] >= 1_800, first  # 1,850 planted; a few planted rotations meet by chance
    assert refresh("nothing changed")["changed"] == 0
    # 200 more awards: 100 fourth meetings of planted rotations (the turn goes on) and 100 random ones.
    T.clear(); R.clear(); B.clear(); A.clear()
    for k in range(100):
        group = [v for (v,) in db.execute("SELECT b.vendor_id FROM bids b JOIN tenders t ON t.id = b.tender_id WHERE t.title = ?",
                                            (f"Tender {3 * k}",))]
        (last,) = db.execute("SELECT a.vendor_id FROM awards a JOIN tenders t ON t.id = a.tender_id WHERE t.title = ?",
                             (f"Tender {3 * k + 2}",)).fetchone()
        tender(large[0], group, next(v for v in group if v != last), now - day)
    while len(T) < 200:
        bidders = rng.sample(vendors[600:], 4)
        tender(large[1], bidders, bidders[0], now - day)
    load()
    # Reads while the refresh runs: each sequential GET of one flag, timed, until the refresh ends.
    import threading
    during, done = [], threading.Event()
    def reader():
        r = Client(server.port)
        while not done.is_set():
            start = time.perf_counter()
            status, _ = r.call("GET", "/red-flags?per=1", token=token)
            during.append((time.perf_counter() - start) * 1000)
            assert status == 200
    readers = [threading.Thread(target=reader) for _ in range(4)]
    for th in readers: th.start()
    third = refresh("after 200 more awards")
    done.set()
    for th in readers: th.join()
    during.sort()
    print(f"  meanwhile, 4 readers of GET /api/v1/red-flags?per=1: {len(during):,} requests, p50 {during[len(during) // 2]:.2f} ms, "
          f"p99 {during[int(len(during) * 0.99)]:.2f} ms, max {during[-1]:.0f} ms")
    assert third["changed"] >= 100 and third["removed"] == 0, third

    _, page = c.call("GET", "/red-flags?code=bid_rotation", token=token)
    some_vendor = page["items"][0]["vendorIds"][0]
    def measure(label, path, check):
        times = []
        for _ in range(requests):
            start = time.perf_counter()
            status, body = c.call("GET", path, token=token)
            times.append((time.perf_counter() - start) * 1000)
            assert status == 200 and check(body), (path, status, str(body)[:300])
        times.sort()
        print(f"{label:<46} p50 {times[len(times) // 2]:7.2f} ms  p99 {times[int(len(times) * 0.99)]:7.2f} ms")
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/health") as r:
            r.read()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(f"{'GET /health':<46} p50 {times[len(times) // 2]:7.2f} ms  p99 {times[int(len(times) * 0.99)]:7.2f} ms")
    measure("GET /api/v1/red-flags (default page)", "/red-flags", lambda b: len(b["items"]) == 20)
    measure("GET /api/v1/red-flags?status=open&per=100", "/red-flags?status=open&per=100", lambda b: len(b["items"]) == 100)
    measure("GET /api/v1/red-flags?vendorId=…", f"/red-flags?vendorId={some_vendor}", lambda b: len(b["items"]) >= 1)
    measure("GET /api/v1/red-flags?departmentId=… (small)", f"/red-flags?departmentId={small[7]}", lambda b: len(b["items"]) == 1)
    measure("GET /api/v1/red-flags?departmentId=… (large)", f"/red-flags?departmentId={large[3]}", lambda b: len(b["items"]) == 20)
    measure("GET /api/v1/red-flags?code=bid_rotation&page=70", "/red-flags?code=bid_rotation&page=70", lambda b: len(b["items"]) == 20)
finally:
    server.stop()
