// The tender list and the tender page: details, clarifications, commitments with the recomputed
// root, the result, the award, objections, contract and filing.
import { h, mount } from "../dom.js";
import { openingSummary } from "./opening.js";
import { flagsPanel } from "./flags.js";
import { t, money, dateTime } from "../i18n.js";
import { api, apiBlob, session } from "../api.js";
import { commitment, randomSalt, bidDocument, verifyReceipt, envelope, parseEnvelope } from "../commitment.js";
import { verifyInclusion, root as merkleRoot } from "../merkle.js";
import { errorBox, live, refresh, expected, act as actOn } from "../ui.js";
import { amendmentList, committeeBuilder, amendForm, cancelForm, cancelled } from "./manage.js";

export async function tenderList(params) {
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

export async function tenderDetail(id) {
  const x = await api("GET", `/tenders/${id}`);
  const user = session.user;
  const parts = [h("h1", {}, x.title), h("p", { class: "phase", id: "tender-phase" }, t("phase." + x.phase)), ...cancelled(x), h("p", {}, x.description),
    x.requestId && user && ["requester", "approver", "finance", "procurement", "auditor", "admin"].includes(user.role)
      ? h("p", {}, h("a", { id: "tender-request", href: `#/requests/${x.requestId}` }, t("tender.request"))) : null,
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
  parts.push(...openingSummary(x, user));
  if (user?.role === "vendor" && x.phase === "bidding" && x.invited !== false) parts.push(h("p", {}, h("a", { href: `#/tenders/${id}/bid`, id: "bid-link", class: "button" }, t("bid.start"))));
  if (user?.role === "procurement" && x.phase === "draft") {
    const out = h("div");
    parts.push(h("p", {}, h("a", { href: `#/tenders/${id}/edit`, id: "edit-draft", class: "button" }, t("editor.edit"))));
    parts.push(h("p", {}, h("button", { id: "publish", type: "button", onclick: async () => {
      try { await api("POST", `/tenders/${id}/publish`); refresh(); } catch (e) { mount(out, errorBox(e)); }
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
        try { await api("POST", `/tenders/${id}/questions/${q.id}/answer`, { answer: new FormData(ev.target).get("answer") }); refresh(); } catch (e) { mount(out, errorBox(e)); }
      } }, h("label", {}, t("questions.answer"), h("textarea", { name: "answer", rows: 2, required: true })), h("button", { type: "submit" }, t("questions.send")));
    const items = qs.items.map((q) => h("li", {}, h("p", {}, q.text), q.answer ? h("p", { class: "answer" }, q.answer)
      : (user?.role === "procurement" && x.phase === "bidding" ? answerForm(q) : h("p", { class: "countdown" }, t("questions.pending")))));
    if (items.length || (user?.role === "vendor" && x.phase === "bidding")) parts.push(h("h2", {}, t("tender.clarifications")), h("ul", { id: "questions" }, items));
    if (user?.role === "vendor" && x.phase === "bidding") {
      parts.push(h("form", { id: "ask-form", onsubmit: async (ev) => {
          ev.preventDefault();
          try { await api("POST", `/tenders/${id}/questions`, { text: new FormData(ev.target).get("text") }); refresh(); } catch (e) { mount(out, errorBox(e)); }
        } }, h("label", { for: "ask" }, t("questions.ask")), h("textarea", { id: "ask", name: "text", rows: 2, required: true }),
        h("button", { type: "submit", id: "ask-submit" }, t("questions.send"))));
    }
    parts.push(out);
  } catch (e) { parts.push(errorBox(e)); }
  if (user?.role === "vendor") {
    try {
      const mine = await api("GET", `/tenders/${id}/bids`);
      if (mine.items.length) parts.push(h("h2", {}, t("bids.mine")), h("ul", { id: "my-bids" }, mine.items.map((b) => h("li", {},
        h("code", { class: "prefix" }, b.commitment.slice(0, 16) + "…"), " ", t("bidstatus." + b.status), " ", dateTime(b.submittedAt), b.note ? h("span", { class: "note" }, " — " + b.note) : null))));
    } catch (e) { parts.push(errorBox(e)); }
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
  } catch (e) {
    if (!expected(e, 403)) parts.push(errorBox(e));  // sealed until the award
  }
  parts.push(...(await flagsPanel(id, x, user, names)));
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

/** Award, objections, contract and filing on the tender page, for whoever may act on them. */
async function awardSection(id, x, user, names) {
  const parts = [];
  const out = h("div", { id: "award-result", "aria-live": "polite" });
  const act = (fn) => actOn(out, fn);
  let award = null;
  try { award = await api("GET", `/tenders/${id}/award`); } catch (e) {
    if (!expected(e, 404)) parts.push(errorBox(e));  // none yet
  }
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
    } catch (e) { parts.push(errorBox(e)); }
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
    } catch (e) { parts.push(errorBox(e)); }
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
    } catch (e) { parts.push(errorBox(e)); }
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
    } catch (e) {
      if (!expected(e, 404)) parts.push(errorBox(e));
    }
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
