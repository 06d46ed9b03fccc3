"""Small HTTP helpers shared by the benchmark and the crash drill (standard library only)."""
import http.client, json, os, secrets, signal, subprocess, time, urllib.request

class Server:
    """A tender-server process on a fresh data folder, with second-scale periods."""
    def __init__(self, binary, data_dir, port, extra_env=None):
        self.binary, self.data_dir, self.port = binary, data_dir, port
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        self.env = dict(os.environ, TENDER_ROOT=root, TENDER_DATA_DIR=data_dir, TENDER_PORT=str(port), TENDER_BCRYPT_COST="4",
                        TENDER_ADMIN_EMAIL="admin@example.com", TENDER_ADMIN_PASSWORD="admin-password-1",
                        TENDER_MIN_BIDDING_PERIOD="0s", TENDER_CLARIFICATION_LEAD="0s", TENDER_MIN_REVEAL_WINDOW="1s",
                        LOG_LEVEL="warning")
        self.env.update(extra_env or {})
        self.proc = None

    def start(self):
        os.makedirs(self.data_dir, exist_ok=True)
        self.proc = subprocess.Popen([self.binary, "serve"], env=self.env, stdout=subprocess.DEVNULL, stderr=open(os.path.join(self.data_dir, "server.log"), "ab"))
        for _ in range(400):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=1) as r:
                    if r.status == 200: return
            except Exception:
                time.sleep(0.05)
        raise RuntimeError("server did not become healthy")

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)

class Client:
    def __init__(self, port, token=None):
        self.port, self.token = port, token
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    def call(self, method, path, body=None, token=None):
        headers = {"content-type": "application/json"}
        tok = token or self.token
        if tok: headers["authorization"] = "Bearer " + tok
        self.conn.request(method, "/api/v1" + path, body=json.dumps(body) if body is not None else None, headers=headers)
        r = self.conn.getresponse()
        data = r.read()
        return r.status, (json.loads(data) if data else None)

def iso(offset_seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + offset_seconds))

def officer_token(port):
    """Logs in as the bootstrap admin, creates a procurement officer; returns the officer's token."""
    c = Client(port)
    _, admin = c.call("POST", "/auth/login", {"email": "admin@example.com", "password": "admin-password-1"})
    c.call("POST", "/users", {"email": "officer@example.com", "password": "officer-password", "role": "procurement", "name": "Officer"}, admin["token"])
    _, officer = c.call("POST", "/auth/login", {"email": "officer@example.com", "password": "officer-password"})
    return officer["token"]

def open_tender(port, token, deadline_seconds, title="Deadline rush"):
    """Creates and publishes a price-only tender closing in `deadline_seconds`; returns its id."""
    c = Client(port)
    status, tender = c.call("POST", "/tenders", {
        "title": title, "description": "benchmark", "category": "services",
        "budget": {"amount": "1000000.00", "currency": "CNY"},
        "submissionDeadline": iso(deadline_seconds), "revealDeadline": iso(deadline_seconds + 3600),
        "criteria": [{"key": "price", "type": "price", "weight": 100}]}, token)
    assert status == 201, tender
    status, _ = c.call("POST", f"/tenders/{tender['id']}/publish", token=token)
    assert status == 200
    return tender["id"]

def setup(port, vendors, deadline_seconds=3600, prefix="v"):
    """Creates an officer, a published tender and `vendors` registered vendors; returns (tender, [(vendorId, token)])."""
    tender = open_tender(port, officer_token(port), deadline_seconds)
    return tender, register(port, vendors, prefix)

def register(port, vendors, prefix="v"):
    """Registers vendors {prefix}{i}@bench.example (password vendor-password); returns [(vendorId, token)]."""
    c, out = Client(port), []
    for i in range(vendors):
        status, r = c.call("POST", "/auth/register", {"email": f"{prefix}{i}@bench.example", "password": "vendor-password",
                                                     "name": f"Vendor {prefix}{i}", "registrationNumber": f"BENCH{prefix.upper()}{i:06d}"})
        assert status == 201, r
        out.append((r["user"]["id"], r["token"]))
    return out

def random_commitment():
    return secrets.token_hex(32)
