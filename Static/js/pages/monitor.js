// Staff monitors: the legal deadlines (obligations) and the audit log.
import { h, mount } from "../dom.js";
import { t, money, dateTime } from "../i18n.js";
import { api, apiBlob, session } from "../api.js";
import { commitment, randomSalt, bidDocument, verifyReceipt, envelope, parseEnvelope } from "../commitment.js";
import { verifyInclusion, root as merkleRoot } from "../merkle.js";
import { errorBox, live, refresh, expected, act as actOn } from "../ui.js";

/** Procurement, auditors, admins: legal deadlines, overdue and due first. */
export async function obligationsPage(params) {
  const state = params.get("state") || "open";
  const data = await api("GET", `/obligations?state=${encodeURIComponent(state)}&per=100`);
  const filter = h("form", { id: "obligation-filter", onsubmit: (ev) => { ev.preventDefault(); location.hash = `#/obligations?state=${new FormData(ev.target).get("state")}`; } },
    h("label", { for: "state" }, t("obligations.state")),
    h("select", { id: "state", name: "state" }, ...["open", "overdue", "due", "met", "met_late", "all"].map((v) => h("option", { value: v, selected: v === state }, t("obstate." + v)))),
    h("button", { type: "submit" }, t("list.go")));
  const rows = data.items.map((o) => h("tr", { class: "ob-" + o.state },
    h("td", {}, h("span", { class: "badge badge-" + o.state }, t("obstate." + o.state))), h("td", {}, t("obkind." + o.kind)),
    h("td", {}, o.tenderId ? h("a", { href: `#/tenders/${o.tenderId}` }, o.title) : h("a", { href: `#/requests/${o.requestId}` }, o.title)), h("td", {}, dateTime(o.dueAt), " ", o.metAt ? "" : live(o.dueAt)),
    h("td", {}, o.metAt ? dateTime(o.metAt) : "—")));
  return [h("h1", {}, t("obligations.title")), filter, h("p", {}, t("obligations.total", { n: data.metadata.total })),
    h("table", { id: "obligations" }, h("thead", {}, h("tr", {}, ...["state", "kind", "tender", "due", "met"].map((k) => h("th", {}, t("obligations." + k))))), h("tbody", {}, rows))];
}

/** Auditors: the log with filters, the chain check and the public head. */
export async function auditPage(params) {
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
