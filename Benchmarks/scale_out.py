#!/usr/bin/env python3
"""Scale-out drill: nginx (deploy/nginx/tender.conf) in front of two tender-server instances on one
PostgreSQL. A mixed rush goes through nginx; one instance is killed with SIGKILL halfway (and
restarted, as systemd's Restart=always would). Afterwards it checks that:

  - every receipt a client got has its bid (GET …/bids/{id} by its vendor, same commitment);
  - no idempotent read (GET) got a 5xx: nginx retried the dead instance's connections elsewhere;
  - both instances serve the same commitment list and Merkle root after the close;
  - the audit chain verifies (`tender-server audit verify`) and both instances show one head;
  - per-address login throttling holds behind nginx: failures from 127.0.0.2 meet 429 with
    Retry-After on either instance while 127.0.0.3 still logs in, and an X-Forwarded-For a
    client writes itself does not change its address.

Usage: scale_out.py BIN PG_URL [rush-seconds]   (scale_out.sh starts PostgreSQL and builds BIN)
"""
import http.client, json, os, random, re, signal, subprocess, sys, tempfile, threading, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tenderlib import Server, Client, officer_token, open_tender, register, random_commitment

binary, pg_url = sys.argv[1], sys.argv[2]
rush = float(sys.argv[3]) if len(sys.argv) > 3 else 20
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
work = tempfile.mkdtemp(prefix="tender-scale-")
base = 19000 + os.getpid() % 500
ports = {"a": base, "b": base + 500}
front = base + 1000
key = os.path.join(work, "receipt-key.pem")
env = {"TENDER_DATABASE_URL": pg_url, "TENDER_RECEIPT_KEY_FILE": key, "TENDER_TRUSTED_PROXIES": "127.0.0.1",
       "TENDER_LOGIN_ADDRESS_MAX_FAILURES": "5", "TENDER_LOGIN_ADDRESS_WINDOW": "10m", "TENDER_DATABASE_POOL": "4"}
servers = {}
for name in "ab":  # one after the other: the first migrates and creates the receipt key
    os.makedirs(os.path.join(work, name))
    servers[name] = Server(binary, os.path.join(work, name), ports[name], env)
    servers[name].start()

conf = open(os.path.join(root, "deploy/nginx/tender.conf")).read()
conf = conf.replace("127.0.0.1:8081", f"127.0.0.1:{ports['a']}").replace("127.0.0.1:8082", f"127.0.0.1:{ports['b']}")
conf = conf.replace("listen 80;", f"listen 127.0.0.1:{front};")
open(os.path.join(work, "nginx.conf"), "w").write(f"""
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {work}/body; proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi; uwsgi_temp_path {work}/uwsgi; scgi_temp_path {work}/scgi;
{conf}
}}
""")
subprocess.run(["nginx", "-c", os.path.join(work, "nginx.conf"), "-p", work], check=True)

def stop_all():
    subprocess.run(["nginx", "-c", os.path.join(work, "nginx.conf"), "-p", work, "-s", "quit"], stderr=subprocess.DEVNULL)
    for s in servers.values(): s.stop()

try:
    # Through nginx from here on.
    officer = officer_token(front)
    vendors = register(front, 200)
    close_in = rush + 8
    tender = open_tender(front, officer, close_in, title="Scale-out drill")
    closes_at = time.time() + close_in

    lock, stop = threading.Lock(), threading.Event()
    receipts, counts = [], {}
    def count(kind, status):
        with lock: counts[(kind, status)] = counts.get((kind, status), 0) + 1

    def worker(kind):
        conn = None
        while not stop.is_set():
            try:
                if conn is None: conn = http.client.HTTPConnection("127.0.0.1", front, timeout=10)
                vendor_id, token = random.choice(vendors)
                if kind == "commit":
                    commitment = random_commitment()
                    conn.request("POST", f"/api/v1/tenders/{tender}/bids", body=json.dumps({"commitment": commitment}),
                                 headers={"content-type": "application/json", "authorization": "Bearer " + token})
                elif kind == "read":
                    conn.request("GET", random.choice([f"/api/v1/tenders/{tender}", "/api/v1/tenders?status=published"]))
                elif kind == "mybids":
                    conn.request("GET", "/api/v1/vendors/me/bids", headers={"authorization": "Bearer " + token})
                else:
                    n = random.randrange(200)
                    conn.request("POST", "/api/v1/auth/login", body=json.dumps({"email": f"v{n}@bench.example", "password": "vendor-password"}),
                                 headers={"content-type": "application/json"})
                r = conn.getresponse()
                body = r.read()
                count(kind, r.status)
                if kind == "commit" and r.status == 201:
                    bid = json.loads(body)["bid"]
                    with lock: receipts.append((token, bid["id"], commitment))
            except (OSError, http.client.HTTPException) as e:
                count(kind, "connection error")
                conn = None

    mix = ["commit"] * 9 + ["read"] * 8 + ["mybids"] * 2 + ["login"]
    threads = [threading.Thread(target=worker, args=(k,)) for k in mix]
    for t in threads: t.start()
    time.sleep(rush / 2)
    servers["b"].kill9()
    killed_at = time.time()
    time.sleep(1)
    servers["b"].start()  # systemd's Restart=always
    time.sleep(max(0, rush / 2 - 1))
    stop.set()
    for t in threads: t.join()
    print(f"rush: {rush:.0f} s through nginx, instance b killed (SIGKILL) at {rush / 2:.0f} s and restarted")
    for (kind, status), n in sorted(counts.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        print(f"  {kind:<7} {status!s:<17} {n:>6}")

    failures = []
    read_5xx = sum(n for (kind, status), n in counts.items() if kind in ("read", "mybids") and isinstance(status, int) and status >= 500)
    read_errors = sum(n for (kind, status), n in counts.items() if kind in ("read", "mybids") and status == "connection error")
    if read_5xx or read_errors: failures.append(f"{read_5xx} idempotent reads answered 5xx, {read_errors} lost their connection")
    if not receipts: failures.append("no receipt at all")

    missing = 0
    for token, bid_id, commitment in receipts:
        status, bid = Client(front, token).call("GET", f"/tenders/{tender}/bids/{bid_id}")
        if status != 200 or bid["commitment"] != commitment: missing += 1
    print(f"receipts: {len(receipts)}, missing afterwards: {missing}")
    if missing: failures.append(f"{missing} receipted bids missing")

    time.sleep(max(0, closes_at - time.time()) + 1.5)
    lists = {name: Client(port).call("GET", f"/tenders/{tender}/commitments") for name, port in ports.items()}
    (sa, la), (sb, lb) = lists["a"], lists["b"]
    print(f"after the close: a {sa} {la.get('count')} commitments root {la.get('root')}; b {sb} {lb.get('count')} root {lb.get('root')}")
    if sa != 200 or sb != 200 or la != lb: failures.append("the instances disagree on the commitment list")
    active = {(e["bidId"]) for e in la.get("commitments", [])}
    # Every vendor's last receipt is its counted bid.
    last = {}
    for token, bid_id, _ in receipts: last[token] = bid_id
    not_counted = [b for b in last.values() if b not in active]
    print(f"vendors with a receipt: {len(last)}; their last receipted bid in the list: {len(last) - len(not_counted)}")
    if not_counted: failures.append(f"{len(not_counted)} vendors' last receipted bid is not in the commitment list")

    verify = subprocess.run([binary, "audit", "verify"], env=servers["a"].env, capture_output=True, text=True)
    print("audit verify:", (verify.stdout + verify.stderr).strip().splitlines()[-1])
    if verify.returncode != 0: failures.append("the audit chain does not verify")
    heads = [Client(p).call("GET", "/audit/head")[1]["head"] for p in ports.values()]
    if heads[0] != heads[1]: failures.append("the instances show different audit heads")

    # Per-address throttling behind nginx: clients on two loopback addresses.
    def login_from(source, email, password, spoof=None):
        """A login through nginx from a loopback source address; answers (status, error code, Retry-After)."""
        conn = http.client.HTTPConnection("127.0.0.1", front, timeout=10, source_address=(source, 0))
        headers = {"content-type": "application/json"}
        if spoof: headers["x-forwarded-for"] = spoof
        conn.request("POST", "/api/v1/auth/login", body=json.dumps({"email": email, "password": password}), headers=headers)
        r = conn.getresponse()
        error = json.loads(r.read() or b"{}").get("error")
        return r.status, error.get("code") if isinstance(error, dict) else None, r.getheader("Retry-After")
    # Unknown accounts, one per failure, so that the per-account lockout (5) never decides.
    first = [login_from("127.0.0.2", f"nobody{i}@bench.example", "wrong-password", spoof=f"203.0.113.{i}")[0] for i in range(5)]
    blocked = login_from("127.0.0.2", "v1@bench.example", "vendor-password", spoof="203.0.113.77")
    other = login_from("127.0.0.3", "v1@bench.example", "vendor-password")
    print(f"throttling behind nginx: 5 failures from 127.0.0.2 (each with a different forged X-Forwarded-For) {first}; "
          f"then the right password from 127.0.0.2: {blocked}; from 127.0.0.3: {other[0]}")
    if first != [401] * 5 or blocked[0] != 429 or not blocked[2] or other[0] != 200:
        failures.append("per-address throttling behind nginx did not hold")
finally:
    stop_all()

if failures:
    print("SCALE-OUT DRILL FAILED: " + "; ".join(failures))
    sys.exit(1)
print("scale-out drill passed")
subprocess.run(["rm", "-rf", work])
