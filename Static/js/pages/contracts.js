// After the award: the contract ledger (合同台帐), a contract's page (briefing, undertakings,
// changes, scorecard and reviews, payments, termination), finance's approvals, a vendor's annual
// performance and the cost report with its chart.
import { h, mount } from "../dom.js";
import { t, money, dateTime } from "../i18n.js";
import { api, apiBlob, session } from "../api.js";
import { act, errorBox } from "../ui.js";
import { hundredths, format, deduction, grade, reviewTotal } from "../ledger.js";

const statuses = ["active", "completed", "terminated"];
const grades = ["excellent", "good", "pass", "fail"];
const rationales = ["volume_change", "price_variation", "duration_extension", "quality_improvement", "price_reduction", "other"];
const readers = ["procurement", "approver", "finance", "auditor", "admin"];

function field(id, label, control) { return [h("label", { for: id }, label), control]; }

/** The ledger: overdue first; filters; supervisors and vendors see their own. */
export async function ledgerPage(params) {
  const user = session.user;
  const qs = new URLSearchParams({ per: "50" });
  for (const k of ["status", "departmentId", "supervisor"]) if (params.get(k)) qs.set(k, params.get(k));
  const [list, departments] = await Promise.all([api("GET", `/contracts?${qs}`),
    user.role === "vendor" ? Promise.resolve({ items: [] }) : api("GET", "/departments")]);
  const flat = (nodes, depth = 0) => nodes.flatMap((d) => [{ id: d.id, label: "\u00a0\u00a0".repeat(depth) + d.name }, ...flat(d.children || [], depth + 1)]);
  const filter = h("form", { id: "ledger-filter", onsubmit: (ev) => {
      ev.preventDefault();
      const f = new FormData(ev.target);
      const q = new URLSearchParams();
      for (const k of ["status", "departmentId", "supervisor"]) if (f.get(k)) q.set(k, f.get(k));
      location.hash = `#/contracts?${q}`;
    } },
    ...field("ledger-status", t("ledger.status"), h("select", { id: "ledger-status", name: "status" }, h("option", { value: "" }, t("phase.any")),
      ...statuses.map((s) => h("option", { value: s, selected: s === params.get("status") }, t("cstatus." + s))))),
    user.role === "vendor" ? null : field("ledger-department", t("request.department"), h("select", { id: "ledger-department", name: "departmentId" },
      h("option", { value: "" }, t("phase.any")), ...flat(departments.items).map((d) => h("option", { value: d.id, selected: d.id === params.get("departmentId") }, d.label)))),
    readers.includes(user.role) ? h("label", { class: "check" }, h("input", { type: "checkbox", name: "supervisor", value: "me", checked: params.get("supervisor") === "me" }), " ", t("ledger.mine")) : null,
    h("button", { type: "submit" }, t("list.go")));
  return [h("h1", {}, t("ledger.title")), filter, h("p", {}, t("obligations.total", { n: list.metadata.total })),
    h("table", { id: "ledger" }, h("thead", {}, h("tr", {}, ...["tender", "vendor", "status", "current", "paid", "period"].map((k) => h("th", {}, t("ledger.col." + k))))),
      h("tbody", {}, list.items.map((c) => h("tr", { class: c.overdue ? "ob-overdue" : "" },
        h("td", {}, c.overdue ? h("span", { class: "badge badge-overdue" }, t("obstate.overdue")) : null, " ", h("a", { href: `#/contracts/${c.id}` }, c.tenderTitle)),
        h("td", {}, c.vendorName), h("td", {}, t("cstatus." + c.status)), h("td", {}, money(c.currentAmount, c.currency)),
        h("td", {}, money(c.paidAmount, c.currency)), h("td", {}, `${c.servicePeriod.start} – ${c.servicePeriod.end}`)))))];
}

export async function contractPage(id) {
  const user = session.user;
  const [c, policy] = await Promise.all([api("GET", `/contracts/${id}`), api("GET", "/outsourcing/policy")]);
  const out = h("div", { id: "contract-result", "aria-live": "polite" });
  const open = c.status === "active";
  const supervisor = user.id === c.supervisorId;
  const procurement = user.role === "procurement";
  const parts = [h("h1", {}, c.tenderTitle), h("p", { id: "contract-status", class: "phase" }, t("cstatus." + c.status)),
    h("dl", {},
      h("dt", {}, t("ledger.col.vendor")), h("dd", {}, c.vendorName, " ", h("a", { href: `#/performance/${c.vendorId}` }, t("perf.link"))),
      h("dt", {}, t("ledger.original")), h("dd", {}, money(c.originalAmount, c.currency)),
      h("dt", {}, t("ledger.col.current")), h("dd", { id: "current-amount" }, money(c.currentAmount, c.currency)),
      h("dt", {}, t("ledger.col.paid")), h("dd", { id: "paid-amount" }, money(c.paidAmount, c.currency)),
      h("dt", {}, t("ledger.col.period")), h("dd", {}, `${c.servicePeriod.start} – ${c.servicePeriod.end}`),
      h("dt", {}, t("ledger.tender")), h("dd", {}, h("a", { href: `#/tenders/${c.tenderId}` }, c.tenderTitle))), out];

  // Briefing (交底记录), signed by both sides.
  parts.push(h("h2", {}, t("ledger.briefing")), h("p", { id: "briefing-state" },
    c.briefing.acknowledgedAt ? t("ledger.briefingSigned", { at: dateTime(c.briefing.acknowledgedAt) })
      : c.briefing.briefedAt ? t("ledger.briefingWaiting") : t("ledger.briefingNone")), c.briefing.notes ? h("p", {}, c.briefing.notes) : null);
  if (open && procurement && !c.briefing.acknowledgedAt) {
    parts.push(h("form", { id: "briefing-form", class: "stack", onsubmit: act(out, (f) => api("POST", `/contracts/${id}/briefing`, { notes: f.get("notes") })) },
      ...field("briefing-notes", t("ledger.briefingNotes"), h("textarea", { id: "briefing-notes", name: "notes", required: true }, c.briefing.notes ?? "")),
      h("button", { type: "submit", id: "briefing-save" }, t("ledger.brief"))));
  }
  if (open && supervisor && c.briefing.briefedAt && !c.briefing.acknowledgedAt) {
    parts.push(h("button", { id: "briefing-ack", type: "button", onclick: act(out, () => api("POST", `/contracts/${id}/briefing/acknowledgement`)) }, t("ledger.acknowledge")));
  }

  // Undertakings (禁止转包或分包, 保密).
  const given = new Set((c.undertakings ?? []).map((u) => u.kind));
  parts.push(h("h2", {}, t("ledger.undertakings")), h("ul", { id: "undertakings" }, ["no_subcontracting", "confidentiality"].map((k) =>
    h("li", {}, t("undertaking." + k), " — ", given.has(k) ? t("ledger.given")
      : user.role === "vendor" && open ? h("button", { type: "button", class: "undertake", "data-kind": k, onclick: act(out, () => api("POST", `/contracts/${id}/undertakings`, { kind: k })) }, t("ledger.give"))
      : t("ledger.missing")))));

  // Scorecard and reviews (考核), the grade shown as the supervisor types.
  parts.push(h("h2", {}, t("ledger.reviews")));
  if (c.scorecard) {
    parts.push(h("p", {}, t("ledger.cadence." + c.scorecard.period), ": ", c.scorecard.criteria.map((k) => `${k.name} ${k.maxPoints}`).join(" · ")));
  }
  if (open && procurement && !(c.reviews ?? []).length) {
    const rows = h("div", { id: "scorecard-rows" });
    let n = 0;
    const addRow = (key = "", name = "", points = "") => {
      n += 1;
      rows.append(h("div", { class: "row" },
        ...field(`sc-key-${n}`, t("ledger.scKey"), h("input", { id: `sc-key-${n}`, class: "sc-key", value: key })),
        ...field(`sc-name-${n}`, t("ledger.scName"), h("input", { id: `sc-name-${n}`, class: "sc-name", value: name })),
        ...field(`sc-points-${n}`, t("ledger.scPoints"), h("input", { id: `sc-points-${n}`, class: "sc-points", inputmode: "numeric", value: points }))));
    };
    for (const k of c.scorecard?.criteria ?? []) addRow(k.key, k.name, k.maxPoints);
    if (!n) addRow();
    parts.push(h("form", { id: "scorecard-form", class: "stack", onsubmit: act(out, (f, form) => api("PUT", `/contracts/${id}/scorecard`, {
        period: f.get("period"),
        criteria: [...form.querySelectorAll(".row")].map((r) => ({ key: r.querySelector(".sc-key").value, name: r.querySelector(".sc-name").value,
          maxPoints: Number(r.querySelector(".sc-points").value) })),
      })) },
      ...field("sc-period", t("ledger.cadence"), h("select", { id: "sc-period", name: "period" }, ...["month", "quarter"].map((p) => h("option", { value: p, selected: c.scorecard?.period === p }, t("ledger.cadence." + p))))),
      rows, h("button", { type: "button", id: "sc-add", onclick: () => addRow() }, t("ledger.scAdd")),
      h("button", { type: "submit", id: "scorecard-save" }, t("ledger.scSave"))));
  }
  parts.push(h("table", { id: "reviews" }, h("thead", {}, h("tr", {}, ...["period", "total", "grade", "satisfaction"].map((k) => h("th", {}, t("ledger.rv." + k))))),
    h("tbody", {}, (c.reviews ?? []).map((r) => h("tr", {}, h("td", {}, r.period), h("td", {}, r.total), h("td", {}, h("span", { class: "badge grade-" + r.grade }, t("grade." + r.grade))),
      h("td", {}, r.satisfaction ?? "—"))))));
  if (open && supervisor && c.scorecard) {
    const preview = h("p", { id: "review-preview", "aria-live": "polite" });
    const inputs = c.scorecard.criteria.map((k) => h("input", { id: `rv-${k.key}`, class: "rv-score", "data-key": k.key, inputmode: "decimal", required: true }));
    const update = () => {
      const r = reviewTotal(c.scorecard.criteria, Object.fromEntries(inputs.map((i) => [i.dataset.key, i.value])));
      preview.className = r.problem ? "error" : "ok";
      preview.textContent = r.problem === "range" ? t("ledger.rvRange", { key: r.key }) : r.problem ? t("ledger.rvIncomplete")
        : t("ledger.rvPreview", { total: format(r.total), grade: t("grade." + grade(r.total, policy.grades)) });
    };
    inputs.forEach((i) => i.addEventListener("input", update));
    parts.push(h("form", { id: "review-form", class: "stack", onsubmit: act(out, (f) => api("POST", `/contracts/${id}/reviews`, {
        period: f.get("period"), notes: f.get("notes") || undefined,
        satisfaction: f.get("satisfaction") ? Number(f.get("satisfaction")) : undefined,
        scores: Object.fromEntries(inputs.map((i) => [i.dataset.key, Number(i.value)])),
      })) },
      ...field("rv-period", t("ledger.rv.period"), h("input", { id: "rv-period", name: "period", required: true, placeholder: c.scorecard.period === "month" ? "2026-11" : "2026-Q4" })),
      ...c.scorecard.criteria.flatMap((k, i) => field(`rv-${k.key}`, `${k.name} (0–${k.maxPoints})`, inputs[i])),
      ...field("rv-satisfaction", t("ledger.rv.satisfaction"), h("input", { id: "rv-satisfaction", name: "satisfaction", inputmode: "decimal" })),
      ...field("rv-notes", t("ledger.rvNotes"), h("textarea", { id: "rv-notes", name: "notes" })),
      preview, h("button", { type: "submit", id: "review-save" }, t("ledger.rvSave"))));
    update();
  }

  // Payments (付款审批): the deduction computed before the request is sent.
  parts.push(h("h2", {}, t("ledger.payments")));
  if (c.paymentTerms) {
    parts.push(h("p", { id: "payment-terms" }, t("ledger.installment", { amount: money(c.paymentTerms.installment.amount, c.currency) }), " ",
      grades.map((g) => `${t("grade." + g)} −${c.paymentTerms.deductions[g]}%`).join(" · ")));
  }
  if (open && procurement) {
    parts.push(h("form", { id: "terms-form", class: "stack", onsubmit: act(out, (f) => api("PUT", `/contracts/${id}/payment-terms`, {
        installment: { amount: f.get("installment"), currency: c.currency },
        deductions: Object.fromEntries(grades.map((g) => [g, f.get("d-" + g)])),
      })) },
      ...field("terms-installment", t("ledger.installmentLabel"), h("input", { id: "terms-installment", name: "installment", inputmode: "decimal", required: true, value: c.paymentTerms?.installment.amount ?? "" })),
      ...grades.flatMap((g) => field(`terms-${g}`, t("ledger.deductionFor", { grade: t("grade." + g) }),
        h("input", { id: `terms-${g}`, name: "d-" + g, inputmode: "decimal", required: true, value: c.paymentTerms?.deductions[g] ?? "0" }))),
      h("button", { type: "submit", id: "terms-save" }, t("ledger.termsSave"))));
  }
  parts.push(h("table", { id: "payments" }, h("thead", {}, h("tr", {}, ...["period", "grade", "installment", "deduction", "payable", "status", "action"].map((k) => h("th", {}, t("ledger.pay." + k))))),
    h("tbody", {}, (c.payments ?? []).map((p) => h("tr", {}, h("td", {}, p.period), h("td", {}, t("grade." + p.grade)), h("td", {}, p.installment),
      h("td", {}, `${p.deduction} (${p.deductionPercent}%)`), h("td", {}, p.payable), h("td", {}, t("pstatus." + p.status)),
      h("td", {}, p.status === "pending" && user.role === "finance" ? paymentButtons(p, out) : null))))));
  if (open && (supervisor || procurement) && c.paymentTerms) {
    const paid = new Set((c.payments ?? []).map((p) => p.period));
    const reviewed = (c.reviews ?? []).filter((r) => !paid.has(r.period));
    const preview = h("p", { id: "payment-preview", "aria-live": "polite" });
    const select = h("select", { id: "pay-period", name: "period", onchange: () => show() }, ...reviewed.map((r) => h("option", { value: r.period }, r.period)));
    const show = () => {
      const r = reviewed.find((x) => x.period === select.value);
      if (!r) { preview.textContent = t("ledger.payNothing"); return; }
      const installment = hundredths(c.paymentTerms.installment.amount);
      const d = deduction(installment, hundredths(c.paymentTerms.deductions[r.grade]));
      preview.textContent = t("ledger.payPreview", { grade: t("grade." + r.grade), deduction: format(d), payable: format(installment - d) });
    };
    parts.push(h("form", { id: "payment-form", class: "stack", onsubmit: act(out, (f) => api("POST", `/contracts/${id}/payments`, { period: f.get("period") })) },
      ...field("pay-period", t("ledger.pay.period"), select), preview, h("button", { type: "submit", id: "payment-request", disabled: !reviewed.length }, t("ledger.payRequest"))));
    show();
  }

  // Changes (变更) and termination (提前终止, 清算).
  parts.push(h("h2", {}, t("ledger.changes")), h("ul", { id: "changes" }, (c.changes ?? []).map((ch) => h("li", {}, t("rationale." + ch.rationale), ": ", ch.description,
    ch.amountDelta ? ` (${ch.amountDelta})` : "", ch.newEndDate ? ` → ${ch.newEndDate}` : "", " — ", t("pstatus." + ch.status), ch.reason ? `: ${ch.reason}` : "",
    ch.status === "pending" && user.role === "approver" && open ? changeForm(id, ch, out) : null))));
  if (open && procurement) {
    parts.push(h("form", { id: "change-form", class: "stack", onsubmit: act(out, (f) => api("POST", `/contracts/${id}/changes`, {
        rationale: f.get("rationale"), description: f.get("description"), amountDelta: f.get("amountDelta") || undefined, newEndDate: f.get("newEndDate") || undefined,
      })) },
      ...field("ch-rationale", t("ledger.rationale"), h("select", { id: "ch-rationale", name: "rationale" }, ...rationales.map((r) => h("option", { value: r }, t("rationale." + r))))),
      ...field("ch-description", t("ledger.chDescription"), h("textarea", { id: "ch-description", name: "description", required: true })),
      ...field("ch-delta", t("ledger.chDelta"), h("input", { id: "ch-delta", name: "amountDelta", inputmode: "decimal" })),
      ...field("ch-end", t("ledger.chEnd"), h("input", { id: "ch-end", name: "newEndDate", type: "date" })),
      h("button", { type: "submit", id: "change-save" }, t("ledger.chSave"))),
    h("h2", {}, t("ledger.termination")), h("form", { id: "termination-form", class: "stack", onsubmit: act(out, (f) => api("POST", `/contracts/${id}/termination`, {
        kind: f.get("kind"), reason: f.get("reason") || undefined, settlementAmount: f.get("settlement"),
      })) },
      ...field("tm-kind", t("ledger.tmKind"), h("select", { id: "tm-kind", name: "kind" }, ...["completed", "early"].map((k) => h("option", { value: k }, t("termination." + k))))),
      ...field("tm-reason", t("ledger.tmReason"), h("textarea", { id: "tm-reason", name: "reason" })),
      ...field("tm-settlement", t("ledger.tmSettlement"), h("input", { id: "tm-settlement", name: "settlement", inputmode: "decimal", required: true })),
      h("button", { type: "submit", id: "termination-save", class: "danger" }, t("ledger.tmSave"))));
  }
  if (c.termination) parts.push(h("p", { id: "termination" }, t("termination." + c.termination.kind), " ", dateTime(c.termination.at), " — ", money(c.termination.settlementAmount, c.currency), c.termination.reason ? `: ${c.termination.reason}` : ""));
  return parts;
}

function paymentButtons(p, out) {
  return [h("button", { type: "button", class: "approve-payment", "data-payment": p.id, onclick: act(out, () => api("POST", `/payments/${p.id}/decision`, { decision: "approved" })) }, t("ledger.approve")),
    " ", h("button", { type: "button", class: "reject-payment danger", "data-payment": p.id, onclick: act(out, () => api("POST", `/payments/${p.id}/decision`, { decision: "rejected" })) }, t("ledger.reject"))];
}

function changeForm(id, ch, out) {
  return h("form", { class: "change-decision", "data-change": ch.id, onsubmit: act(out, (f) => api("POST", `/contracts/${id}/changes/${ch.id}/decision`, { decision: f.get("decision"), reason: f.get("reason") })) },
    h("label", { for: `chd-${ch.id}` }, t("request.decision")), h("select", { id: `chd-${ch.id}`, name: "decision" }, ...["approved", "rejected"].map((d) => h("option", { value: d }, t("pstatus." + d)))),
    h("label", { for: `chr-${ch.id}` }, t("request.reason")), h("input", { id: `chr-${ch.id}`, name: "reason", required: true }),
    h("button", { type: "submit" }, t("request.decide")));
}

/** Finance: the payments waiting for a decision, oldest first. */
export async function paymentsPage(params) {
  const status = params.get("status") ?? "pending";
  const list = await api("GET", `/payments?per=100${status ? "&status=" + status : ""}`);
  const out = h("div", { id: "payments-result", "aria-live": "polite" });
  return [h("h1", {}, t("ledger.approvals")), out, h("table", { id: "payment-queue" },
    h("thead", {}, h("tr", {}, ...["tender", "vendor", "period", "grade", "payable", "status", "action"].map((k) => h("th", {}, t("ledger.pq." + k))))),
    h("tbody", {}, list.items.map(({ payment: p, tenderTitle, vendorName }) => h("tr", {}, h("td", {}, h("a", { href: `#/contracts/${p.contractId}` }, tenderTitle)),
      h("td", {}, vendorName), h("td", {}, p.period), h("td", {}, t("grade." + p.grade)), h("td", {}, p.payable), h("td", {}, t("pstatus." + p.status)),
      h("td", {}, p.status === "pending" && session.user.role === "finance" ? paymentButtons(p, out) : null)))))];
}

/** A vendor's annual evaluation (年度考评). */
export async function performancePage(vendorId, params) {
  const year = params.get("year") || String(new Date().getUTCFullYear());
  const s = await api("GET", `/vendors/${vendorId}/performance?year=${encodeURIComponent(year)}`);
  const form = h("form", { id: "perf-filter", onsubmit: (ev) => { ev.preventDefault(); location.hash = `#/performance/${vendorId}?year=${new FormData(ev.target).get("year")}`; } },
    ...field("perf-year", t("perf.year"), h("input", { id: "perf-year", name: "year", inputmode: "numeric", value: year })), h("button", { type: "submit" }, t("list.go")));
  return [h("h1", {}, t("perf.title")), form,
    h("p", { id: "perf-summary" }, s.reviews ? t("perf.summary", { n: s.reviews, average: s.average, grade: t("grade." + s.grade) }) : t("perf.none")),
    h("table", { id: "perf-reviews" }, h("thead", {}, h("tr", {}, ...["period", "total", "grade"].map((k) => h("th", {}, t("ledger.rv." + k))))),
      h("tbody", {}, s.items.map((r) => h("tr", {}, h("td", {}, r.period), h("td", {}, r.total), h("td", {}, t("grade." + r.grade))))))];
}

/** The cost report with a bar chart per department (budget, awarded, paid, withheld). */
export async function costsPage(params) {
  const year = params.get("year") || "";
  const [report, departments] = await Promise.all([api("GET", `/reports/costs${year ? "?year=" + encodeURIComponent(year) : ""}`), api("GET", "/departments")]);
  const names = new Map();
  const walk = (nodes) => nodes.forEach((d) => { names.set(d.id, d.name); walk(d.children || []); });
  walk(departments.items);
  const series = ["budget", "awarded", "paid", "withheld"];
  const max = Math.max(1, ...report.departments.flatMap((d) => series.map((k) => Number(d[k]))));
  const svg = "http://www.w3.org/2000/svg";
  const el = (tag, attrs) => { const e = document.createElementNS(svg, tag); for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v)); return e; };
  const rowH = 16, groupH = rowH * series.length + 14, width = 360;
  const chart = el("svg", { id: "cost-chart", viewBox: `0 0 ${width + 140} ${Math.max(1, report.departments.length) * groupH}`, role: "img", "aria-label": t("costs.chart") });
  report.departments.forEach((d, i) => {
    const y0 = i * groupH;
    const label = el("text", { x: 0, y: y0 + 12, class: "chart-label" });
    label.textContent = names.get(d.departmentId) ?? t("costs.noDepartment");
    chart.append(label);
    series.forEach((k, j) => {
      const w = Math.round((Number(d[k]) / max) * width);
      const bar = el("rect", { x: 130, y: y0 + j * rowH + 2, width: Math.max(1, w), height: rowH - 4, class: "bar bar-" + k });
      const title = el("title", {});
      title.textContent = `${t("costs." + k)}: ${d[k]}`;
      bar.append(title);
      chart.append(bar);
    });
  });
  const legend = h("p", { class: "legend" }, series.map((k) => h("span", { class: "legend-" + k }, "■ ", t("costs." + k), " ")));
  const form = h("form", { id: "costs-filter", onsubmit: (ev) => { ev.preventDefault(); location.hash = `#/costs?year=${new FormData(ev.target).get("year")}`; } },
    ...field("costs-year", t("perf.year"), h("input", { id: "costs-year", name: "year", inputmode: "numeric", value: year })), h("button", { type: "submit" }, t("list.go")));
  const cols = ["referencePrice", "budget", "awarded", "currentAmount", "paid", "withheld", "savings", "rewardCap"];
  return [h("h1", {}, t("costs.title")), form, chart, legend,
    h("table", { id: "costs" }, h("thead", {}, h("tr", {}, h("th", {}, t("request.department")), h("th", {}, t("costs.contracts")), ...cols.map((k) => h("th", {}, t("costs." + k))))),
      h("tbody", {}, report.departments.map((d) => h("tr", {}, h("td", {}, names.get(d.departmentId) ?? t("costs.noDepartment")), h("td", {}, d.contracts), ...cols.map((k) => h("td", {}, d[k])))))),
    h("p", {}, h("a", { id: "costs-csv", href: "#", onclick: async (ev) => {
      ev.preventDefault();
      const blob = await apiBlob(`/reports/costs?format=csv${year ? "&year=" + encodeURIComponent(year) : ""}`);
      const a = h("a", { href: URL.createObjectURL(blob), download: "costs.csv" });
      document.body.append(a); a.click(); a.remove();
    } }, t("costs.csv")))];
}
