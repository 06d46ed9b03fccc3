"""The web UI in a real browser (Debian's chromium + chromium-driver, Selenium, headless): a vendor
logs in, seals a bid in the browser, saves the envelope and later reveals from it; the committee,
award, contract and filing go through the API; the public page shows the result. The commitment
the page computed is recomputed here independently. Screenshots go to artifacts/screenshots/.
Usage: python3 Tests/browser/test_ui.py .build/debug/tender-server"""
import hashlib, json, os, secrets, sys, tempfile, time
from pathlib import Path
try:
    from selenium import webdriver
except ModuleNotFoundError:
    sys.exit(f"browser suite: {sys.executable} has no Python package 'selenium' "
             "(apt install python3-selenium for /usr/bin/python3, or pip install selenium)")
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.select import Select
from selenium.webdriver.common.action_chains import ActionChains

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Benchmarks"))
from tenderlib import Server, Client, iso

binary = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / ".build/debug/tender-server")
shots = ROOT / "artifacts" / "screenshots"
shots.mkdir(parents=True, exist_ok=True)
data = tempfile.mkdtemp(prefix="tender-ui.")
downloads = tempfile.mkdtemp(prefix="tender-ui-dl.")
port = 18000 + secrets.randbelow(900)
server = Server(binary, data, port, extra_env={
    "TENDER_COMMITTEE_MIN_SIZE": "1", "TENDER_MINIMUM_VALID_BIDS": "1", "TENDER_STANDSTILL_PERIOD": "2s", "TENDER_SWEEP_INTERVAL": "1s"})
server.start()
base = f"http://127.0.0.1:{port}"

def check(cond, what):
    if not cond:
        raise AssertionError(what)
    print(f"ok  {what}")

opts = webdriver.ChromeOptions()
for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"):
    opts.add_argument(a)
opts.binary_location = "/usr/bin/chromium"
opts.add_experimental_option("prefs", {"download.default_directory": downloads, "download.prompt_for_download": False})
opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
wait = WebDriverWait(driver, 15)

def shot(name):
    driver.save_screenshot(str(shots / f"{name}.png"))

UNLABELLED = """return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
  .filter(e => e.labels.length === 0 && !e.getAttribute('aria-label')).map(e => e.id || e.name || e.outerHTML.slice(0, 60));"""

def labelled(page):
    missing = driver.execute_script(UNLABELLED)
    check(not missing, f"every form control on the {page} has a label ({missing[:3]})")

def fits(page):
    w = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    check(w[0] <= w[1], f"the {page} fits the phone's width ({w[0]} <= {w[1]} px)")

def rendered():
    return driver.execute_script("return document.getElementById('app').dataset.render")

def click_and_rerender(element):
    """Clicks a control whose action re-renders the page, and waits for the new page."""
    before = rendered()
    element.click()
    wait.until(lambda d: rendered() != before)

def language(code, locator, marker, by=By.ID):
    """Switches the page's language and waits until `marker` shows in the element."""
    Select(driver.find_element(By.ID, "lang")).select_by_value(code)
    wait.until(EC.text_to_be_present_in_element((by, locator), marker))

def login_as(email, password):
    driver.execute_script("sessionStorage.clear()")
    driver.get(base + f"/?fresh={secrets.token_hex(4)}#/login")
    wait.until(EC.presence_of_element_located((By.ID, "email"))).send_keys(email)
    driver.find_element(By.ID, "password").send_keys(password + "\n")
    wait.until(EC.presence_of_element_located((By.ID, "logout")))

try:
    c = Client(port)
    _, admin = c.call("POST", "/auth/login", {"email": "admin@example.com", "password": "admin-password-1"})
    def staff(role, email):
        st, r = c.call("POST", "/users", {"email": email, "password": "staff-password", "role": role, "name": f"{role} {email}"}, admin["token"])
        assert st == 201, r
        _, tok = c.call("POST", "/auth/login", {"email": email, "password": "staff-password"})
        return r["id"], tok["token"]
    officer = staff("procurement", "officer@ui.example")
    member = staff("evaluator", "member@ui.example")
    auditor = staff("auditor", "auditor@ui.example")
    t0 = time.time()
    st, tender = c.call("POST", "/tenders", {
        "title": "数据中心保洁服务 Data centre cleaning <b>2027</b>", "description": "两个机房的外包保洁，24 个月。", "category": "services",
        "budget": {"amount": "1500000.00", "currency": "CNY"}, "submissionDeadline": iso(55), "revealDeadline": iso(75),
        "criteria": [{"key": "price", "type": "price", "weight": 60},
                     {"key": "technical", "name": "技术方案 Technical proposal", "type": "scored", "weight": 40, "maxScore": 40},
                     {"key": "license", "name": "营业执照 Business licence", "type": "qualification"}]}, officer[1])
    assert st == 201, tender
    tid = tender["id"]
    assert c.call("POST", f"/tenders/{tid}/publish", token=officer[1])[0] == 200
    assert c.call("PUT", f"/tenders/{tid}/committee", {"members": [{"userId": member[0], "kind": "expert"}], "chairId": member[0]}, officer[1])[0] == 200
    st, vendor = c.call("POST", "/auth/register", {"email": "vendor@ui.example", "password": "vendor-password", "name": "Acme 清洁", "registrationNumber": "91310000UI0001"})
    assert st == 201, vendor
    vendor_id = vendor["user"]["id"]
    # Three short tenders between the same two vendors, awarded 甲, 乙, 甲 through the API while the
    # rest runs: the auditor's page across tenders will show their rotation.
    rota = []
    for n in ("甲", "乙"):
        st, r = c.call("POST", "/auth/register", {"email": f"rota{n}@ui.example", "password": "vendor-password", "name": f"轮换{n} Rota",
                                                  "registrationNumber": f"91310000ROTA{ord(n) % 10000:04d}"})
        assert st == 201, r
        rota.append((r["user"]["id"], r["token"]))
    rotation = []
    for k, winner in enumerate([0, 1, 0]):
        st, x = c.call("POST", "/tenders", {
            "title": f"轮换巡检 {k + 1}", "description": "线路巡检。", "category": "services", "budget": {"amount": "1500000.00", "currency": "CNY"},
            "submissionDeadline": iso(53), "revealDeadline": iso(73),
            "criteria": [{"key": "price", "type": "price", "weight": 60}, {"key": "technical", "name": "技术方案", "type": "scored", "weight": 40, "maxScore": 40}]},
            officer[1])
        assert st == 201, x
        assert c.call("POST", f"/tenders/{x['id']}/publish", token=officer[1])[0] == 200
        assert c.call("PUT", f"/tenders/{x['id']}/committee", {"members": [{"userId": member[0], "kind": "expert"}], "chairId": member[0]}, officer[1])[0] == 200
        bids = []
        for i, (vid, vtok) in enumerate(rota):
            salt = secrets.token_hex(32)
            document = json.dumps({"price": "1000000.00" if i == winner else "1100000.00", "currency": "CNY", "qualifications": {},
                                   "experienceYears": 6, "proposal": f"巡检方案 {i}"}, ensure_ascii=False)
            commitment = hashlib.sha256(f"{x['id']}:{vid}:{salt}:{document}".encode()).hexdigest()
            st, r = c.call("POST", f"/tenders/{x['id']}/bids", {"commitment": commitment}, vtok)
            assert st == 201, r
            bids.append((r["bid"]["id"], vtok, salt, document))
        rotation.append((x["id"], bids, winner))

    # Public list (Chinese by default), then the CSP and no console errors.
    driver.get(base + "/")
    wait.until(EC.presence_of_element_located((By.ID, "tenders")))
    check("招标公告" in driver.find_element(By.TAG_NAME, "h1").text, "the list is in Chinese by default")
    check("<b>" in driver.find_element(By.ID, "tenders").text, "titles are shown as text, never as HTML")
    shot("list-zh")
    language("en", "h1", "Tender announcements", By.TAG_NAME)
    shot("list-en")
    language("zh-CN", "h1", "招标公告", By.TAG_NAME)

    # Log in as the vendor through the form (keyboard only).
    driver.get(base + "/#/login")
    wait.until(EC.presence_of_element_located((By.ID, "email"))).send_keys("vendor@ui.example")
    driver.find_element(By.ID, "password").send_keys("vendor-password\n")
    wait.until(EC.presence_of_element_located((By.ID, "logout")))

    # A clarification question from the vendor, answered by procurement in the browser.
    driver.get(base + f"/#/tenders/{tid}")
    wait.until(EC.presence_of_element_located((By.ID, "ask"))).send_keys("是否需要夜班保洁？ Night shifts needed?")
    driver.find_element(By.ID, "ask-submit").click()
    wait.until(EC.text_to_be_present_in_element((By.ID, "questions"), "Night shifts needed?"))
    login_as("officer@ui.example", "staff-password")
    driver.get(base + f"/#/tenders/{tid}")
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".answer-form textarea"))).send_keys("需要，每晚一次。 Yes, nightly.")
    driver.find_element(By.CSS_SELECTOR, ".answer-form button").click()
    wait.until(EC.text_to_be_present_in_element((By.ID, "questions"), "Yes, nightly."))
    login_as("vendor@ui.example", "vendor-password")

    # Seal a bid in the browser.
    driver.get(base + f"/#/tenders/{tid}")
    wait.until(EC.text_to_be_present_in_element((By.ID, "questions"), "Yes, nightly."))
    check(True, "the vendor sees the public answer to its question")
    shot("detail-zh")
    driver.get(base + f"/#/tenders/{tid}/bid")
    wait.until(EC.presence_of_element_located((By.ID, "price"))).send_keys("1200000.00")
    driver.find_element(By.ID, "q-license").click()
    driver.find_element(By.ID, "experienceYears").clear()
    driver.find_element(By.ID, "experienceYears").send_keys("6")
    driver.find_element(By.ID, "proposal").send_keys("两班倒 Two shifts")
    shot("bid-form-zh")
    language("en", "h1", "Sealed bid", By.TAG_NAME)
    wait.until(EC.presence_of_element_located((By.ID, "price"))).send_keys("1200000.00")
    driver.find_element(By.ID, "q-license").click()
    shot("bid-form-en")
    language("zh-CN", "h1", "密封投标", By.TAG_NAME)
    wait.until(EC.presence_of_element_located((By.ID, "price"))).send_keys("1200000.00")
    driver.find_element(By.ID, "q-license").click()
    driver.find_element(By.ID, "experienceYears").clear()
    driver.find_element(By.ID, "experienceYears").send_keys("6")
    driver.find_element(By.ID, "proposal").send_keys("两班倒 Two shifts")
    driver.find_element(By.ID, "bid-submit").click()
    receipt = wait.until(EC.presence_of_element_located((By.ID, "receipt-check")))
    check("ok" in receipt.get_attribute("class"), "the receipt's Ed25519 signature verified in the browser")
    page_commitment = driver.find_element(By.ID, "commitment").text
    shot("bid-sealed-zh")
    driver.find_element(By.ID, "envelope").click()
    env_path, env = None, None
    for _ in range(100):  # until the download is complete: the file can appear before its content
        files = [f for f in os.listdir(downloads) if f.endswith(".json")]
        if files:
            try:
                env_path = os.path.join(downloads, files[0])
                env = json.load(open(env_path))
                break
            except (ValueError, OSError):
                pass
        time.sleep(0.2)
    check(env is not None, "the bid envelope was saved")
    recomputed = hashlib.sha256(f"{env['tenderId']}:{env['vendorId']}:{env['salt']}:{env['document']}".encode()).hexdigest()
    check(recomputed == page_commitment == env["commitment"], "the page's commitment equals one recomputed independently")
    check(env["vendorId"] == vendor_id and len(env["salt"]) == 64, "the envelope names the vendor and a 256-bit salt")
    check(json.loads(env["document"])["price"] == "1200000.00", "the document holds the price typed in the form")
    _, mine = c.call("GET", f"/tenders/{tid}/bids", token=vendor["token"])
    check([b["commitment"] for b in mine["items"]] == [page_commitment], "the server holds only the commitment")
    check("1200000" not in json.dumps(mine), "the server never saw the price")
    # The bid page now shows the active bid and refuses to replace it without an explicit confirmation.
    driver.get(base + f"/?r={secrets.token_hex(3)}#/tenders/{tid}/bid")
    notice = wait.until(EC.presence_of_element_located((By.ID, "active-bid")))
    check(page_commitment[:16] in notice.text and "已密封" in notice.text, "the bid page shows the active bid (status, time, commitment prefix)")
    check("UTC" in notice.text, "the active bid's time shows its zone")
    driver.find_element(By.ID, "price").send_keys("1100000.00")
    driver.find_element(By.ID, "q-license").click()
    driver.find_element(By.ID, "bid-submit").click()
    time.sleep(0.5)
    _, still = c.call("GET", f"/tenders/{tid}/bids", token=vendor["token"])
    check([b["commitment"] for b in still["items"]] == [page_commitment] and not driver.find_elements(By.ID, "receipt-check"),
          "without the confirmation nothing is submitted and the active bid stays")
    confirm = driver.find_element(By.ID, "replace-confirm")
    check(confirm.get_attribute("required") is not None and driver.find_element(By.CSS_SELECTOR, "label[for='replace-confirm']").text != "",
          "replacing needs the labelled confirmation")
    # Deadlines show the viewer's zone (UTC here) and the tender's own (Asia/Shanghai) beside it.
    driver.get(base + f"/#/tenders/{tid}")
    deadline = wait.until(EC.presence_of_element_located((By.ID, "submission-deadline"))).text
    check("UTC" in deadline and "Asia/Shanghai" in deadline, f"the deadline shows both zones: {deadline}")

    # After the deadline: reveal from the envelope and check the inclusion proof.
    time.sleep(max(0, t0 + 56 - time.time()))
    for x, bids, _ in rotation:
        for bid, vtok, salt, document in bids:
            st, r = c.call("POST", f"/tenders/{x}/bids/{bid}/reveal", {"salt": salt, "document": document}, vtok)
            assert st == 200, r
    driver.get(base + f"/#/tenders/{tid}/reveal")
    wait.until(EC.presence_of_element_located((By.ID, "envelope-file"))).send_keys(env_path)
    driver.find_element(By.ID, "reveal-submit").click()
    wait.until(EC.presence_of_element_located((By.ID, "inclusion")))
    check("ok" in driver.find_element(By.ID, "inclusion").get_attribute("class"), "inclusion in the published root verified in the browser")
    check(driver.find_element(By.ID, "reveal-status").text in ("已揭示", "revealed"), "the bid is revealed")
    shot("reveal-zh")
    # All my bids across tenders, and the profile.
    driver.get(base + "/#/me")
    row = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, f"#all-bids tr[data-bid='{mine['items'][0]['id']}']")))
    check("Data centre cleaning" in row.text and "已揭示" in row.text, "my bids lists the bid with its tender and status")
    broken_js = """
      const out = [];
      for (const cell of document.querySelectorAll('#all-bids th, #all-bids td')) {
        for (const word of cell.textContent.split(/\\s+/).filter((w) => w.length > 1)) {
          const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
          let node;
          while ((node = walker.nextNode())) {
            const i = node.textContent.indexOf(word);
            if (i < 0) continue;
            const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + word.length);
            const tops = new Set([...r.getClientRects()].map((x) => Math.round(x.top)));
            if (tops.size > 1) out.push(word);
            break;
          }
        }
      }
      return out;"""
    for width in (1280, 390):
        driver.set_window_size(width, 1000)
        time.sleep(0.3)
        broken = driver.execute_script(broken_js)
        check(broken == [], f"no word breaks across lines in the my-bids table at {width} px: {broken}")
    driver.set_window_size(1280, 1000)
    labelled("vendor's page")
    driver.find_element(By.ID, "p-contactName").send_keys("李伟")
    click_and_rerender(driver.find_element(By.ID, "profile-submit"))
    wait.until(lambda d: c.call("GET", "/vendors/me", token=vendor["token"])[1].get("contactName") == "李伟")
    check(True, "the profile form saved the contact person")
    shot("my-bids-zh")
    driver.get(base + f"/#/tenders/{tid}")
    wait.until(EC.presence_of_element_located((By.ID, "root-check")))
    check("ok" in driver.find_element(By.ID, "root-check").get_attribute("class"), "the page recomputed the published Merkle root")

    # The committee member declares and scores in the browser; the chair finalizes.
    time.sleep(max(0, t0 + 76 - time.time()))
    for x, bids, winner in rotation:
        assert c.call("POST", f"/tenders/{x}/declarations", {"conflicts": []}, member[1])[0] == 201
        for bid, *_ in bids:
            st, r = c.call("PUT", f"/tenders/{x}/scoresheets/{bid}", {"qualification": {}, "scores": {"technical": 30}}, member[1])
            assert st == 200, r
        st, r = c.call("POST", f"/tenders/{x}/evaluation/finalize", token=officer[1])
        assert st == 200, r
        st, r = c.call("POST", f"/tenders/{x}/award", {"bidId": bids[winner][0]}, officer[1])
        assert st == 201, r
    login_as("member@ui.example", "staff-password")
    driver.get(base + f"/#/tenders/{tid}/score")
    wait.until(EC.element_to_be_clickable((By.ID, "declare-submit"))).click()
    grid_input = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#grid input[type=number]")))
    grid_input.send_keys("99")
    check("invalid" in grid_input.get_attribute("class"), "the scoresheet grid enforces the criterion's range while typing")
    grid_input.clear()
    grid_input.send_keys("35")
    check("invalid" not in grid_input.get_attribute("class"), "a score in range is accepted")
    driver.find_element(By.CSS_SELECTOR, "#grid input[type=checkbox]").click()
    driver.find_element(By.CSS_SELECTOR, "#grid button.save").click()
    wait.until(EC.text_to_be_present_in_element((By.ID, "progress"), "1 / 1"))
    shot("scoresheet-grid-zh")
    language("en", "progress", "1 of 1")
    shot("scoresheet-grid-en")
    language("zh-CN", "progress", "已评")
    wait.until(EC.element_to_be_clickable((By.ID, "finalize"))).click()
    wait.until(EC.presence_of_element_located((By.ID, "final-ranking")))
    bid_id = mine["items"][0]["id"]
    _, sheets = c.call("GET", f"/tenders/{tid}/scoresheets", token=officer[1])
    check(sheets["items"][0]["scores"] == {"technical": "35.00"} and sheets["items"][0]["qualification"] == {"license": True}, "the grid stored the typed score")
    # Award, contract and filing in the browser.
    login_as("officer@ui.example", "staff-password")
    driver.get(base + f"/#/tenders/{tid}")
    wait.until(EC.element_to_be_clickable((By.ID, "award-submit"))).click()
    wait.until(EC.presence_of_element_located((By.ID, "award")))
    check("公示中" in driver.find_element(By.ID, "award").text, "the award is made and in its standstill")
    time.sleep(3)
    driver.get(base + f"/?r={secrets.token_hex(3)}#/tenders/{tid}")
    signed = wait.until(EC.presence_of_element_located((By.ID, "signedAt")))
    driver.execute_script("arguments[0].value = arguments[1]", signed, time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(time.time() - 1)))
    contract_file = os.path.join(downloads, "contract.pdf")
    open(contract_file, "wb").write(b"%PDF-1.4 contract text " + secrets.token_bytes(64))
    driver.find_element(By.ID, "contract-file").send_keys(contract_file)
    expected_hash = hashlib.sha256(open(contract_file, "rb").read()).hexdigest()
    wait.until(lambda d: d.find_element(By.ID, "documentSha256").get_attribute("value") == expected_hash)
    check(True, "the contract document's SHA-256 was computed in the browser")
    driver.find_element(By.ID, "contract-submit").click()
    wait.until(EC.presence_of_element_located((By.ID, "reference"))).send_keys("BA-2026-001")
    driver.find_element(By.ID, "authority").send_keys("区财政局")
    driver.find_element(By.ID, "filing-submit").click()
    wait.until(EC.presence_of_element_located((By.ID, "filing")))
    _, contract = c.call("GET", f"/tenders/{tid}/contract")
    check(contract["documentSha256"] == expected_hash and contract["amount"] == "1200000.00", "the contract was recorded with the awarded price and the file's hash")

    # The contract in the ledger, from its signing to its first paid month (docs/DESIGN.md §11):
    # the vendor's undertakings, the briefing signed by both sides, the scorecard, a review graded
    # as it is typed, a payment with its deduction shown before it is requested, finance's approval.
    contract_id = contract["id"]
    st, payer = c.call("POST", "/users", {"email": "payer@ui.example", "password": "staff-password", "role": "finance", "name": "财务 Finance"}, admin["token"])
    assert st == 201, payer
    login_as("vendor@ui.example", "vendor-password")
    driver.get(base + "/#/contracts")
    wait.until(EC.presence_of_element_located((By.ID, "ledger")))
    check("数据中心保洁服务" in driver.find_element(By.ID, "ledger").text, "the vendor's ledger lists its contract")
    driver.get(base + f"/#/contracts/{contract_id}")
    for _ in range(2):
        click_and_rerender(wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "button.undertake"))))
    check(not driver.find_elements(By.CSS_SELECTOR, "button.undertake"), "the vendor gave both undertakings")
    login_as("officer@ui.example", "staff-password")
    driver.get(base + f"/#/contracts/{contract_id}")
    wait.until(EC.presence_of_element_located((By.ID, "briefing-notes"))).send_keys("服务范围、考核指标和不得转包条款。")
    click_and_rerender(driver.find_element(By.ID, "briefing-save"))
    click_and_rerender(wait.until(EC.element_to_be_clickable((By.ID, "briefing-ack"))))
    check("签字" in driver.find_element(By.ID, "briefing-state").text, "the briefing record is signed by both sides")
    driver.find_element(By.CSS_SELECTOR, ".sc-key").send_keys("quality")
    driver.find_element(By.CSS_SELECTOR, ".sc-name").send_keys("服务质量 Service quality")
    driver.find_element(By.CSS_SELECTOR, ".sc-points").send_keys("100")
    click_and_rerender(driver.find_element(By.ID, "scorecard-save"))
    wait.until(EC.presence_of_element_located((By.ID, "terms-installment"))).send_keys("100000")
    for g, v in (("pass", "5"), ("fail", "20")):
        el = driver.find_element(By.ID, f"terms-{g}")
        el.clear()
        el.send_keys(v)
    click_and_rerender(driver.find_element(By.ID, "terms-save"))
    month = time.strftime("%Y-%m", time.gmtime())
    wait.until(EC.presence_of_element_located((By.ID, "rv-period"))).send_keys(month)
    score = driver.find_element(By.ID, "rv-quality")
    score.send_keys("59.99")
    check("不合格" in driver.find_element(By.ID, "review-preview").text, "59.99 shows 不合格 as it is typed")
    score.clear()
    score.send_keys("87.5")
    check("87.50" in driver.find_element(By.ID, "review-preview").text and "良" in driver.find_element(By.ID, "review-preview").text, "87.5 shows 87.50 and 良")
    labelled("contract page")
    shot("contract-zh")
    click_and_rerender(driver.find_element(By.ID, "review-save"))
    wait.until(lambda d: month in d.find_element(By.ID, "reviews").text)
    preview = wait.until(EC.presence_of_element_located((By.ID, "payment-preview"))).text
    check("100000.00" in preview and "0.00" in preview, f"the payment's deduction is shown before it is requested ({preview})")
    click_and_rerender(driver.find_element(By.ID, "payment-request"))
    login_as("payer@ui.example", "staff-password")
    driver.get(base + "/#/payments")
    click_and_rerender(wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "button.approve-payment"))))
    _, ledger_contract = c.call("GET", f"/contracts/{contract_id}", token=payer["id"] and c.call("POST", "/auth/login", {"email": "payer@ui.example", "password": "staff-password"})[1]["token"])
    check(ledger_contract["paidAmount"] == "100000.00" and ledger_contract["payments"][0]["status"] == "approved", "finance approved the first month's payment")
    driver.get(base + "/#/costs")
    wait.until(EC.presence_of_element_located((By.ID, "cost-chart")))
    check(len(driver.find_elements(By.CSS_SELECTOR, "#cost-chart rect")) == 4, "the cost report draws budget, awarded, paid and withheld")
    check("100000.00" in driver.find_element(By.ID, "costs").text, "the cost report shows the paid amount")
    shot("costs-zh")
    driver.get(base + f"/#/performance/{vendor_id}")
    check("87.50" in wait.until(EC.presence_of_element_located((By.ID, "perf-summary"))).text, "the vendor's annual performance shows the review")
    login_as("officer@ui.example", "staff-password")

    # Procurement's obligations dashboard and the auditor's chain check.
    driver.get(base + "/#/obligations?state=all")
    table = wait.until(EC.presence_of_element_located((By.ID, "obligations")))
    check("中标结果书面报告" in table.text and "合同备案" in table.text, "the obligations dashboard lists the legal deadlines")
    check(table.find_elements(By.CSS_SELECTOR, "tbody tr")[0].get_attribute("class") in ("ob-due", "ob-overdue"), "open obligations come first")
    shot("obligations-zh")
    language("en", "obligations", "Award report")
    shot("obligations-en")
    language("zh-CN", "obligations", "中标结果书面报告")
    # The written award report, recorded with the button on the tender page, leaves the open list.
    driver.get(base + f"/#/tenders/{tid}")
    wait.until(EC.presence_of_element_located((By.ID, "report-reference"))).send_keys("招标报告〔2026〕12 号")
    driver.find_element(By.ID, "report-submit").click()
    wait.until(EC.presence_of_element_located((By.ID, "report-done")))
    _, obs = c.call("GET", f"/obligations?tenderId={tid}&state=all", token=officer[1])
    check([o["state"] for o in obs["items"] if o["kind"] == "award_report"] == ["met"], "the award report button recorded the written report")
    # The evaluation report and CSV are fetched with the officer's token (a plain link answered 403).
    before = set(driver.window_handles)
    main_window = driver.current_window_handle
    wait.until(EC.element_to_be_clickable((By.ID, "report-html"))).click()
    wait.until(lambda d: len(set(d.window_handles) - before) == 1)
    driver.switch_to.window((set(driver.window_handles) - before).pop())
    wait.until(lambda d: "Evaluation report" in d.find_element(By.TAG_NAME, "h1").text)
    # (Not "403" in the page: the report's random ids may contain those digits; an error answer is JSON.)
    check("评标报告" in driver.find_element(By.TAG_NAME, "h1").text and '"error"' not in driver.page_source
          and "Signatures" in driver.page_source, "the printable report opens with the session's token")
    driver.close()
    driver.switch_to.window(main_window)
    driver.find_element(By.ID, "report-csv").click()
    wait.until(lambda d: d.find_element(By.ID, "report-status").text != "")
    check(driver.find_element(By.ID, "report-status").text == "已用当前会话获取报告。", "the CSV is fetched with the session's token")
    csv_path = os.path.join(downloads, f"evaluation-{tid}.csv")
    wait.until(lambda d: os.path.exists(csv_path) and open(csv_path).read().startswith("bid_id,"))
    check(True, "the CSV was saved with its header row")
    login_as("auditor@ui.example", "staff-password")
    driver.get(base + "/#/audit")
    wait.until(EC.element_to_be_clickable((By.ID, "verify"))).click()
    wait.until(lambda d: d.find_element(By.ID, "verify-result").text != "")
    check("ok" in driver.find_element(By.ID, "verify-result").get_attribute("class"), "the auditor's chain check passes in the browser")
    check("procurement officer@ui.example" in driver.find_element(By.ID, "audit").text, "the log names the actors")
    shot("audit-zh")

    # The public page shows the result.
    driver.find_element(By.ID, "logout").click()
    wait.until(EC.presence_of_element_located((By.ID, "nav-login")))
    driver.get(base + f"/#/tenders/{tid}")
    wait.until(EC.presence_of_element_located((By.ID, "ranking")))
    check(driver.find_element(By.ID, "tender-phase").text == "已备案", "the public page shows the tender filed")
    check("100.00" in driver.find_element(By.ID, "ranking").text or "95.00" in driver.find_element(By.ID, "ranking").text, "the public page shows the ranking with totals")
    check("Acme 清洁" in driver.find_element(By.ID, "ranking").text and "Acme 清洁" in driver.find_element(By.ID, "award").text,
          "the result and the award name the vendor, not its id")
    shot("result-zh")
    driver.find_element(By.LINK_TEXT, "匿名评分表").click()
    sheet = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, f"section.sheet[data-bid='{bid_id}']")))
    check("评委 1" in sheet.text and "35.00" in sheet.text and "✓" in sheet.text and "Acme 清洁" in sheet.text, "the anonymized scoresheets are public after the award")
    check("member@ui.example" not in driver.find_element(By.TAG_NAME, "main").text, "the scoresheets do not name the members")
    shot("sheets-zh")
    driver.get(base + f"/#/tenders/{tid}")
    wait.until(EC.presence_of_element_located((By.ID, "ranking")))
    language("en", "tender-phase", "Filed")
    shot("result-en")

    # A short tender nobody bids on: procurement will finalize it from the tender page (a failed tender).
    st, quick = c.call("POST", "/tenders", {
        "title": "零星维修 Minor repairs", "description": "无人投标的例子。", "category": "services",
        "budget": {"amount": "50000.00", "currency": "CNY"}, "submissionDeadline": iso(3), "revealDeadline": iso(5),
        "criteria": [{"key": "price", "type": "price", "weight": 100}]}, officer[1])
    assert st == 201, quick
    assert c.call("POST", f"/tenders/{quick['id']}/publish", token=officer[1])[0] == 200
    assert c.call("PUT", f"/tenders/{quick['id']}/committee", {"members": [{"userId": member[0], "kind": "expert"}], "chairId": member[0]}, officer[1])[0] == 200
    quick_ready = time.time() + 6

    # Procurement drafts a tender in the editor: the criteria builder totals the weights live.
    Select(driver.find_element(By.ID, "lang")).select_by_value("zh-CN")
    login_as("officer@ui.example", "staff-password")
    driver.get(base + "/#/new")
    wait.until(EC.presence_of_element_located((By.ID, "title"))).send_keys("办公楼安保服务 Office security")
    driver.find_element(By.ID, "description").send_keys("24 小时安保，12 个月。")
    driver.find_element(By.ID, "budget").send_keys("800000.00")
    wait.until(lambda d: d.find_element(By.ID, "earliest").text != "")
    total = driver.find_element(By.ID, "weight-total")
    check("ok" in total.get_attribute("class") and "100.00" in total.text, "the criteria builder shows the weights totalling 100")
    weights = driver.find_elements(By.CSS_SELECTOR, "input[data-field=weight]")
    weights[1].clear()
    weights[1].send_keys("30")
    check("error" in total.get_attribute("class") and "90.00" in total.text, "a wrong total is shown while typing")
    shot("editor-zh")
    weights[1].clear()
    weights[1].send_keys("40")
    check("ok" in total.get_attribute("class"), "the corrected total is accepted")
    driver.find_element(By.ID, "editor-submit").click()
    wait.until(EC.presence_of_element_located((By.ID, "publish"))).click()
    wait.until(EC.text_to_be_present_in_element((By.ID, "tender-phase"), "投标中"))
    check(True, "the drafted tender was published from the browser")

    # The committee builder shows the composition rule live and saves the committee.
    new_tid = driver.current_url.split("/tenders/")[1].split("?")[0]
    rule = wait.until(EC.presence_of_element_located((By.ID, "committee-rule")))
    check("error" in rule.get_attribute("class") and not driver.find_element(By.ID, "committee-submit").is_enabled(), "an empty committee breaks the rule; saving is disabled")
    member_box = driver.find_element(By.CSS_SELECTOR, f"#committee-builder input.member[data-user='{member[0]}']")
    member_box.send_keys(Keys.SPACE)  # keyboard only
    driver.find_element(By.CSS_SELECTOR, f"#committee-builder input.chair[value='{member[0]}']").send_keys(Keys.SPACE)
    check("ok" in rule.get_attribute("class"), "one expert chairing satisfies this server's rule (minimum 1)")
    Select(driver.find_element(By.CSS_SELECTOR, f"select.member-kind[data-user='{member[0]}']")).select_by_value("representative")
    check("error" in rule.get_attribute("class") and ("三分之二" in rule.text), "a committee without two thirds experts is flagged while choosing")
    Select(driver.find_element(By.CSS_SELECTOR, f"select.member-kind[data-user='{member[0]}']")).select_by_value("expert")
    labelled("committee builder")
    shot("committee-builder-zh")
    click_and_rerender(driver.find_element(By.ID, "committee-submit"))
    wait.until(lambda d: c.call("GET", f"/tenders/{new_tid}/committee", token=officer[1])[1].get("chairId") == member[0])
    check(True, "the committee builder saved the member as chair")

    # An amendment, then the cancellation, from the tender page.
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#amend summary"))).click()
    driver.find_element(By.ID, "amend-reason").send_keys("更正服务期限 Service period corrected")
    title = driver.find_element(By.ID, "amend-title")
    title.clear()
    title.send_keys("办公楼安保服务（18 个月）")
    labelled("amendment form")
    click_and_rerender(driver.find_element(By.ID, "amend-submit"))
    wait.until(EC.text_to_be_present_in_element((By.ID, "amendments"), "办公楼安保服务（18 个月）"))
    check(c.call("GET", f"/tenders/{new_tid}")[1]["amendmentCount"] == 1, "the amendment was published with its changes listed")
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#cancel summary"))).click()
    driver.find_element(By.ID, "cancel-reason").send_keys("需求变更 Requirements changed")
    driver.find_element(By.ID, "cancel-submit").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#cancel [role=alert]")))
    check(c.call("GET", f"/tenders/{new_tid}")[1]["phase"] == "bidding", "nothing is cancelled without the explicit confirmation")
    driver.find_element(By.ID, "cancel-confirm").click()
    click_and_rerender(driver.find_element(By.ID, "cancel-submit"))
    wait.until(EC.presence_of_element_located((By.ID, "cancelled")))
    check("需求变更" in driver.find_element(By.ID, "cancelled").text and c.call("GET", f"/tenders/{new_tid}")[1]["phase"] == "cancelled", "the tender is cancelled with its reason shown")

    # A selective tender: vendors are found and invited in the editor.
    driver.get(base + "/#/new")
    wait.until(EC.presence_of_element_located((By.ID, "title"))).send_keys("涉密机房运维 Restricted room operations")
    driver.find_element(By.ID, "description").send_keys("邀请招标。")
    driver.find_element(By.ID, "budget").send_keys("300000")
    Select(driver.find_element(By.ID, "method")).select_by_value("selective")
    driver.find_element(By.ID, "invite-q").send_keys("Acme" + Keys.ENTER)
    wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, f"button.invite[data-vendor='{vendor_id}']"))).click()
    wait.until(EC.text_to_be_present_in_element((By.ID, "invited-count"), "1"))
    check("error" in driver.find_element(By.ID, "invited-count").get_attribute("class"), "fewer than three invitations are flagged")
    labelled("editor")
    driver.find_element(By.ID, "editor-submit").click()
    wait.until(EC.presence_of_element_located((By.ID, "tender-method")))
    sel_tid = driver.current_url.split("/tenders/")[1]
    check(c.call("GET", f"/tenders/{sel_tid}", token=officer[1])[1]["invitedVendorIds"] == [vendor_id], "the draft invites the chosen vendor")
    # The draft is edited: two more vendors invited (three in all), then it is published.
    others = []
    for n in (2, 3):
        st, r = c.call("POST", "/auth/register", {"email": f"vendor{n}@ui.example", "password": "vendor-password", "name": f"Acme 分包 {n}", "registrationNumber": f"91310000UI000{n}"})
        assert st == 201, r
        others.append(r["user"]["id"])
    driver.find_element(By.ID, "edit-draft").click()
    title = wait.until(EC.presence_of_element_located((By.ID, "title")))
    check(title.get_attribute("value") == "涉密机房运维 Restricted room operations" and "1" in driver.find_element(By.ID, "invited-count").text,
          "the draft opens in the editor with its values and its invitation")
    title.send_keys("（第二版）")
    driver.find_element(By.ID, "invite-q").send_keys("分包" + Keys.ENTER)
    wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, f"button.invite[data-vendor='{others[0]}']"))).click()
    wait.until(lambda d: d.execute_script("const b = document.querySelector(arguments[0]); return b !== null && b.disabled", f"button.invite[data-vendor='{others[0]}']"))
    wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, f"button.invite[data-vendor='{others[1]}']"))).click()
    wait.until(EC.text_to_be_present_in_element((By.ID, "invited-count"), "3"))
    check("ok" in driver.find_element(By.ID, "invited-count").get_attribute("class"), "three invitations satisfy the rule")
    driver.find_element(By.ID, "editor-submit").click()
    wait.until(EC.element_to_be_clickable((By.ID, "publish"))).click()
    wait.until(EC.text_to_be_present_in_element((By.ID, "tender-phase"), "投标中"))
    published = c.call("GET", f"/tenders/{sel_tid}", token=officer[1])[1]
    check(published["title"].endswith("（第二版）") and sorted(published["invitedVendorIds"]) == sorted([vendor_id] + others),
          "the edited draft was saved with three invitations and published")

    # Procurement finalizes the evaluation of the short tender from its page.
    time.sleep(max(0, quick_ready - time.time()))
    assert c.call("POST", f"/tenders/{quick['id']}/declarations", {"conflicts": []}, member[1])[0] == 201
    driver.get(base + f"/#/tenders/{quick['id']}")
    progress = wait.until(EC.presence_of_element_located((By.ID, "evaluation-progress")))
    check("已声明 1 人" in progress.text and "0 / 0" in progress.text, "the evaluation's progress is shown to procurement")
    click_and_rerender(driver.find_element(By.ID, "finalize-evaluation"))
    wait.until(EC.presence_of_element_located((By.ID, "failed")))
    check(c.call("GET", f"/tenders/{quick['id']}")[1]["phase"] == "failed", "procurement finalized: no valid bid, the tender failed")

    # Admins: staff accounts; admins and procurement: vendor suspensions.
    login_as("admin@example.com", "admin-password-1")
    driver.get(base + "/#/staff")
    wait.until(EC.presence_of_element_located((By.ID, "staff-email"))).send_keys("expert2@ui.example")
    driver.find_element(By.ID, "staff-name").send_keys("王专家")
    Select(driver.find_element(By.ID, "staff-role")).select_by_value("evaluator")
    driver.find_element(By.ID, "staff-password").send_keys("staff-password")
    labelled("staff page")
    click_and_rerender(driver.find_element(By.ID, "staff-submit"))
    wait.until(EC.text_to_be_present_in_element((By.ID, "staff"), "expert2@ui.example"))
    check(c.call("POST", "/auth/login", {"email": "expert2@ui.example", "password": "staff-password"})[0] == 200, "the staff account created in the browser can log in")
    expert2 = driver.find_element(By.XPATH, "//table[@id='staff']//tr[td[text()='expert2@ui.example']]").get_attribute("data-user")
    click_and_rerender(driver.find_element(By.CSS_SELECTOR, f"button.deactivate[data-user='{expert2}']"))
    st, r = c.call("POST", "/auth/login", {"email": "expert2@ui.example", "password": "staff-password"})
    check(st == 403 and r["error"]["code"] == "account_disabled", "the account deactivated in the browser can no longer log in")
    click_and_rerender(driver.find_element(By.CSS_SELECTOR, f"button.reactivate[data-user='{expert2}']"))
    check(c.call("POST", "/auth/login", {"email": "expert2@ui.example", "password": "staff-password"})[0] == 200, "and after reactivation it can")
    shot("staff-zh")
    driver.get(base + "/#/vendors")
    form = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, f"form.suspend-form[data-vendor='{vendor_id}']")))
    form.find_element(By.NAME, "reason").send_keys("提供虚假材料 False documents")
    labelled("vendors page")
    click_and_rerender(form.find_element(By.TAG_NAME, "button"))
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, f"button.lift[data-vendor='{vendor_id}']")))
    check(c.call("GET", "/vendors/me", token=vendor["token"])[1]["suspended"] is True, "the vendor was suspended from the vendors page")
    shot("vendors-zh")
    click_and_rerender(driver.find_element(By.CSS_SELECTOR, f"button.lift[data-vendor='{vendor_id}']"))
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, f"form.suspend-form[data-vendor='{vendor_id}']")))
    check(c.call("GET", "/vendors/me", token=vendor["token"])[1]["suspended"] is False, "the suspension was lifted")

    # Keyboard only: from a fresh page, Tab to the e-mail field, type, Tab, type, Enter.
    driver.execute_script("sessionStorage.clear()")
    driver.get(base + f"/?k={secrets.token_hex(3)}#/login")
    wait.until(EC.presence_of_element_located((By.ID, "email")))
    for _ in range(25):
        if driver.switch_to.active_element.get_attribute("id") == "email":
            break
        ActionChains(driver).send_keys(Keys.TAB).perform()
    check(driver.switch_to.active_element.get_attribute("id") == "email", "the e-mail field is reached with Tab")
    driver.switch_to.active_element.send_keys("vendor@ui.example" + Keys.TAB)
    check(driver.switch_to.active_element.get_attribute("id") == "password", "Tab moves on to the password")
    driver.switch_to.active_element.send_keys("vendor-password" + Keys.ENTER)
    wait.until(EC.presence_of_element_located((By.ID, "logout")))
    check(True, "the vendor logged in with the keyboard alone")

    # The invited vendor seals a bid on the selective tender, then withdraws it from "my bids".
    driver.get(base + f"/#/tenders/{sel_tid}/bid")
    wait.until(EC.presence_of_element_located((By.ID, "price"))).send_keys("280000")
    driver.find_element(By.ID, "bid-submit").click()
    wait.until(EC.presence_of_element_located((By.ID, "receipt-check")))
    driver.get(base + "/#/me")
    click_and_rerender(wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "button.withdraw"))))
    _, sel_bids = c.call("GET", f"/tenders/{sel_tid}/bids", token=vendor["token"])
    check([b["status"] for b in sel_bids["items"]] == ["withdrawn"], "the bid was withdrawn from the vendor's page")

    # Outsourcing request → tender (docs/DESIGN.md §10): the requester's form checks the policy
    # live, the approver returns it, the requester edits and resubmits, the approver approves,
    # finance prices it and procurement creates the tender from it.
    st, company = c.call("POST", "/departments", {"name": "省公司 Province company"}, admin["token"])
    assert st == 201, company
    st, network = c.call("POST", "/departments", {"name": "网络维护部 Network maintenance", "parentId": company["id"]}, admin["token"])
    assert st == 201, network
    def staff_in(role, email, department):
        st, r = c.call("POST", "/users", {"email": email, "password": "staff-password", "role": role, "name": f"{role} {email}",
                                          "departmentId": department}, admin["token"])
        assert st == 201, r
        return r["id"]
    staff_in("requester", "requester@ui.example", network["id"])
    staff_in("approver", "approver@ui.example", company["id"])
    staff_in("finance", "finance@ui.example", company["id"])
    def set_value(element_id, value):
        el = driver.find_element(By.ID, element_id)
        driver.execute_script("arguments[0].value = arguments[1]", el, value)
    login_as("requester@ui.example", "staff-password")
    driver.get(base + "/#/requests")
    wait.until(EC.presence_of_element_located((By.ID, "request-form")))
    Select(driver.find_element(By.ID, "rq-type")).select_by_value("key-account-management")
    check("第八条" in driver.find_element(By.ID, "policy-check").text, "a kept-in-house business type names its clause as it is chosen")
    Select(driver.find_element(By.ID, "rq-type")).select_by_value("line-patrol")
    check("第七条" in driver.find_element(By.ID, "policy-check").text, "an outsourceable type says so, with its clause")
    labelled("outsourcing request form")
    driver.find_element(By.ID, "rq-title").send_keys("东区杆路巡检 Pole line patrol, east")
    driver.find_element(By.ID, "rq-scope").send_keys("每月巡检东区管道、杆路和干线光缆。")
    driver.find_element(By.ID, "rq-amount").send_keys("800000")
    set_value("rq-start", "2027-01-01")
    set_value("rq-end", "2027-12-31")
    driver.find_element(By.ID, "rq-justification").send_keys("巡检是成熟的低风险工作，外包给专业公司成本更低。")
    shot("request-form-zh")
    driver.find_element(By.ID, "rq-save").click()
    wait.until(EC.presence_of_element_located((By.ID, "rq-submit")))
    request_id = driver.current_url.split("#/requests/")[1]
    click_and_rerender(driver.find_element(By.ID, "rq-submit"))
    check(c.call("GET", f"/requests/{request_id}", token=c.call("POST", "/auth/login", {"email": "approver@ui.example", "password": "staff-password"})[1]["token"])[1]["status"] == "submitted", "the requester submitted it")
    login_as("approver@ui.example", "staff-password")
    driver.get(base + "/#/requests")
    wait.until(EC.presence_of_element_located((By.ID, "requests")))
    check("东区杆路巡检" in driver.find_element(By.ID, "requests").text, "the approver's queue lists the submitted request")
    driver.get(base + f"/#/requests/{request_id}")
    Select(wait.until(EC.presence_of_element_located((By.ID, "rq-decision")))).select_by_value("returned")
    driver.find_element(By.ID, "rq-reason").send_keys("请写明巡检的公里数。")
    click_and_rerender(driver.find_element(By.ID, "rq-decide"))
    check("已退回" in driver.find_element(By.ID, "request-status").text, "returned, shown in Chinese")
    check("公里数" in driver.find_element(By.ID, "decisions").text, "the reason is on the request's page")
    login_as("requester@ui.example", "staff-password")
    driver.get(base + f"/#/requests/{request_id}")
    scope = wait.until(EC.presence_of_element_located((By.ID, "rq-scope")))
    scope.send_keys(" 共 420 公里。")
    driver.find_element(By.ID, "rq-save").click()
    wait.until(lambda d: "420" in d.find_element(By.TAG_NAME, "main").text)
    click_and_rerender(wait.until(EC.element_to_be_clickable((By.ID, "rq-submit"))))
    login_as("approver@ui.example", "staff-password")
    driver.get(base + f"/#/requests/{request_id}")
    Select(wait.until(EC.presence_of_element_located((By.ID, "rq-decision")))).select_by_value("approved")
    click_and_rerender(driver.find_element(By.ID, "rq-decide"))
    check("已批准" in driver.find_element(By.ID, "request-status").text, "approved")
    login_as("finance@ui.example", "staff-password")
    driver.get(base + f"/#/requests/{request_id}")
    wait.until(EC.presence_of_element_located((By.ID, "rq-price"))).send_keys("750000")
    driver.find_element(By.ID, "rq-basis").send_keys("去年合同价上浮 3%")
    click_and_rerender(driver.find_element(By.ID, "rq-price-save"))
    check("750,000" in driver.find_element(By.ID, "reference-price").text or "750000" in driver.find_element(By.ID, "reference-price").text, "the reference price is shown")
    login_as("officer@ui.example", "staff-password")
    driver.get(base + f"/#/requests/{request_id}")
    wait.until(EC.element_to_be_clickable((By.ID, "rq-tender"))).click()
    wait.until(lambda d: "/edit" in d.current_url)
    from_request = driver.current_url.split("#/tenders/")[1].split("/")[0]
    _, drafted = c.call("GET", f"/tenders/{from_request}", token=officer[1])
    check(drafted["requestId"] == request_id and drafted["budget"]["amount"] == "750000.00", "the tender is linked and budgets the reference price")
    st, _ = c.call("PATCH", f"/tenders/{from_request}", {"submissionDeadline": iso(40), "revealDeadline": iso(60)}, officer[1])
    assert st == 200
    assert c.call("POST", f"/tenders/{from_request}/publish", token=officer[1])[0] == 200
    driver.get(base + f"/#/tenders/{from_request}")
    wait.until(EC.element_to_be_clickable((By.ID, "tender-request"))).click()
    wait.until(EC.presence_of_element_located((By.ID, "request-tender")))
    check("已招标" in driver.find_element(By.ID, "request-status").text, "the request's page shows it tendered, with its tender")
    login_as("auditor@ui.example", "staff-password")
    driver.get(base + "/#/requests")
    deviations = wait.until(EC.presence_of_element_located((By.ID, "deviations"))).text
    check("数据中心保洁服务" in deviations and "东区杆路巡检" not in deviations, "the direct tender is a deviation, the requested one is not")
    shot("requests-auditor-zh")
    # The auditor sees the tender's red flags after the reveal deadline: one bid only.
    driver.get(base + f"/#/tenders/{tid}")
    flags = wait.until(EC.presence_of_element_located((By.ID, "red-flags"))).text
    check("仅一家投标" in flags and "围标串标风险提示" in flags, "the auditor sees the tender's red flags (a single bid) on its page")
    shot("red-flags-auditor-zh")
    # The auditor dismisses the single-bid flag on the tender page, with a reason.
    click_target = driver.find_element(By.CSS_SELECTOR, "#flag-list li[data-code='single_bid'] .dismiss-flag input")
    click_target.send_keys("本项目为应急采购，仅一家具备资质。")
    click_and_rerender(driver.find_element(By.CSS_SELECTOR, "#flag-list li[data-code='single_bid'] .dismiss-flag button"))
    dismissed = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#flag-list li[data-code='single_bid'] .flag-dismissed"))).text
    check("仅一家具备资质" in dismissed and not driver.find_elements(By.CSS_SELECTOR, "#flag-list li[data-code='single_bid'] .dismiss-flag"),
          "the auditor dismissed the tender's flag with a reason; it stays listed with it")
    # Across tenders: the auditor recomputes, sees the rotation with names and winners in turn, and dismisses it.
    driver.find_element(By.ID, "nav-red-flags").click()
    wait.until(EC.presence_of_element_located((By.ID, "flags-filter")))
    click_and_rerender(wait.until(EC.element_to_be_clickable((By.ID, "flags-refresh"))))
    item = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#cross-flag-list li[data-code='bid_rotation']")))
    check("轮换甲 Rota → 轮换乙 Rota → 轮换甲 Rota" in item.text and "3 个项目" in item.text and "1 条" in driver.find_element(By.ID, "flags-refresh-out").text,
          "the rotation across tenders is shown with the vendors' names and the winners in turn")
    item.find_element(By.CSS_SELECTOR, ".flag-tenders summary").click()
    titles = [e.text for e in item.find_elements(By.CSS_SELECTOR, ".flag-tenders a")]
    check(titles == ["轮换巡检 1", "轮换巡检 2", "轮换巡检 3"], f"the flag's tenders by award time, by title: {titles}")
    labelled("red flags page")
    shot("cross-flags-auditor-zh")
    language("en", "main", "Red flags across tenders", By.TAG_NAME)
    shot("cross-flags-auditor-en")
    language("zh-CN", "main", "跨项目风险提示", By.TAG_NAME)
    item = driver.find_element(By.CSS_SELECTOR, "#cross-flag-list li[data-code='bid_rotation']")
    item.find_element(By.CSS_SELECTOR, ".dismiss-flag input").send_keys("两家为本区仅有的持证巡检单位。")
    click_and_rerender(item.find_element(By.CSS_SELECTOR, ".dismiss-flag button"))
    wait.until(EC.presence_of_element_located((By.ID, "flags-none")))
    Select(driver.find_element(By.ID, "flags-status")).select_by_value("dismissed")
    click_and_rerender(driver.find_element(By.CSS_SELECTOR, "#flags-filter button"))
    gone = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#cross-flag-list li[data-code='bid_rotation'] .flag-dismissed"))).text
    check("持证巡检单位" in gone, "the dismissed rotation is listed under 'dismissed' with its reason")
    _, listed = c.call("GET", "/red-flags?status=dismissed", token=auditor[1])
    check([f["code"] for f in listed["items"]] == ["bid_rotation"] and listed["items"][0]["dismissal"]["by"] == auditor[0],
          "the server holds the auditor's dismissal")
    login_as("vendor@ui.example", "vendor-password")

    # Phone width: every main page fits 390 px.
    driver.set_window_size(390, 844)
    for name, path, marker in [("tender list", "/#/", "tenders"), ("tender detail", f"/#/tenders/{tid}", "ranking"),
                               ("vendor's page", "/#/me", "all-bids"), ("bid page", f"/#/tenders/{tid}/bid", "bid-form")]:
        driver.get(base + f"/?w={secrets.token_hex(3)}" + path[1:])
        wait.until(EC.presence_of_element_located((By.ID, marker)))
        fits(name)
    driver.get(base + f"/?w={secrets.token_hex(3)}#/tenders/{tid}")
    wait.until(EC.presence_of_element_located((By.ID, "ranking")))
    shot("phone-detail-zh")
    login_as("officer@ui.example", "staff-password")
    for name, path, marker in [("obligations dashboard", "/#/obligations?state=all", "obligations"), ("editor", "/#/new", "criteria-rows"), ("vendors page", "/#/vendors", "vendors"),
                               ("outsourcing requests", "/#/requests", "requests"), ("request page", f"/#/requests/{request_id}", "decisions"),
                               ("red flags page", "/#/red-flags?status=all", "cross-flag-list")]:
        driver.get(base + f"/?w={secrets.token_hex(3)}" + path[1:])
        wait.until(EC.presence_of_element_located((By.ID, marker)))
        fits(name)
    shot("phone-obligations-zh")
    driver.set_window_size(1280, 1000)

    # Escrowed opening (docs/DESIGN.md §13): five key holders, t = 3. Holder 1 makes its key in the
    # browser (and saves the key file); the others' key files are made here, in the same format.
    # Two vendors bid with escrow from the bid page and never reveal; three holders open both.
    from base64 import b64encode
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
    passphrase = "opening passphrase 1"
    def key_file(path):
        private = X25519PrivateKey.generate()
        raw = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
        public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
        key = PBKDF2HMAC(hashes.SHA256(), 32, salt, 100000).derive(passphrase.encode())
        wrapped = AESGCM(key).encrypt(nonce, raw, public)
        b64 = lambda b: b64encode(b).decode()
        Path(path).write_text(json.dumps({"format": "tender-opening-key/v1", "publicKey": b64(public),
            "kdf": {"name": "PBKDF2", "hash": "SHA-256", "iterations": 100000, "salt": b64(salt)},
            "cipher": {"name": "AES-256-GCM", "nonce": b64(nonce), "aad": "publicKey"}, "privateKey": b64(wrapped)}))
        return b64(public)
    holders = [staff(role, f"holder{i}@ui.example") for i, role in enumerate(["auditor", "approver", "finance", "procurement", "evaluator"], 1)]
    key_files = {}
    login_as("holder1@ui.example", "staff-password")
    driver.get(base + "/#/opening-keys")
    wait.until(EC.presence_of_element_located((By.ID, "passphrase"))).send_keys(passphrase)
    driver.find_element(By.ID, "passphrase2").send_keys(passphrase)
    labelled("opening key page")
    driver.find_element(By.ID, "key-submit").click()
    wait.until(EC.presence_of_element_located((By.ID, "key-file"))).click()
    saved = None
    for _ in range(100):  # until the download is complete: the file can appear before its content
        made = [f for f in os.listdir(downloads) if f.startswith("opening-key-") and f.endswith(".json")]
        if made:
            try:
                saved = json.load(open(os.path.join(downloads, made[0])))
                break
            except (ValueError, OSError):
                pass
        time.sleep(0.2)
    check(saved is not None, "holder 1 made its key in the browser and saved the key file")
    key_files[1] = os.path.join(downloads, made[0])
    check(saved["kdf"]["iterations"] == 600000 and "privateKey" in saved, "the key file keeps the private key under PBKDF2 (600,000) and AES-GCM")
    shot("opening-key-zh")
    for n in range(2, 6):
        key_files[n] = os.path.join(data, f"holder{n}.json")
        assert c.call("POST", "/opening-keys", {"publicKey": key_file(key_files[n])}, holders[n - 1][1])[0] == 201
    opening_start = time.time()
    st, et = c.call("POST", "/tenders", {
        "title": "托管开标 Escrowed opening", "description": "Bids opened by three of five key holders.", "category": "services",
        "budget": {"amount": "900000.00", "currency": "CNY"}, "submissionDeadline": iso(50), "revealDeadline": iso(170),
        "criteria": [{"key": "price", "type": "price", "weight": 100}],
        "opening": {"holders": [hid for hid, _ in holders], "threshold": 3}}, officer[1])
    assert st == 201, et
    etid = et["id"]
    assert c.call("POST", f"/tenders/{etid}/publish", token=officer[1])[0] == 200
    for n, (email, price) in enumerate([("vendor@ui.example", "880000.00"), ("vendor2@ui.example", "870000.00")], 1):  # vendor2 registered above
        login_as(email, "vendor-password")
        driver.get(base + f"/#/tenders/{etid}/bid")
        wait.until(EC.presence_of_element_located((By.ID, "escrow-explain")))
        driver.find_element(By.ID, "price").send_keys(price)
        driver.find_element(By.ID, "bid-submit").click()
        wait.until(EC.presence_of_element_located((By.ID, "escrow-note")))
        check("ok" in driver.find_element(By.ID, "receipt-check").get_attribute("class"), f"vendor {n} sealed its bid with an escrow in the browser")
    shot("bid-escrow-zh")
    time.sleep(max(0, opening_start + 52 - time.time()))
    for n in (1, 3, 5):
        login_as(f"holder{n}@ui.example", "staff-password")
        driver.get(base + f"/#/tenders/{etid}")
        wait.until(EC.presence_of_element_located((By.ID, "open-link"))).click()
        wait.until(EC.presence_of_element_located((By.ID, "key-file-input"))).send_keys(key_files[n])
        driver.find_element(By.ID, "opening-passphrase").send_keys(passphrase)
        labelled("opening screen")
        driver.find_element(By.ID, "opening-submit").click()
        states = wait.until(EC.presence_of_element_located((By.ID, "opening-states"))).text
        check(states.count(f"{[1, 3, 5].index(n) + 1} / 3") == 2, f"holder {n} opened and posted its shares of both bids in the browser")
    check(states.count("由密钥持有人开启") == 2, "the third holder's shares opened both bids")
    shot("opening-done-zh")
    _, listed = c.call("GET", f"/tenders/{etid}/commitments")
    check(sorted(e["status"] for e in listed["commitments"]) == ["revealed", "revealed"], "both bids are revealed though neither vendor revealed")

    # Network statuses (403 before the award, by design) are not errors of the page.
    problems = [e for e in driver.get_log("browser")
                if "Content Security Policy" in e.get("message", "") or (e.get("level") == "SEVERE" and e.get("source") != "network")]
    check(not problems, f"no CSP violations or script errors in the console ({problems[:2]})")
    print("browser suite passed")
except Exception:
    shot("failure")
    print("page at failure:", driver.current_url, "\n", driver.find_element(By.TAG_NAME, "body").text[-1500:])
    raise
finally:
    driver.quit()
    server.stop()
