#!/usr/bin/env python3
"""Escrowed opening at scale (docs/DESIGN.md §13): N vendors on one tender with 5 key holders
(t = 3) each commit with an escrow sealed by the browser's own code (Static/js/escrow.js under
node; 2,000-character proposals); after the submission deadline three holders each fetch their
sealed shares, open them client-side and post them. The server's part is the three POSTs: the
third one rebuilds, decrypts, checks and reveals all N bids in one transaction.
Usage: escrow_opening.py BIN [N=1000] (env: BENCH_DATABASE_URL=postgres://… for PostgreSQL)."""
import json, os, subprocess, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tenderlib import Server, Client, officer_token, register, iso

binary = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
here = Path(__file__).resolve().parent
data = tempfile.mkdtemp(prefix="tender-escrow.")
port = 18600 + os.getpid() % 300
extra = {"TENDER_DATABASE_URL": os.environ["BENCH_DATABASE_URL"]} if os.environ.get("BENCH_DATABASE_URL") else {}
server = Server(binary, data, port, extra_env=extra)
server.start()
base = f"http://127.0.0.1:{port}"

def node(*args):
    out = subprocess.run(["node", str(here / "escrow_client.mjs"), *args], capture_output=True, text=True)
    if out.returncode != 0: sys.exit(out.stderr)
    return json.loads(out.stdout)

try:
    c = Client(port)
    officer = officer_token(port)
    _, admin = c.call("POST", "/auth/login", {"email": "admin@example.com", "password": "admin-password-1"})
    keys = node("keys", "5")
    holders = []
    for i, k in enumerate(keys, 1):
        email = f"holder{i}@bench.example"
        assert c.call("POST", "/users", {"email": email, "password": "holder-password", "role": "auditor", "name": f"Holder {i}"}, admin["token"])[0] == 201
        _, tok = c.call("POST", "/auth/login", {"email": email, "password": "holder-password"})
        st, key = c.call("POST", "/opening-keys", {"publicKey": k["publicKey"]}, tok["token"])
        assert st == 201, key
        _, me = c.call("GET", "/users/me", token=tok["token"])
        holders.append({"number": i, "id": me["id"], "token": tok["token"], "privateKey": k["privateKey"]})
    vendors = [{"id": vid, "token": tok} for vid, tok in register(port, n, "e")]
    sealing_seconds = max(30, n * 0.03)
    st, tender = c.call("POST", "/tenders", {
        "title": "Escrowed opening benchmark", "description": "benchmark", "category": "services",
        "budget": {"amount": "1000000.00", "currency": "CNY"}, "submissionDeadline": iso(sealing_seconds), "revealDeadline": iso(sealing_seconds + 3600),
        "criteria": [{"key": "price", "type": "price", "weight": 100}],
        "opening": {"holders": [h["id"] for h in holders], "threshold": 3}}, officer)
    assert st == 201, tender
    closes = time.time() + sealing_seconds
    assert c.call("POST", f"/tenders/{tender['id']}/publish", token=officer)[0] == 200
    work = Path(data) / "input.json"
    work.write_text(json.dumps({"tender": tender["id"], "vendors": vendors}))
    sealed = node("seal", base, str(work))
    if time.time() > closes: sys.exit("sealing took longer than the bidding period; lower N")
    time.sleep(closes - time.time() + 1)
    work.write_text(json.dumps({"tender": tender["id"], "holders": [holders[0], holders[2], holders[4]]}))
    results = node("open", base, str(work))
    _, listed = c.call("GET", f"/tenders/{tender['id']}/commitments")
    revealed = sum(1 for e in listed["commitments"] if e["status"] == "revealed")
finally:
    server.stop()
    subprocess.run(["rm", "-rf", data])

print(f"database: {'PostgreSQL' if extra else 'SQLite (WAL, synchronous=FULL)'}; {n} escrowed bids, 5 holders, t = 3, "
      f"2,000-character proposals; sealing in node: {sealed['sealMsPerBid']:.1f} ms per bid (5 HPKE seals)")
print(f"{'holder':>6} {'shares':>6} {'GET shares ms':>13} {'open in node ms':>15} {'POST ms':>8} {'opened':>6} {'POST ÷ /health':>14}")
for r in results:
    print(f"{r['holder']:>6} {r['shares']:>6} {r['fetchMs']:>13.0f} {r['clientOpenMs']:>15.0f} {r['postMs']:>8.0f} {r['opened']:>6} {r['postMs'] / r['healthMs']:>14.0f}")
server_ms = sum(r["postMs"] for r in results)
print(f"server's part (the three POSTs): {server_ms:.0f} ms; the opening POST alone: {results[-1]['postMs']:.0f} ms "
      f"({results[-1]['postMs'] / n:.2f} ms per bid); revealed afterwards: {revealed} of {n}")
print(f"RESULT bids={n} server_ms={server_ms:.0f} opening_post_ms={results[-1]['postMs']:.0f} revealed={revealed}")
sys.exit(0 if revealed == n and results[-1]["opened"] == n else 1)
