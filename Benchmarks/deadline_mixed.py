#!/usr/bin/env python3
"""The deadline day as it comes: 2,000 vendors on one tender, 64 connections, for SECONDS each phase:

  1. pure rush   64 connections committing as fast as they can (the figure of deadline_rush.sh)
  2. mix         29 committing (45 %), 26 reading the tender page and the list anonymously (40 %),
                 6 reading "my bids" (10 %), each pausing BENCH_THINK_MS (40 ms mean) after each
                 answer as people do, and 3 logging in back to back with the real bcrypt cost (5 %)
  2b. the same mix plus 4 connections on GET /health paced like the others: a request that
                 touches no database, so its p99 is the floor this machine gives any request
                 under that load (wrk, the server and, on PostgreSQL, the database share its cores)
  3. mix without the 3 login connections (the same 61 others): what the logins cost the commits
  4. the mix without think time: every connection as fast as it can (the saturation point)
  5. GET /health on 64 connections: the same server's reference

Each kind runs in its own wrk process (1 thread), so each kind has its own latency figures. The
mix is a share of connections (users), not of requests: 5 % of requests as logins at bcrypt cost 12
(about 0.24 s of a core each) would need 0.05 x R x 0.24 core-seconds per second, more than this
machine's bcrypt thread beyond R = 84 requests/s.

Usage: deadline_mixed.py BIN [seconds] (env: BENCH_DATABASE_URL=postgres://… to run on PostgreSQL,
BENCH_BCRYPT_COST (default 12), any TENDER_* is passed to the server).
"""
import os, subprocess, sys, tempfile, threading, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tenderlib import Server, setup, register

binary = sys.argv[1]
seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 30
# Each committing, reading or "my bids" connection pauses this long (mean, ms) after each answer, as
# a person does; the logins do not (they queue on the bcrypt pool). 40 ms offers about 1,400 req/s.
think_ms = int(os.environ.get("BENCH_THINK_MS", "40"))
cost = os.environ.get("BENCH_BCRYPT_COST", "12")
database_url = os.environ.get("BENCH_DATABASE_URL", "")
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(root)
data = tempfile.mkdtemp(prefix="tender-mixed-")
port = 18000 + os.getpid() % 1000
env = {"TENDER_BCRYPT_COST": "4"}
if database_url: env["TENDER_DATABASE_URL"] = database_url

# Setup at bcrypt cost 4 (2,000 registrations at cost 12 would take minutes), then restart at the
# real cost and register the accounts that log in during the mix, so that their hashes carry it.
server = Server(binary, data, port, env)
server.start()
try:
    tender, vendors = setup(port, 2000)
    server.stop()
    server = Server(binary, data, port, dict(env, TENDER_BCRYPT_COST=cost))
    server.start()
    t0 = time.time()
    logins = []
    def reg(k):
        logins.extend(register(port, 16, prefix=f"login{k}x"))
    threads = [threading.Thread(target=reg, args=(k,)) for k in range(4)]
    for t in threads: t.start()
    for t in threads: t.join()
    hash_seconds = (time.time() - t0) / 64
    tokens = os.path.join(data, "tokens")
    open(tokens, "w").write("\n".join(t for _, t in vendors) + "\n")
    emails = os.path.join(data, "emails")
    open(emails, "w").write("\n".join(f"login{k}x{i}@bench.example" for k in range(4) for i in range(16)) + "\n")
    url = f"http://127.0.0.1:{port}"

    def wrk(script, connections, args, threads=1, target=url):
        cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s", f"Benchmarks/{script}", target]
        if args: cmd += ["--"] + args
        return subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)

    def result(p):
        out = p.communicate()[0]
        line = next(l for l in out.splitlines() if l.startswith("RESULT"))
        return {k: float(v) for k, v in (kv.split("=") for kv in line.split()[1:])}

    def phase(kinds):
        procs = {name: wrk(*spec) for name, spec in kinds.items()}
        return {name: result(p) for name, p in procs.items()}

    def users(pause_ms):
        """The mix's connections, each pausing `pause_ms` (mean) after each answer; the logins never pause."""
        pause = [str(pause_ms)]
        return {"commit": ("rush.lua", 29, [tender, tokens] + pause), "read": ("read.lua", 26, [tender] + pause),
                "my bids": ("mybids.lua", 6, [tokens] + pause), "login": ("login.lua", 3, [emails])}
    mix, saturated = users(think_ms), users(0)
    rush = phase({"commit": ("rush.lua", 64, [tender, tokens], 2)})
    with_logins = phase(mix)
    # The floor: the same mix plus a paced /health probe, which touches no database. Its p99 is what
    # this machine gives any request under that load (CPU shared with wrk and, on PG, the database).
    probed = phase(dict(mix, **{"/health": ("health.lua", 4, [str(think_ms)], 1, url + "/health")}))
    without = phase({k: v for k, v in mix.items() if k != "login"})
    flat_out = phase(saturated)
    health = phase({"/health": ("health.lua", 64, [], 2, url + "/health")})
finally:
    server.stop()
    if not os.environ.get("BENCH_KEEP"):
        subprocess.run(["rm", "-rf", data])

def rate(r): return r["requests"] / (r["duration_us"] / 1e6)
def errors(r): return int(r["non2xx"] + r["socket_errors"])
print(f"database: {'PostgreSQL ' + database_url.split('@')[-1] if database_url else 'SQLite (WAL, synchronous=FULL)'}; "
      f"{seconds} s per phase; bcrypt cost {cost} ({hash_seconds * 1000:.0f} ms per registration, "
      f"TENDER_BCRYPT_THREADS={os.environ.get('TENDER_BCRYPT_THREADS', 'default')}); think time {think_ms} ms in the mix")
print(f"{'phase':<22} {'kind':<9} {'conns':>5} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} {'p99/health p99':>14}")
h99 = health["/health"]["p99_us"]
mixc = {"commit": 29, "read": 26, "my bids": 6, "login": 3}
probec = dict(mixc, **{"/health": 4})
rows = [("pure rush", rush, {"commit": 64}), ("mix with logins", with_logins, mixc),
        ("mix + /health probe", probed, probec), ("mix without logins", without, mixc), ("mix, no think time", flat_out, mixc), ("reference", health, {"/health": 64})]
total_errors = 0
for name, res, conns in rows:
    for kind, r in res.items():
        total_errors += errors(r)
        print(f"{name:<22} {kind:<9} {conns[kind]:>5} {rate(r):>8.0f} {r['p50_us'] / 1000:>8.2f} {r['p99_us'] / 1000:>8.2f} "
              f"{errors(r):>6} {r['p99_us'] / h99:>14.1f}")
share = {k: rate(r) for k, r in with_logins.items()}
print("request shares in the mix: " + ", ".join(f"{k} {v / sum(share.values()) * 100:.1f} %" for k, v in share.items()))
print(f"commit p99 with logins / without: {with_logins['commit']['p99_us'] / without['commit']['p99_us']:.2f}")
print(f"RESULT pure_commits_per_s={rate(rush['commit']):.0f} mix_commit_p99_ms={with_logins['commit']['p99_us'] / 1000:.2f} "
      f"mix_read_p99_ms={with_logins['read']['p99_us'] / 1000:.2f} mix_mybids_p99_ms={with_logins['my bids']['p99_us'] / 1000:.2f} "
      f"login_p99_ms={with_logins['login']['p99_us'] / 1000:.2f} "
      f"probe_health_p99_ms={probed['/health']['p99_us'] / 1000:.2f} errors={total_errors}")
sys.exit(1 if total_errors else 0)
