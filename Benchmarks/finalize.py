"""Finalization benchmark: 1,000 revealed bids, 9 members, 10 criteria (price, 8 scored, 1
qualification), on SQLite, against a release build. Prints the round-trip time of
POST …/evaluation/finalize; a finalization happens once per tender, so each round sets up a
fresh tender.
Usage: python3 Benchmarks/finalize.py .build/release/tender-server [rounds]"""
import hashlib, json, os, secrets, sys, tempfile, threading, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tenderlib import Server, Client, iso

BIDS, MEMBERS, SCORED = 1000, 9, 8
binary = sys.argv[1]
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
data = tempfile.mkdtemp(prefix="tender-finalize.")
port = 18000 + secrets.randbelow(900)
server = Server(binary, data, port)
server.start()
try:
    c = Client(port)
    _, admin = c.call("POST", "/auth/login", {"email": "admin@example.com", "password": "admin-password-1"})
    def staff(role, email):
        st, r = c.call("POST", "/users", {"email": email, "password": "staff-password", "role": role, "name": email}, admin["token"])
        assert st == 201, r
        _, t = c.call("POST", "/auth/login", {"email": email, "password": "staff-password"})
        return r["id"], t["token"]
    officer = staff("procurement", "officer@bench.example")
    members = [staff("evaluator", f"e{i}@bench.example") for i in range(MEMBERS)]
    vendors = []
    for i in range(BIDS):
        st, r = c.call("POST", "/auth/register", {"email": f"v{i}@bench.example", "password": "vendor-password",
                                                 "name": f"Vendor {i}", "registrationNumber": f"BENCH{i:06d}"})
        assert st == 201, r
        vendors.append((r["user"]["id"], r["token"]))
    criteria = [{"key": "price", "type": "price", "weight": 10}] + \
        [{"key": f"c{i}", "name": f"Criterion {i}", "type": "scored", "weight": 11.25, "maxScore": 10} for i in range(SCORED)] + \
        [{"key": "license", "name": "Licence", "type": "qualification"}]

    def parallel(items, fn, threads=8):
        chunks = [items[i::threads] for i in range(threads)]
        def run(chunk):
            cl = Client(port)
            for it in chunk: fn(cl, it)
        ts = [threading.Thread(target=run, args=(ch,)) for ch in chunks]
        for t in ts: t.start()
        for t in ts: t.join()

    times = []
    for rnd in range(rounds):
        submit_in, reveal_in = 25, 50
        st, tender = c.call("POST", "/tenders", {
            "title": f"Finalize benchmark {rnd}", "description": "benchmark", "category": "services",
            "budget": {"amount": "2000000.00", "currency": "CNY"},
            "submissionDeadline": iso(submit_in), "revealDeadline": iso(reveal_in), "criteria": criteria}, officer[1])
        assert st == 201, tender
        tid = tender["id"]
        t0 = time.time()
        assert c.call("POST", f"/tenders/{tid}/publish", token=officer[1])[0] == 200
        st, r = c.call("PUT", f"/tenders/{tid}/committee", {"members": [{"userId": m[0], "kind": "expert"} for m in members],
                                                          "chairId": members[0][0]}, officer[1])
        assert st == 200, r
        sealed = {}
        def commit(cl, v):
            salt = secrets.token_hex(16)
            doc = json.dumps({"price": f"{secrets.randbelow(1_000_000) + 500_000}.00", "currency": "CNY",
                              "qualifications": {"license": True}, "experienceYears": 5, "proposal": "p"})
            commitment = hashlib.sha256(f"{tid}:{v[0]}:{salt}:{doc}".encode()).hexdigest()
            st, r = cl.call("POST", f"/tenders/{tid}/bids", {"commitment": commitment}, v[1])
            assert st == 201, r
            sealed[v[0]] = (r["bid"]["id"], salt, doc)
        parallel(vendors, commit)
        time.sleep(max(0, t0 + submit_in + 1 - time.time()))
        def reveal(cl, v):
            bid, salt, doc = sealed[v[0]]
            st, r = cl.call("POST", f"/tenders/{tid}/bids/{bid}/reveal", {"salt": salt, "document": doc}, v[1])
            assert st == 200, r
        parallel(vendors, reveal)
        for m in members:
            assert c.call("POST", f"/tenders/{tid}/declarations", {"conflicts": []}, m[1])[0] == 201
        time.sleep(max(0, t0 + reveal_in + 1 - time.time()))
        def score(cl, m):
            for bid, _, _ in sealed.values():
                st, r = cl.call("PUT", f"/tenders/{tid}/scoresheets/{bid}", {
                    "qualification": {"license": True}, "scores": {f"c{i}": secrets.randbelow(1001) / 100 for i in range(SCORED)}}, m[1])
                assert st == 200, r
        parallel(members, score, threads=MEMBERS)
        if os.environ.get("FINALIZE_PERF_PAUSE"):  # lets `perf record -p <pid>` attach just before the finalize
            open(os.environ["FINALIZE_PERF_PAUSE"], "w").write(str(server.proc.pid))
            time.sleep(2)
        start = time.perf_counter()
        st, result = c.call("POST", f"/tenders/{tid}/evaluation/finalize", token=officer[1])
        elapsed = (time.perf_counter() - start) * 1000
        assert st == 200, result
        assert len(result["ranking"]) == BIDS
        times.append(elapsed)
        print(f"round {rnd + 1}: finalize {elapsed:.1f} ms ({BIDS} bids, {MEMBERS} members, {SCORED + 2} criteria, {BIDS * MEMBERS} sheets)", flush=True)
    times.sort()
    print(f"RESULT finalize_median_ms={times[len(times) // 2]:.1f} finalize_max_ms={times[-1]:.1f} rounds={rounds}")
finally:
    server.stop()
