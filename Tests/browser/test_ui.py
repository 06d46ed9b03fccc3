"""The web UI in a real browser (Debian's chromium + chromium-driver, Selenium, headless): a vendor
logs in, seals a bid in the browser, saves the envelope and later reveals from it; the committee,
award, contract and filing go through the API; the public page shows the result. The commitment
the page computed is recomputed here independently. Screenshots go to artifacts/screenshots/.
Usage: python3 Tests/browser/test_ui.py .build/debug/tender-server"""
import hashlib, json, os, secrets, sys, tempfile, time
from pathlib import Path
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from selenium.webdriver.support import expected_conditions as EC

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
        "budget": {"amount": "1500000.00", "currency": "CNY"}, "submissionDeadline": iso(40), "revealDeadline": iso(60),
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

    # Public list (Chinese by default), then the CSP and no console errors.
    driver.get(base + "/")
    wait.until(EC.presence_of_element_located((By.ID, "tenders")))
    check("招标公告" in driver.find_element(By.TAG_NAME, "h1").text, "the list is in Chinese by default")
    check("<b>" in driver.find_element(By.ID, "tenders").text, "titles are shown as text, never as HTML")
    shot("list-zh")
    Select = __import__("selenium.webdriver.support.select", fromlist=["Select"]).Select
    Select(driver.find_element(By.ID, "lang")).select_by_value("en")
    wait.until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Tender announcements"))
    shot("list-en")
    Select(driver.find_element(By.ID, "lang")).select_by_value("zh-CN")
    wait.until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "招标公告"))

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
    Select(driver.find_element(By.ID, "lang")).select_by_value("en")
    wait.until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Sealed bid"))
    wait.until(EC.presence_of_element_located((By.ID, "price"))).send_keys("1200000.00")
    driver.find_element(By.ID, "q-license").click()
    shot("bid-form-en")
    Select(driver.find_element(By.ID, "lang")).select_by_value("zh-CN")
    wait.until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "密封投标"))
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
    env_path = None
    for _ in range(50):
        files = [f for f in os.listdir(downloads) if f.endswith(".json")]
        if files:
            env_path = os.path.join(downloads, files[0])
            break
        time.sleep(0.2)
    check(env_path is not None, "the bid envelope was saved")
    env = json.load(open(env_path))
    recomputed = hashlib.sha256(f"{env['tenderId']}:{env['vendorId']}:{env['salt']}:{env['document']}".encode()).hexdigest()
    check(recomputed == page_commitment == env["commitment"], "the page's commitment equals one recomputed independently")
    check(env["vendorId"] == vendor_id and len(env["salt"]) == 64, "the envelope names the vendor and a 256-bit salt")
    check(json.loads(env["document"])["price"] == "1200000.00", "the document holds the price typed in the form")
    _, mine = c.call("GET", f"/tenders/{tid}/bids", token=vendor["token"])
    check([b["commitment"] for b in mine["items"]] == [page_commitment], "the server holds only the commitment")
    check("1200000" not in json.dumps(mine), "the server never saw the price")

    # After the deadline: reveal from the envelope and check the inclusion proof.
    time.sleep(max(0, t0 + 41 - time.time()))
    driver.get(base + f"/#/tenders/{tid}/reveal")
    wait.until(EC.presence_of_element_located((By.ID, "envelope-file"))).send_keys(env_path)
    driver.find_element(By.ID, "reveal-submit").click()
    wait.until(EC.presence_of_element_located((By.ID, "inclusion")))
    check("ok" in driver.find_element(By.ID, "inclusion").get_attribute("class"), "inclusion in the published root verified in the browser")
    check(driver.find_element(By.ID, "reveal-status").text in ("已揭示", "revealed"), "the bid is revealed")
    shot("reveal-zh")
    driver.get(base + f"/#/tenders/{tid}")
    wait.until(EC.presence_of_element_located((By.ID, "root-check")))
    check("ok" in driver.find_element(By.ID, "root-check").get_attribute("class"), "the page recomputed the published Merkle root")

    # The committee member declares and scores in the browser; the chair finalizes.
    time.sleep(max(0, t0 + 61 - time.time()))
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
    Select(driver.find_element(By.ID, "lang")).select_by_value("en")
    wait.until(EC.text_to_be_present_in_element((By.ID, "progress"), "1 of 1"))
    shot("scoresheet-grid-en")
    Select(driver.find_element(By.ID, "lang")).select_by_value("zh-CN")
    wait.until(EC.text_to_be_present_in_element((By.ID, "progress"), "已评"))
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

    # Procurement's obligations dashboard and the auditor's chain check.
    driver.get(base + "/#/obligations?state=all")
    table = wait.until(EC.presence_of_element_located((By.ID, "obligations")))
    check("中标结果书面报告" in table.text and "合同备案" in table.text, "the obligations dashboard lists the legal deadlines")
    check(table.find_elements(By.CSS_SELECTOR, "tbody tr")[0].get_attribute("class") in ("ob-due", "ob-overdue"), "open obligations come first")
    shot("obligations-zh")
    Select(driver.find_element(By.ID, "lang")).select_by_value("en")
    wait.until(EC.text_to_be_present_in_element((By.ID, "obligations"), "Award report"))
    shot("obligations-en")
    Select(driver.find_element(By.ID, "lang")).select_by_value("zh-CN")
    wait.until(EC.text_to_be_present_in_element((By.ID, "obligations"), "中标结果书面报告"))
    login_as("auditor@ui.example", "staff-password")
    driver.get(base + "/#/audit")
    wait.until(EC.element_to_be_clickable((By.ID, "verify"))).click()
    wait.until(lambda d: d.find_element(By.ID, "verify-result").text != "")
    check("ok" in driver.find_element(By.ID, "verify-result").get_attribute("class"), "the auditor's chain check passes in the browser")
    shot("audit-zh")

    # The public page shows the result.
    driver.find_element(By.ID, "logout").click()
    wait.until(EC.presence_of_element_located((By.ID, "nav-login")))
    driver.get(base + f"/#/tenders/{tid}")
    wait.until(EC.presence_of_element_located((By.ID, "ranking")))
    check(driver.find_element(By.ID, "tender-phase").text == "已备案", "the public page shows the tender filed")
    check("100.00" in driver.find_element(By.ID, "ranking").text or "95.00" in driver.find_element(By.ID, "ranking").text, "the public page shows the ranking with totals")
    shot("result-zh")
    Select(driver.find_element(By.ID, "lang")).select_by_value("en")
    wait.until(EC.text_to_be_present_in_element((By.ID, "tender-phase"), "Filed"))
    shot("result-en")

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
