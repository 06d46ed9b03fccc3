// The web UI: a hash router over the JSON API. Plain modules, no build step, no framework.
import { h, mount } from "./dom.js";
import { t, loadLanguage, currentLanguage, languages, money, dateTime } from "./i18n.js";
import { api, apiBlob, session } from "./api.js";
import { commitment, randomSalt, bidDocument, verifyReceipt, envelope, parseEnvelope } from "./commitment.js";
import { verifyInclusion, root as merkleRoot } from "./merkle.js";
import { errorBox, live, clearTimers, setRouter, act as actOn } from "./ui.js";
import { amendmentList, committeeBuilder, amendForm, cancelForm, cancelled } from "./pages/manage.js";
import { staffPage, vendorsPage } from "./pages/admin.js";
import { myPage } from "./pages/vendor.js";
import { sheetsPage } from "./pages/result.js";
import { editorPage } from "./pages/editor.js";

const app = document.getElementById("app");
let renders = 0;

function header() {
  const user = session.user;
  const langSelect = h("select", { id: "lang", "aria-label": t("nav.language"), onchange: async (ev) => { await loadLanguage(ev.target.value); route(); } },
    ...languages.map((l) => h("option", { value: l, selected: l === currentLanguage() }, l === "zh-CN" ? "中文" : "English")));
  return h("header", {},
    h("nav", { "aria-label": t("nav.main") },
      h("a", { href: "#/" }, t("nav.tenders")),
      user?.role === "procurement" ? h("a", { href: "#/new", id: "nav-new" }, t("nav.newTender")) : null,
      user && ["procurement", "auditor", "admin"].includes(user.role) ? h("a", { href: "#/obligations", id: "nav-obligations" }, t("nav.obligations")) : null,
      user && ["auditor", "admin"].includes(user.role) ? h("a", { href: "#/audit", id: "nav-audit" }, t("nav.audit")) : null,
      user?.role === "evaluator" ? h("a", { href: "#/", id: "nav-assigned" }, t("nav.assigned")) : null,
      user?.role === "vendor" ? h("a", { href: "#/me", id: "nav-me" }, t("nav.me")) : null,
      user && ["procurement", "auditor", "admin"].includes(user.role) ? h("a", { href: "#/vendors", id: "nav-vendors" }, t("nav.vendors")) : null,
      user?.role === "admin" ? h("a", { href: "#/staff", id: "nav-staff" }, t("nav.staff")) : null,
      user ? h("span", { class: "who" }, `${user.name} (${t("role." + user.role)})`) : null,
      user ? h("button", { id: "logout", type: "button", onclick: logout }, t("nav.logout"))
           : [h("a", { href: "#/login", id: "nav-login" }, t("nav.login")), h("a", { href: "#/register" }, t("nav.register"))],
      langSelect));
}

async function logout() {
  try { await api("POST", "/auth/logout"); } catch { /* the token may already be gone */ }
  session.clear();
  location.hash = "#/";
}

// MARK: pages

async function tenderList(params) {
  const q = params.get("q") || "", phase = params.get("phase") || "";
  const form = h("form", { id: "search", role: "search", onsubmit: (ev) => {
      ev.preventDefault();
      const f = new FormData(ev.target);
      location.hash = `#/?q=${encodeURIComponent(f.get("q"))}&phase=${encodeURIComponent(f.get("phase"))}`;
    } },
    h("label", { for: "q" }, t("list.search")), h("input", { id: "q", name: "q", value: q, type: "search" }),
    h("label", { for: "phase" }, t("list.phase")),
    h("select", { id: "phase", name: "phase" }, h("option", { value: "" }, t("phase.any")),
      ...["bidding", "revealing", "evaluating", "standstill", "awarded", "contracted", "filed", "failed", "cancelled"]
        .map((p) => h("option", { value: p, selected: p === phase }, t("phase." + p)))),
    h("button", { type: "submit" }, t("list.go")));
  const qs = new URLSearchParams();
  if (q) qs.set("q", q);
  if (phase) qs.set("phase", phase);
  const data = await api("GET", `/tenders?${qs}`);
  const rows = data.items.map((x) => h("li", { class: "tender" },
    h("a", { href: `#/tenders/${x.id}` }, x.title), " ",
    h("span", { class: "phase" }, t("phase." + x.phase)), " ",
    h("span", {}, money(x.budget.amount, x.budget.currency)), " ",
    x.phase === "bidding" ? live(x.submissionDeadline) : null));
  return [h("h1", {}, t("list.title")), form,
    rows.length ? h("ul", { id: "tenders" }, rows) : h("p", {}, t("list.empty"))];
}

async function tenderDetail(id) {
  const x = await api("GET", `/tenders/${id}`);
  const user = session.user;
  const parts = [h("h1", {}, x.title), h("p", { class: "phase", id: "tender-phase" }, t("phase." + x.phase)), ...cancelled(x), h("p", {}, x.description),
    h("dl", {},
      h("dt", {}, t("tender.budget")), h("dd", {}, money(x.budget.amount, x.budget.currency)),
      h("dt", {}, t("tender.submissionDeadline")), h("dd", { id: "submission-deadline" }, dateTime(x.submissionDeadline, x.timeZone), " ", live(x.submissionDeadline)),
      h("dt", {}, t("tender.revealDeadline")), h("dd", { id: "reveal-deadline" }, dateTime(x.revealDeadline, x.timeZone), " ", live(x.revealDeadline))),
    h("h2", {}, t("tender.criteria")),
    h("table", { id: "criteria" }, h("thead", {}, h("tr", {}, h("th", {}, t("criteria.name")), h("th", {}, t("criteria.type")), h("th", {}, t("criteria.weight")))),
      h("tbody", {}, x.criteria.map((c) => h("tr", {}, h("td", {}, c.name || t("criteria.price")), h("td", {}, t("criteria." + c.type)),
        h("td", {}, c.weight ?? "—")))))];
  if (x.method === "selective") {
    parts.push(h("p", { id: "tender-method" }, t("method.selective"),
      x.invitedVendorIds ? " — " + t("editor.invitedCount", { n: x.invitedVendorIds.length }) : "",
      x.invited === false ? h("span", { class: "error" }, " " + t("tender.notInvited")) : null));
  }
  if (user?.role === "vendor" && x.phase === "bidding" && x.invited !== false) parts.push(h("p", {}, h("a", { href: `#/tenders/${id}/bid`, id: "bid-link", class: "button" }, t("bid.start"))));
  if (user?.role === "procurement" && x.phase === "draft") {
    const out = h("div");
    parts.push(h("p", {}, h("a", { href: `#/tenders/${id}/edit`, id: "edit-draft", class: "button" }, t("editor.edit"))));
    parts.push(h("p", {}, h("button", { id: "publish", type: "button", onclick: async () => {
      try { await api("POST", `/tenders/${id}/publish`); route(); } catch (e) { mount(out, errorBox(e)); }
    } }, t("editor.publish"))), out);
  }
  parts.push(...amendmentList(x));
  if (user?.role === "procurement" && x.phase === "bidding") parts.push(...amendForm(id, x));
  if (user?.role === "procurement" && ["draft", "bidding", "revealing", "evaluating"].includes(x.phase)) {
    try { parts.push(...(await committeeBuilder(id))); } catch (e) { parts.push(errorBox(e)); }
  }
  if (user?.role === "procurement" && ["draft", "bidding", "revealing", "evaluating"].includes(x.phase)) parts.push(...cancelForm(id));
  if (user?.role === "evaluator") parts.push(h("p", {}, h("a", { href: `#/tenders/${id}/score`, id: "score-link", class: "button" }, t("score.open"))));
  if (user?.role === "vendor" && x.phase === "revealing") parts.push(h("p", {}, h("a", { href: `#/tenders/${id}/reveal`, id: "reveal-link", class: "button" }, t("reveal.start"))));
  try {
    const qs = await api("GET", `/tenders/${id}/questions`);
    const out = h("div", { "aria-live": "polite" });
    const answerForm = (q) => h("form", { class: "answer-form", onsubmit: async (ev) => {
        ev.preventDefault();
        try { await api("POST", `/tenders/${id}/questions/${q.id}/answer`, { answer: new FormData(ev.target).get("answer") }); route(); } catch (e) { mount(out, errorBox(e)); }
      } }, h("label", {}, t("questions.answer"), h("textarea", { name: "answer", rows: 2, required: true })), h("button", { type: "submit" }, t("questions.send")));
    const items = qs.items.map((q) => h("li", {}, h("p", {}, q.text), q.answer ? h("p", { class: "answer" }, q.answer)
      : (user?.role === "procurement" && x.phase === "bidding" ? answerForm(q) : h("p", { class: "countdown" }, t("questions.pending")))));
    if (items.length || (user?.role === "vendor" && x.phase === "bidding")) parts.push(h("h2", {}, t("tender.clarifications")), h("ul", { id: "questions" }, items));
    if (user?.role === "vendor" && x.phase === "bidding") {
      parts.push(h("form", { id: "ask-form", onsubmit: async (ev) => {
          ev.preventDefault();
          try { await api("POST", `/tenders/${id}/questions`, { text: new FormData(ev.target).get("text") }); route(); } catch (e) { mount(out, errorBox(e)); }
        } }, h("label", { for: "ask" }, t("questions.ask")), h("textarea", { id: "ask", name: "text", rows: 2, required: true }),
        h("button", { type: "submit", id: "ask-submit" }, t("questions.send"))));
    }
    parts.push(out);
  } catch { /* questions are optional here */ }
  if (user?.role === "vendor") {
    try {
      const mine = await api("GET", `/tenders/${id}/bids`);
      if (mine.items.length) parts.push(h("h2", {}, t("bids.mine")), h("ul", { id: "my-bids" }, mine.items.map((b) => h("li", {},
        h("code", { class: "prefix" }, b.commitment.slice(0, 16) + "…"), " ", t("bidstatus." + b.status), " ", dateTime(b.submittedAt), b.note ? h("span", { class: "note" }, " — " + b.note) : null))));
    } catch { /* not a bidder */ }
  }
  const names = new Map();  // vendor id → name, public with the commitment list after the close
  if (new Date(x.submissionDeadline) <= new Date()) {
    try {
      const c = await api("GET", `/tenders/${id}/commitments`);
      for (const e of c.commitments) names.set(e.vendorId, e.vendorName);
      const recomputed = await merkleRoot(c.commitments.map((e) => e.commitment));
      parts.push(h("h2", {}, t("tender.commitments")),
        h("p", {}, t("tender.root"), " ", h("code", { id: "root" }, c.root), " ",
          h("span", { id: "root-check", class: recomputed === c.root ? "ok" : "error" }, recomputed === c.root ? t("tender.rootOk") : t("tender.rootBad"))),
        h("ol", { id: "commitments" }, c.commitments.map((e) => h("li", {}, h("code", {}, e.commitment), " ", e.vendorName, " ", t("bidstatus." + e.status)))));
    } catch (e) { parts.push(errorBox(e)); }
  }
  try {
    const ev = await api("GET", `/tenders/${id}/evaluation`);
    if (ev.status === "pending" && user?.role === "procurement" && x.phase === "evaluating") {
      // Procurement (or the chair, on the scoring page) finalizes once every sheet is in.
      const out = h("div", { "aria-live": "polite" }), g = ev.progress;
      parts.push(h("h2", {}, t("evaluation.title")),
        h("p", { id: "evaluation-progress" }, t("evaluation.progress", { declared: g.declared, members: g.members, recused: g.recused, submitted: g.sheetsSubmitted, expected: g.sheetsExpected })),
        h("button", { type: "button", id: "finalize-evaluation", onclick: actOn(out, async () => { await api("POST", `/tenders/${id}/evaluation/finalize`); }) }, t("score.finalize")), out);
    }
    if (ev.status === "final") {
      parts.push(h("h2", {}, t("tender.result")),
        h("table", { id: "ranking" }, h("thead", {}, h("tr", {}, h("th", {}, t("result.rank")), h("th", {}, t("result.vendor")),
          h("th", {}, t("result.price")), h("th", {}, t("result.total")), h("th", {}, t("result.notes")))),
          h("tbody", {}, ev.ranking.map((r) => h("tr", {}, h("td", {}, r.rank ?? "—"), h("td", {}, names.get(r.vendorId) ?? r.vendorId),
            h("td", {}, r.price ? money(r.price, x.budget.currency) : "—"), h("td", {}, r.total ?? "—"),
            h("td", {}, [...r.reasons.map((k) => t("reason." + k)), r.abnormallyLow ? t("result.abnormallyLow") : null].filter(Boolean).join(", ")))))),
        ev.failed ? h("p", { id: "failed", class: "error" }, t("evaluation.failed")) : null,
        ["standstill", "awarded", "contracted", "filed", "failed"].includes(x.phase) ? reportLinks(id, user) : null);
    }
  } catch { /* sealed until the award */ }
  parts.push(...(await awardSection(id, x, user, names)));
  parts.push(h("p", {}, h("a", { href: `/api/v1/tenders/${id}/ocds`, download: `ocds-${id}.json`, id: "ocds" }, t("tender.ocds"))));
  return parts;
}

// The printable report and the CSV need the bearer token (staff and members only): fetched with
// it, then opened (HTML, in a new tab) or saved (CSV) from a blob URL. Everyone gets the sheets.
function reportLinks(id, user) {
  const status = h("span", { id: "report-status", role: "status" });
  const fetchReport = (path, open) => async (event) => {
    event.preventDefault();
    status.textContent = "";
    try {
      const url = URL.createObjectURL(await apiBlob(`/tenders/${id}/evaluation/${path}`));
      if (open) window.open(url, "_blank", "noopener");
      else h("a", { href: url, download: `evaluation-${id}.csv` }).click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      status.textContent = t("evaluation.reportFetched");
    } catch (e) {
      status.textContent = e.message;
      status.className = "error";
    }
  };
  const insider = user && user.role !== "vendor";
  return h("p", {},
    insider ? [h("a", { href: "#", id: "report-html", onclick: fetchReport("report.html", true) }, t("evaluation.reportHtml")), " · ",
      h("a", { href: "#", id: "report-csv", onclick: fetchReport("report.csv", false) }, t("evaluation.reportCsv")), " · "] : null,
    h("a", { href: `#/tenders/${id}/sheets` }, t("evaluation.sheets")), " ", status);
}

async function login() {
  const out = h("div", { id: "login-result" });
  const form = h("form", { id: "login-form", onsubmit: async (ev) => {
      ev.preventDefault();
      const f = new FormData(ev.target);
      try {
        const r = await api("POST", "/auth/login", { email: f.get("email"), password: f.get("password") });
        session.set(r.token, r.user);
        location.hash = "#/";
      } catch (e) { mount(out, errorBox(e)); }
    } },
    h("label", { for: "email" }, t("auth.email")), h("input", { id: "email", name: "email", type: "email", required: true, autocomplete: "username" }),
    h("label", { for: "password" }, t("auth.password")), h("input", { id: "password", name: "password", type: "password", required: true, autocomplete: "current-password" }),
    h("button", { type: "submit", id: "login-submit" }, t("nav.login")));
  return [h("h1", {}, t("nav.login")), form, out];
}

async function register() {
  const out = h("div");
  const field = (name, type = "text", extra = {}) => [h("label", { for: name }, t("auth." + name)), h("input", { id: name, name, type, required: true, ...extra })];
  const form = h("form", { id: "register-form", onsubmit: async (ev) => {
      ev.preventDefault();
      const f = Object.fromEntries(new FormData(ev.target));
      try {
        const r = await api("POST", "/auth/register", f);
        session.set(r.token, r.user);
        location.hash = "#/";
      } catch (e) { mount(out, errorBox(e)); }
    } },
    field("email", "email"), field("password", "password", { minlength: 10, autocomplete: "new-password" }), field("name"), field("registrationNumber"),
    h("button", { type: "submit" }, t("nav.register")));
  return [h("h1", {}, t("nav.register")), form, out];
}

/** The bid never leaves the browser before the deadline: only its commitment is sent. */
async function bidPage(id) {
  const user = session.user;
  if (user?.role !== "vendor") return [errorBox(new Error(t("bid.vendorsOnly")))];
  const x = await api("GET", `/tenders/${id}`);
  const quals = x.criteria.filter((c) => c.type === "qualification");
  const out = h("div", { id: "bid-result", "aria-live": "polite" });
  // The bid that counts now, if any: a new submission replaces it, so the vendor confirms that first.
  const active = (await api("GET", `/tenders/${id}/bids`)).items.find((b) => b.status === "sealed");
  const confirmBox = active ? h("input", { type: "checkbox", id: "replace-confirm", name: "replace-confirm", required: true }) : null;
  const activeNotice = active ? h("section", { id: "active-bid", class: "warning", role: "note" },
    h("p", {}, t("bid.activeBid", { at: dateTime(active.submittedAt, x.timeZone) }), " ", h("code", { class: "prefix" }, active.commitment.slice(0, 16) + "…"), " ",
      t("bidstatus." + active.status)),
    h("label", { class: "check", for: "replace-confirm" }, confirmBox, " ", t("bid.replaceConfirm"))) : null;
  const form = h("form", { id: "bid-form", onsubmit: async (ev) => {
      ev.preventDefault();
      if (confirmBox && !confirmBox.checked) { mount(out, errorBox(new Error(t("bid.replaceConfirm")))); return; }
      const f = new FormData(ev.target);
      const doc = bidDocument({
        price: String(f.get("price")), currency: x.budget.currency,
        qualifications: Object.fromEntries(quals.map((q) => [q.key, f.get("q-" + q.key) === "on"])),
        experienceYears: Number(f.get("experienceYears")), proposal: String(f.get("proposal")),
      });
      const salt = randomSalt();
      const c = await commitment(id, user.id, salt, doc);
      try {
        const r = await api("POST", `/tenders/${id}/bids`, { commitment: c });
        const keys = await api("GET", "/keys");
        const key = keys.keys.find((k) => k.keyId === r.receipt.keyId);
        const ok = key ? await verifyReceipt(key.publicKey, r.receipt.payload, r.receipt.signature) : false;
        const env = envelope({ tenderId: id, vendorId: user.id, salt, document: doc, commitment: c, receipt: r.receipt });
        const blob = new Blob([JSON.stringify(env, null, 2)], { type: "application/json" });
        mount(out,
          h("p", { id: "receipt-check", class: ok ? "ok" : "error" }, ok ? t("bid.receiptOk") : t("bid.receiptBad")),
          h("p", {}, t("bid.commitment"), " ", h("code", { id: "commitment" }, c)),
          h("p", { class: "warning", role: "alert" }, t("bid.envelopeWarning")),
          h("a", { id: "envelope", class: "button", href: URL.createObjectURL(blob), download: `bid-envelope-${id}.json` }, t("bid.saveEnvelope")));
      } catch (e) { mount(out, errorBox(e)); }
    } },
    h("label", { for: "price" }, t("bid.price", { currency: x.budget.currency })),
    h("input", { id: "price", name: "price", required: true, inputmode: "decimal", pattern: "[0-9]{1,15}(\\.[0-9]{1,2})?" }),
    ...quals.map((q) => h("label", { class: "check" }, h("input", { type: "checkbox", name: "q-" + q.key, id: "q-" + q.key }), " ", q.name)),
    h("label", { for: "experienceYears" }, t("bid.experience")), h("input", { id: "experienceYears", name: "experienceYears", type: "number", min: 0, value: 0 }),
    h("label", { for: "proposal" }, t("bid.proposal")), h("textarea", { id: "proposal", name: "proposal", rows: 4 }),
    activeNotice,
    h("button", { type: "submit", id: "bid-submit" }, active ? t("bid.replace") : t("bid.submit")));
  return [h("h1", {}, t("bid.title"), " — ", x.title), h("p", {}, t("bid.explain"), " ", t("bid.deadline", { at: dateTime(x.submissionDeadline, x.timeZone) })), form, out];
}

/** Reveal from the saved envelope, then check inclusion in the published root. */
async function revealPage(id) {
  const out = h("div", { id: "reveal-result", "aria-live": "polite" });
  const input = h("input", { type: "file", id: "envelope-file", accept: "application/json,.json" });
  const form = h("form", { id: "reveal-form", onsubmit: async (ev) => {
      ev.preventDefault();
      try {
        const file = input.files[0];
        if (!file) throw new Error(t("reveal.chooseFile"));
        const e = parseEnvelope(await file.text());
        if (e.tenderId !== id) throw new Error(t("reveal.wrongTender"));
        if ((await commitment(e.tenderId, e.vendorId, e.salt, e.document)) !== e.commitment) throw new Error(t("reveal.corrupt"));
        const mine = await api("GET", `/tenders/${id}/bids`);
        const bid = mine.items.find((b) => b.commitment === e.commitment);
        if (!bid) throw new Error(t("reveal.noBid"));
        const r = await api("POST", `/tenders/${id}/bids/${bid.id}/reveal`, { salt: e.salt, document: e.document });
        const proof = await api("GET", `/tenders/${id}/commitments/${bid.id}/proof`);
        const included = await verifyInclusion(e.commitment, proof);
        mount(out, h("p", { id: "reveal-status" }, t("bidstatus." + r.status)),
          h("p", { id: "inclusion", class: included ? "ok" : "error" }, included ? t("reveal.included") : t("reveal.notIncluded")));
      } catch (err) { mount(out, errorBox(err)); }
    } },
    h("label", { for: "envelope-file" }, t("reveal.file")), input, h("button", { type: "submit", id: "reveal-submit" }, t("reveal.submit")));
  return [h("h1", {}, t("reveal.title")), form, out];
}


/** Procurement, auditors, admins: legal deadlines, overdue and due first. */
async function obligationsPage(params) {
  const state = params.get("state") || "open";
  const data = await api("GET", `/obligations?state=${encodeURIComponent(state)}&per=100`);
  const filter = h("form", { id: "obligation-filter", onsubmit: (ev) => { ev.preventDefault(); location.hash = `#/obligations?state=${new FormData(ev.target).get("state")}`; } },
    h("label", { for: "state" }, t("obligations.state")),
    h("select", { id: "state", name: "state" }, ...["open", "overdue", "due", "met", "met_late", "all"].map((v) => h("option", { value: v, selected: v === state }, t("obstate." + v)))),
    h("button", { type: "submit" }, t("list.go")));
  const rows = data.items.map((o) => h("tr", { class: "ob-" + o.state },
    h("td", {}, h("span", { class: "badge badge-" + o.state }, t("obstate." + o.state))), h("td", {}, t("obkind." + o.kind)),
    h("td", {}, h("a", { href: `#/tenders/${o.tenderId}` }, o.tenderTitle)), h("td", {}, dateTime(o.dueAt), " ", o.metAt ? "" : live(o.dueAt)),
    h("td", {}, o.metAt ? dateTime(o.metAt) : "—")));
  return [h("h1", {}, t("obligations.title")), filter, h("p", {}, t("obligations.total", { n: data.metadata.total })),
    h("table", { id: "obligations" }, h("thead", {}, h("tr", {}, ...["state", "kind", "tender", "due", "met"].map((k) => h("th", {}, t("obligations." + k))))), h("tbody", {}, rows))];
}

/** Auditors: the log with filters, the chain check and the public head. */
async function auditPage(params) {
  const qs = new URLSearchParams({ per: "50" });
  for (const k of ["tenderId", "action"]) if (params.get(k)) qs.set(k, params.get(k));
  const [log, head] = await Promise.all([api("GET", `/audit?${qs}`), api("GET", "/audit/head")]);
  const result = h("p", { id: "verify-result", "aria-live": "polite" });
  const filter = h("form", { id: "audit-filter", onsubmit: (ev) => {
      ev.preventDefault();
      const f = new FormData(ev.target);
      location.hash = `#/audit?tenderId=${encodeURIComponent(f.get("tenderId"))}&action=${encodeURIComponent(f.get("action"))}`;
    } },
    h("label", { for: "tenderId" }, t("audit.tender")), h("input", { id: "tenderId", name: "tenderId", value: params.get("tenderId") || "" }),
    h("label", { for: "action" }, t("audit.action")), h("input", { id: "action", name: "action", value: params.get("action") || "" }),
    h("button", { type: "submit" }, t("list.go")));
  const verify = h("button", { id: "verify", type: "button", onclick: async () => {
      const v = await api("GET", "/audit/verify");
      result.className = v.valid ? "ok" : "error";
      result.textContent = v.valid ? t("audit.valid", { n: v.length }) : t("audit.invalid", { seq: v.firstInvalid, problem: v.problem });
    } }, t("audit.verify"));
  return [h("h1", {}, t("audit.title")), h("p", {}, t("audit.head", { n: head.length }), " ", h("code", { id: "head" }, head.head)), verify, result, filter,
    h("table", { id: "audit" }, h("thead", {}, h("tr", {}, ...["seq", "at", "actor", "action", "details"].map((k) => h("th", {}, t("audit." + k))))),
      h("tbody", {}, log.items.map((e) => h("tr", {}, h("td", {}, e.seq), h("td", {}, dateTime(e.at)), h("td", { title: e.actor }, e.actorName ?? e.actor), h("td", {}, e.action), h("td", {}, h("code", {}, e.details))))))];
}

/** Committee members: declaration, the scoresheet grid (ranges enforced while typing), progress, finalize for the chair. */
async function scorePage(id) {
  const user = session.user;
  const x = await api("GET", `/tenders/${id}`);
  const parts = [h("h1", {}, t("score.title"), " — ", x.title)];
  const committee = await api("GET", `/tenders/${id}/committee`);
  const me = committee.members.find((m) => m.userId === user.id);
  const out = h("div", { id: "score-result", "aria-live": "polite" });
  if (!me) return [errorBox(new Error(t("score.notMember")))];
  const ev = await api("GET", `/tenders/${id}/evaluation`);
  if (ev.status === "final") {
    parts.push(h("p", { class: "ok" }, t("score.final")),
      h("table", { id: "final-ranking" }, h("tbody", {}, ev.ranking.map((r) => h("tr", {}, h("td", {}, r.rank ?? "—"), h("td", {}, r.bidId),
        h("td", {}, r.total ?? "—"), h("td", {}, r.abnormallyLow ? t("result.abnormallyLow") : ""))))),
      ev.outliers.length ? h("ul", { id: "outliers" }, ev.outliers.map((o) => h("li", {}, t("score.outlier", o)))) : null);
    return parts;
  }
  if (!me.declared) {
    let list = [];
    try { list = (await api("GET", `/tenders/${id}/commitments`)).commitments; } catch { /* before the deadline */ }
    parts.push(h("h2", {}, t("score.declare")), h("form", { id: "declare-form", onsubmit: async (e) => {
        e.preventDefault();
        const conflicts = [...e.target.querySelectorAll("input[name=conflict]:checked")].map((i) => i.value);
        try { await api("POST", `/tenders/${id}/declarations`, { conflicts }); route(); } catch (err) { mount(out, errorBox(err)); }
      } }, ...list.map((c) => h("label", { class: "check" }, h("input", { type: "checkbox", name: "conflict", value: c.vendorId }), " ", c.vendorName)),
      h("button", { type: "submit", id: "declare-submit" }, t("score.declareSubmit"))), out);
    return parts;
  }
  if (me.recused) return [...parts, h("p", { class: "error" }, t("score.recused"))];
  const scored = x.criteria.filter((c) => c.type === "scored");
  const quals = x.criteria.filter((c) => c.type === "qualification");
  const bids = (await api("GET", `/tenders/${id}/commitments`)).commitments.filter((c) => c.status === "revealed");
  const mine = new Map((await api("GET", `/tenders/${id}/scoresheets`)).items.map((s) => [s.bidId, s]));
  const progress = h("p", { id: "progress" }, t("score.progress", { done: mine.size, total: bids.length }));
  const grid = h("table", { id: "grid" },
    h("thead", {}, h("tr", {}, h("th", {}, t("score.bid")), ...quals.map((q) => h("th", {}, q.name)),
      ...scored.map((c) => h("th", {}, `${c.name} (0–${c.maxScore})`)), h("th", {}, ""))),
    h("tbody", {}, bids.map((b) => {
      const sheet = mine.get(b.bidId);
      const inputs = scored.map((c) => h("input", { type: "number", min: 0, max: c.maxScore, step: "0.01", required: true, "data-key": c.key,
        "aria-label": `${b.vendorName} ${c.name}`, value: sheet?.scores[c.key] ?? "",
        oninput: (e) => {  // the range is enforced while typing
          const v = Number(e.target.value);
          const bad = e.target.value !== "" && (!(v >= 0 && v <= c.maxScore) || Math.round(v * 100) !== v * 100);
          e.target.setCustomValidity(bad ? t("score.range", { max: c.maxScore }) : "");
          e.target.classList.toggle("invalid", bad);
        } }));
      const checks = quals.map((q) => h("input", { type: "checkbox", "data-key": q.key, "aria-label": `${b.vendorName} ${q.name}`, checked: sheet?.qualification[q.key] === true }));
      const save = h("button", { type: "button", class: "save", onclick: async () => {
          if (!inputs.every((i) => i.reportValidity())) return;
          try {
            await api("PUT", `/tenders/${id}/scoresheets/${b.bidId}`, {
              qualification: Object.fromEntries(checks.map((i) => [i.dataset.key, i.checked])),
              scores: Object.fromEntries(inputs.map((i) => [i.dataset.key, Number(i.value)])),
            });
            mine.set(b.bidId, true);
            save.textContent = t("score.saved");
            progress.textContent = t("score.progress", { done: mine.size, total: bids.length });
          } catch (err) { mount(out, errorBox(err)); }
        } }, sheet ? t("score.saved") : t("score.save"));
      return h("tr", { "data-bid": b.bidId }, h("td", {}, b.vendorName), ...checks.map((c) => h("td", {}, c)), ...inputs.map((i) => h("td", {}, i)), h("td", {}, save));
    })));
  parts.push(progress, grid, out);
  if (me.chair) parts.push(h("button", { id: "finalize", type: "button", onclick: async () => {
      try { await api("POST", `/tenders/${id}/evaluation/finalize`); route(); } catch (err) { mount(out, errorBox(err)); }
    } }, t("score.finalize")));
  return parts;
}


/** Award, objections, contract and filing on the tender page, for whoever may act on them. */
async function awardSection(id, x, user, names) {
  const parts = [];
  const out = h("div", { id: "award-result", "aria-live": "polite" });
  const act = (fn) => actOn(out, fn);
  let award = null;
  try { award = await api("GET", `/tenders/${id}/award`); } catch { /* none yet */ }
  if (award) {
    parts.push(h("h2", {}, t("award.title")), h("p", { id: "award" }, t("award.summary", { vendor: names.get(award.vendorId) ?? award.vendorId, price: money(award.price, x.budget.currency) }), " ",
      h("span", { class: "phase" }, t("award.status." + award.status)), " ", award.status === "standstill" ? live(award.standstillEndsAt) : null));
  }
  if (user?.role === "procurement" && x.phase === "evaluating") {
    try {
      const ev = await api("GET", `/tenders/${id}/evaluation`);
      if (ev.status === "final" && ev.candidates.length) {
        parts.push(h("h2", {}, t("award.make")), h("form", { id: "award-form", onsubmit: act(async (f) => {
            await api("POST", `/tenders/${id}/award`, { bidId: f.get("bidId"), justification: f.get("justification") || undefined });
          }) },
          h("label", { for: "award-bid" }, t("award.candidate")),
          h("select", { id: "award-bid", name: "bidId" }, ev.candidates.map((b, i) => h("option", { value: b }, `${i + 1}. ${names.get(ev.ranking.find((r) => r.bidId === b)?.vendorId) ?? b}`))),
          h("label", { for: "justification" }, t("award.justification")), h("textarea", { id: "justification", name: "justification", rows: 2 }),
          h("button", { type: "submit", id: "award-submit" }, t("award.submit"))));
      }
    } catch { /* evaluation not final */ }
  }
  if (award && award.status !== "revoked" && user?.role === "procurement") {
    // The written report to the supervising authority (招标投标法 art. 47), until it is recorded.
    try {
      // A revoked award's open report is cancelled (not listed); an open one belongs to the standing award.
      const reports = (await api("GET", `/obligations?tenderId=${id}&state=all&per=100`)).items.filter((o) => o.kind === "award_report");
      const ob = reports.find((o) => !o.metAt) ?? reports[0];
      if (ob && !ob.metAt) {
        parts.push(h("form", { id: "report-form", onsubmit: act(async (f) => { await api("POST", `/tenders/${id}/award/report`, { reference: f.get("reference") }); }) },
          h("label", { for: "report-reference" }, t("award.reportReference")), h("input", { id: "report-reference", name: "reference", required: true }),
          h("button", { type: "submit", id: "report-submit" }, t("award.report")), " ", live(ob.dueAt)));
      } else if (ob) {
        parts.push(h("p", { id: "report-done", class: "ok" }, t("award.reported", { at: dateTime(ob.metAt) })));
      }
    } catch { /* obligations unavailable */ }
  }
  if (award && user && (user.role === "procurement" || user.role === "vendor")) {
    try {
      const obj = await api("GET", `/tenders/${id}/objections`);
      if (obj.items.length) parts.push(h("h3", {}, t("objections.title")), h("ul", { id: "objections" }, obj.items.map((o) => h("li", {}, h("p", {}, o.text),
        o.decision ? h("p", {}, t("objections.decision." + o.decision), ": ", o.response)
          : user.role === "procurement" ? h("form", { class: "resolve-form", onsubmit: act(async (f) => {
              await api("POST", `/tenders/${id}/objections/${o.id}/resolution`, { decision: f.get("decision"), response: f.get("response") });
            }) }, h("select", { name: "decision" }, h("option", { value: "rejected" }, t("objections.decision.rejected")), h("option", { value: "upheld" }, t("objections.decision.upheld"))),
            h("textarea", { name: "response", rows: 2, required: true, "aria-label": t("objections.response") }), h("button", { type: "submit" }, t("objections.resolve")))
          : h("p", { class: "countdown" }, t("objections.replyDue", { at: dateTime(o.replyDueAt) }))))));
    } catch { /* none visible */ }
  }
  if (user?.role === "vendor" && x.phase === "standstill") {
    parts.push(h("form", { id: "object-form", onsubmit: act(async (f) => { await api("POST", `/tenders/${id}/objections`, { text: f.get("text") }); }) },
      h("label", { for: "objection" }, t("objections.file")), h("textarea", { id: "objection", name: "text", rows: 3, required: true, minlength: 10 }),
      h("button", { type: "submit" }, t("objections.submit"))));
  }
  if (user?.role === "procurement" && x.phase === "awarded") {
    const file = h("input", { type: "file", id: "contract-file" });
    const hash = h("input", { id: "documentSha256", name: "documentSha256", required: true, pattern: "[0-9a-f]{64}" });
    file.addEventListener("change", async () => {  // the contract document's SHA-256, computed here
      const buf = await file.files[0].arrayBuffer();
      hash.value = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", buf)), (b) => b.toString(16).padStart(2, "0")).join("");
    });
    parts.push(h("h2", {}, t("contract.record")), h("form", { id: "contract-form", onsubmit: act(async (f) => {
        await api("POST", `/tenders/${id}/contract`, { signedAt: new Date(f.get("signedAt")).toISOString(), amount: String(f.get("amount")), documentSha256: f.get("documentSha256") });
      }) },
      h("label", { for: "signedAt" }, t("contract.signedAt")), h("input", { id: "signedAt", name: "signedAt", type: "datetime-local", step: 1, required: true }),
      h("label", { for: "amount" }, t("contract.amount")), h("input", { id: "amount", name: "amount", required: true, value: award?.price ?? "" }),
      h("label", { for: "contract-file" }, t("contract.document")), file,
      h("label", { for: "documentSha256" }, "SHA-256"), hash,
      h("button", { type: "submit", id: "contract-submit" }, t("contract.submit"))));
  }
  if (["contracted", "filed"].includes(x.phase)) {
    try {
      const c = await api("GET", `/tenders/${id}/contract`);
      parts.push(h("h2", {}, t("contract.title")), h("p", { id: "contract" }, t("contract.summary", { amount: money(c.amount, x.budget.currency), at: dateTime(c.signedAt) }),
        c.late ? h("span", { class: "error" }, " " + t("contract.late")) : null),
        c.filing ? h("p", { id: "filing" }, t("contract.filed", { ref: c.filing.reference, authority: c.filing.authority, at: dateTime(c.filing.filedAt) }),
          c.filing.late ? h("span", { class: "error" }, " " + t("contract.late")) : null) : null);
    } catch { /* none */ }
  }
  if (user?.role === "procurement" && x.phase === "contracted") {
    parts.push(h("form", { id: "filing-form", onsubmit: act(async (f) => {
        await api("POST", `/tenders/${id}/contract/filing`, { reference: f.get("reference"), authority: f.get("authority") });
      }) }, h("label", { for: "reference" }, t("contract.reference")), h("input", { id: "reference", name: "reference", required: true }),
      h("label", { for: "authority" }, t("contract.authority")), h("input", { id: "authority", name: "authority", required: true }),
      h("button", { type: "submit", id: "filing-submit" }, t("contract.file"))));
  }
  if (parts.length) parts.push(out);
  return parts;
}

// MARK: router

async function route() {
  clearTimers();
  const [path, query] = (location.hash.slice(1) || "/").split("?");
  const params = new URLSearchParams(query || "");
  const seg = path.split("/").filter(Boolean);
  let body;
  try {
    if (seg.length === 0) body = await tenderList(params);
    else if (seg[0] === "login") body = await login();
    else if (seg[0] === "register") body = await register();
    else if (seg[0] === "tenders" && seg.length === 2) body = await tenderDetail(seg[1]);
    else if (seg[0] === "tenders" && seg[2] === "bid") body = await bidPage(seg[1]);
    else if (seg[0] === "tenders" && seg[2] === "reveal") body = await revealPage(seg[1]);
    else if (seg[0] === "tenders" && seg[2] === "score") body = await scorePage(seg[1]);
    else if (seg[0] === "tenders" && seg[2] === "sheets") body = await sheetsPage(seg[1]);
    else if (seg[0] === "obligations") body = await obligationsPage(params);
    else if (seg[0] === "new") body = await editorPage(null);
    else if (seg[0] === "tenders" && seg[2] === "edit") body = await editorPage(seg[1]);
    else if (seg[0] === "audit") body = await auditPage(params);
    else if (seg[0] === "me") body = await myPage(params);
    else if (seg[0] === "staff") body = await staffPage(params);
    else if (seg[0] === "vendors") body = await vendorsPage(params);
    else body = [h("p", {}, t("error.notFound"))];
  } catch (e) {
    body = [errorBox(e)];
  }
  mount(app, header(), h("main", { id: "main" }, body));
  app.dataset.render = String(++renders);  // lets tests (and scripts) wait for a re-render
  document.title = t("app.title");
}

setRouter(route);
window.addEventListener("hashchange", route);
await loadLanguage();
await route();
