// Outsourcing requests (外包项目申请表): the requester's form with the live policy check, the
// approvers' queue and decisions, finance's reference price, procurement's "create tender".
import { h, mount } from "../dom.js";
import { t, money, dateTime } from "../i18n.js";
import { api, session } from "../api.js";
import { act, errorBox } from "../ui.js";

const statuses = ["draft", "submitted", "approved", "returned", "rejected", "priced", "tendered"];
// What each role works on first when it opens the list.
const queue = { approver: "submitted", finance: "approved", procurement: "priced" };

function field(id, label, control) {
  return [h("label", { for: id }, label), control];
}

/** The policy check shown as the requester chooses a business type. */
function policyNote(policy, key) {
  const type = policy.businessTypes.find((b) => b.key === key);
  if (!type) return "";
  return type.outsourceable ? t("request.outsourceable", { clause: type.clause }) : t("request.notOutsourceable", { clause: type.clause });
}

function requestForm(policy, departments, out, existing) {
  const note = h("p", { id: "policy-check", "aria-live": "polite" });
  const check = (key) => {
    const type = policy.businessTypes.find((b) => b.key === key);
    note.className = type && !type.outsourceable ? "error" : "ok";
    note.textContent = policyNote(policy, key);
  };
  const type = h("select", { id: "rq-type", name: "businessType", onchange: (ev) => check(ev.target.value) },
    ...policy.businessTypes.map((b) => h("option", { value: b.key, selected: existing?.businessType === b.key }, b.name + (b.outsourceable ? "" : " ✕"))));
  const form = h("form", { id: "request-form", class: "stack", onsubmit: act(out, async (f) => {
      const body = {
        title: f.get("title"), scope: f.get("scope"), businessType: f.get("businessType"), mode: f.get("mode"), departmentId: f.get("departmentId"),
        estimatedBudget: { amount: f.get("amount"), currency: "CNY" }, servicePeriod: { start: f.get("start"), end: f.get("end") },
        justification: f.get("justification"), method: f.get("method"),
      };
      if (f.get("selectiveReason")) body.selectiveReason = f.get("selectiveReason");
      const r = existing ? await api("PATCH", `/requests/${existing.id}`, body) : await api("POST", "/requests", body);
      location.hash = `#/requests/${r.id}`;
    }) },
    ...field("rq-title", t("request.title"), h("input", { id: "rq-title", name: "title", required: true, value: existing?.title ?? "" })),
    ...field("rq-type", t("request.businessType"), type), note,
    ...field("rq-mode", t("request.mode"), h("select", { id: "rq-mode", name: "mode" }, ...policy.modes.map((m) => h("option", { value: m, selected: existing?.mode === m }, t("mode." + m))))),
    ...field("rq-department", t("request.department"), h("select", { id: "rq-department", name: "departmentId" },
      ...departments.map((d) => h("option", { value: d.id, selected: (existing?.departmentId ?? session.user?.departmentId) === d.id }, d.label)))),
    ...field("rq-scope", t("request.scope"), h("textarea", { id: "rq-scope", name: "scope", required: true }, existing?.scope ?? "")),
    ...field("rq-amount", t("request.estimatedBudget"), h("input", { id: "rq-amount", name: "amount", inputmode: "decimal", required: true, value: existing?.estimatedBudget.amount ?? "" })),
    ...field("rq-start", t("request.start"), h("input", { id: "rq-start", name: "start", type: "date", required: true, value: existing?.servicePeriod.start ?? "" })),
    ...field("rq-end", t("request.end"), h("input", { id: "rq-end", name: "end", type: "date", required: true, value: existing?.servicePeriod.end ?? "" })),
    ...field("rq-justification", t("request.justification"), h("textarea", { id: "rq-justification", name: "justification", required: true }, existing?.justification ?? "")),
    ...field("rq-method", t("request.method"), h("select", { id: "rq-method", name: "method" }, ...["open", "selective"].map((m) => h("option", { value: m, selected: existing?.method === m }, t("method." + m))))),
    ...field("rq-selective", t("request.selectiveReason"), h("input", { id: "rq-selective", name: "selectiveReason", value: existing?.selectiveReason ?? "" })),
    h("button", { type: "submit", id: "rq-save" }, existing ? t("request.save") : t("request.create")));
  check(type.value);
  return form;
}

/** Departments flattened for a select, indented by depth. */
function flatten(nodes, depth = 0) {
  return nodes.flatMap((d) => [{ id: d.id, label: "\u00a0\u00a0".repeat(depth) + d.name }, ...flatten(d.children || [], depth + 1)]);
}

export async function requestsPage(params) {
  const user = session.user;
  const status = params.get("status") ?? queue[user?.role] ?? "";
  const out = h("div", { id: "request-result", "aria-live": "polite" });
  const list = await api("GET", `/requests?per=100${status ? "&status=" + status : ""}`);
  const filter = h("form", { id: "request-filter", onsubmit: (ev) => { ev.preventDefault(); location.hash = `#/requests?status=${new FormData(ev.target).get("status")}`; } },
    h("label", { for: "rq-status" }, t("request.status")),
    h("select", { id: "rq-status", name: "status" }, h("option", { value: "" }, t("phase.any")), ...statuses.map((s) => h("option", { value: s, selected: s === status }, t("rqstatus." + s)))),
    h("button", { type: "submit" }, t("list.go")));
  const parts = [h("h1", {}, t("request.list")), filter,
    h("table", { id: "requests" }, h("thead", {}, h("tr", {}, ...["title", "status", "estimatedBudget", "updated"].map((k) => h("th", {}, t("request." + k))))),
      h("tbody", {}, list.items.map((r) => h("tr", {}, h("td", {}, h("a", { href: `#/requests/${r.id}` }, r.title)),
        h("td", {}, h("span", { class: "badge" }, t("rqstatus." + r.status))), h("td", {}, money(r.estimatedBudget.amount, r.estimatedBudget.currency)),
        h("td", {}, dateTime(r.updatedAt))))))];
  if (user?.role === "requester") {
    const [policy, departments] = await Promise.all([api("GET", "/outsourcing/policy"), api("GET", "/departments")]);
    parts.push(h("h2", {}, t("request.new")), requestForm(policy, flatten(departments.items), out, null), out);
  }
  if (["auditor", "admin", "approver"].includes(user?.role)) {
    const deviations = await api("GET", "/deviations?per=100");
    parts.push(h("h2", {}, t("deviation.title")), deviations.items.length === 0 ? h("p", { id: "deviations" }, t("deviation.none")) :
      h("table", { id: "deviations" }, h("thead", {}, h("tr", {}, ...["tender", "at", "actor"].map((k) => h("th", {}, t("deviation." + k))))),
        h("tbody", {}, deviations.items.map((d) => h("tr", {}, h("td", {}, h("a", { href: `#/tenders/${d.tenderId}` }, d.tenderTitle)),
          h("td", {}, dateTime(d.detectedAt)), h("td", {}, d.actorName))))));
  }
  return parts;
}

export async function requestPage(id) {
  const user = session.user;
  const r = await api("GET", `/requests/${id}`);
  const out = h("div", { id: "request-result", "aria-live": "polite" });
  const parts = [h("h1", {}, r.title), h("p", { id: "request-status", class: "phase" }, t("rqstatus." + r.status)),
    h("dl", {},
      h("dt", {}, t("request.department")), h("dd", {}, r.departmentName || r.departmentId),
      h("dt", {}, t("request.requester")), h("dd", {}, r.requesterName || r.requesterId),
      h("dt", {}, t("request.businessType")), h("dd", {}, r.businessType),
      h("dt", {}, t("request.mode")), h("dd", {}, t("mode." + r.mode)),
      h("dt", {}, t("request.estimatedBudget")), h("dd", {}, money(r.estimatedBudget.amount, r.estimatedBudget.currency)),
      h("dt", {}, t("request.period")), h("dd", {}, `${r.servicePeriod.start} – ${r.servicePeriod.end}`),
      h("dt", {}, t("request.method")), h("dd", {}, t("method." + r.method), r.selectiveReason ? ` (${r.selectiveReason})` : ""),
      r.referencePrice ? [h("dt", {}, t("request.referencePrice")), h("dd", { id: "reference-price" }, money(r.referencePrice.amount, r.referencePrice.currency), " — ", r.referencePrice.basis)] : null,
      r.tenderId ? [h("dt", {}, t("request.tender")), h("dd", {}, h("a", { id: "request-tender", href: `#/tenders/${r.tenderId}` }, t("request.openTender")))] : null),
    h("h2", {}, t("request.scope")), h("p", {}, r.scope), h("h2", {}, t("request.justification")), h("p", {}, r.justification)];
  if (r.decisions?.length) {
    parts.push(h("h2", {}, t("request.decisions")), h("ol", { id: "decisions" }, r.decisions.map((d) =>
      h("li", {}, t("decision." + d.decision), " — ", d.decidedByName, ", ", dateTime(d.decidedAt), d.reason ? `: ${d.reason}` : ""))));
  }
  const mine = user?.role === "requester" && user.id === r.requesterId;
  if (mine && ["draft", "returned"].includes(r.status)) {
    const [policy, departments] = await Promise.all([api("GET", "/outsourcing/policy"), api("GET", "/departments")]);
    parts.push(h("h2", {}, t("request.edit")), requestForm(policy, flatten(departments.items), out, r),
      h("button", { id: "rq-submit", type: "button", onclick: act(out, () => api("POST", `/requests/${id}/submit`)) }, t("request.submit")));
  }
  if (user?.role === "approver" && r.status === "submitted") {
    parts.push(h("h2", {}, t("request.decide")), h("form", { id: "decision-form", class: "stack", onsubmit: act(out, (f) =>
        api("POST", `/requests/${id}/decision`, { decision: f.get("decision"), reason: f.get("reason") || undefined })) },
      ...field("rq-decision", t("request.decision"), h("select", { id: "rq-decision", name: "decision" }, ...["approved", "returned", "rejected"].map((d) => h("option", { value: d }, t("decision." + d))))),
      ...field("rq-reason", t("request.reason"), h("textarea", { id: "rq-reason", name: "reason" })),
      h("button", { type: "submit", id: "rq-decide" }, t("request.decide"))));
  }
  if (user?.role === "finance" && r.status === "approved") {
    parts.push(h("h2", {}, t("request.referencePrice")), h("form", { id: "price-form", class: "stack", onsubmit: act(out, (f) =>
        api("PUT", `/requests/${id}/reference-price`, { amount: f.get("amount"), currency: "CNY", basis: f.get("basis") })) },
      ...field("rq-price", t("request.referencePrice"), h("input", { id: "rq-price", name: "amount", inputmode: "decimal", required: true })),
      ...field("rq-basis", t("request.basis"), h("textarea", { id: "rq-basis", name: "basis", required: true })),
      h("button", { type: "submit", id: "rq-price-save" }, t("request.setPrice"))));
  }
  if (user?.role === "procurement" && r.status === "priced") {
    parts.push(h("button", { id: "rq-tender", type: "button", onclick: async () => {
        try {
          const tender = await api("POST", `/requests/${id}/tender`);
          location.hash = `#/tenders/${tender.id}/edit`;
        } catch (e) { mount(out, errorBox(e)); }
      } }, t("request.createTender")));
  }
  parts.push(out);
  return parts;
}
