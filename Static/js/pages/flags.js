// Integrity red flags (docs/DESIGN.md §14). The tender page's panel, for auditors, approvers,
// procurement and the committee after the reveal deadline: each flag with its evidence readable
// (the price pattern as bars, the two similar passages side by side). The page across tenders
// (#/red-flags) for auditors, approvers and procurement: filtered, paged, dismissed by auditors.
import { h } from "../dom.js";
import { t, money, dateTime } from "../i18n.js";
import { api, session } from "../api.js";
import { act, errorBox, expected } from "../ui.js";
import { priceBars, ordered } from "../redflags.js";

const readers = ["auditor", "approver", "procurement", "evaluator"];

export async function flagsPanel(id, x, user, names) {
  if (!user || !readers.includes(user.role) || new Date(x.revealDeadline) > new Date() || x.status === "draft") return [];
  let flags;
  try { flags = (await api("GET", `/tenders/${id}/red-flags`)).items; } catch (e) {
    return expected(e, 403, 404) ? [] : [errorBox(e)];
  }
  const who = (f) => f.vendorIds.map((v) => names.get(v) ?? v.slice(0, 8)).join(", ");
  return [h("section", { id: "red-flags", "aria-labelledby": "red-flags-title" },
    h("h2", { id: "red-flags-title" }, t("flags.title")),
    h("p", { class: "note" }, t("flags.explain")),
    flags.length === 0 ? h("p", { id: "flags-none" }, t("flags.none"))
      : h("ul", { id: "flag-list" }, ordered(flags).map((f) => h("li", { class: `flag flag-${f.severity}`, "data-code": f.code },
        h("p", {}, h("strong", {}, t("flag." + f.code)), " ", h("span", { class: "severity" }, t("flags.severity." + f.severity)),
          f.vendorIds.length ? " — " + who(f) : ""),
        evidence(f, x),
        dismissal(f, user, (reason) => api("POST", `/tenders/${id}/red-flags/dismissals`, { key: f.key, reason })))))) ];
}

/** A flag's dismissal, or (for an auditor, on an open flag) the form that dismisses it. */
function dismissal(f, user, post) {
  const d = f.dismissal;
  const open = (f.status ?? (d ? "dismissed" : "open")) === "open";
  const shown = d ? h("p", { class: open ? "flag-reopened" : "flag-dismissed" },
    t(open ? "flags.reopened" : "flags.dismissed", { at: dateTime(d.at), reason: d.reason })) : null;
  if (!open || user?.role !== "auditor") return shown;
  const out = h("p", { class: "out" });
  return [shown, h("form", { class: "dismiss-flag", onsubmit: act(out, (data) => post(data.get("reason"))) },
    h("input", { name: "reason", required: true, maxlength: 2000, "aria-label": t("flags.reason"), placeholder: t("flags.reason") }), " ",
    h("button", { type: "submit" }, t("flags.dismiss")), out)];
}

let lastRefresh = null;  // the outcome of the auditor's refresh, shown once on the page it re-renders

const crossCodes = ["bid_rotation", "department_concentration", "shared_registration"];

/** Red flags across tenders: auditors, approvers and procurement; open ones first by default. */
export async function crossFlagsPage(params) {
  const user = session.user;
  const status = params.get("status") ?? "open";
  const pageNo = Math.max(1, Number(params.get("page")) || 1);
  const qs = new URLSearchParams({ per: "20", page: String(pageNo) });
  if (status !== "all") qs.set("status", status);
  for (const k of ["code", "departmentId", "vendorId"]) if (params.get(k)) qs.set(k, params.get(k));
  const [list, departments] = await Promise.all([api("GET", `/red-flags?${qs}`), api("GET", "/departments")]);
  const flat = (nodes, depth = 0) => nodes.flatMap((d) => [{ id: d.id, name: d.name, label: "\u00a0\u00a0".repeat(depth) + d.name }, ...flat(d.children || [], depth + 1)]);
  const deps = flat(departments.items);
  const departmentName = new Map(deps.map((d) => [d.id, d.name]));
  const link = (changes) => {
    const q = new URLSearchParams(params);
    q.delete("page");
    for (const [k, v] of Object.entries(changes)) { if (v) q.set(k, v); else q.delete(k); }
    return `#/red-flags?${q}`;
  };
  const filter = h("form", { id: "flags-filter", onsubmit: (ev) => {
      ev.preventDefault();
      const f = new FormData(ev.target);
      const q = new URLSearchParams();
      for (const k of ["code", "status", "departmentId"]) if (f.get(k)) q.set(k, f.get(k));
      if (params.get("vendorId")) q.set("vendorId", params.get("vendorId"));
      location.hash = `#/red-flags?${q}`;
    } },
    h("label", { for: "flags-code" }, t("xflags.code")), h("select", { id: "flags-code", name: "code" }, h("option", { value: "" }, t("phase.any")),
      ...crossCodes.map((c) => h("option", { value: c, selected: c === params.get("code") }, t("flag." + c)))),
    h("label", { for: "flags-status" }, t("xflags.status")), h("select", { id: "flags-status", name: "status" },
      ...["open", "dismissed", "all"].map((s) => h("option", { value: s, selected: s === status }, t("xflags.status." + s)))),
    h("label", { for: "flags-department" }, t("request.department")), h("select", { id: "flags-department", name: "departmentId" },
      h("option", { value: "" }, t("phase.any")), ...deps.map((d) => h("option", { value: d.id, selected: d.id === params.get("departmentId") }, d.label))),
    h("button", { type: "submit" }, t("list.go")));
  const vendorName = params.get("vendorId") ? list.items.flatMap((f) => f.vendors).find((v) => v.id === params.get("vendorId"))?.name : null;
  const out = h("p", { class: "out" });
  const refreshed = lastRefresh;
  lastRefresh = null;
  const pages = Math.max(1, Math.ceil(list.metadata.total / list.metadata.per));
  return [h("h1", {}, t("xflags.title")), h("p", { class: "note" }, t("xflags.explain")),
    h("p", { id: "flags-refreshed" }, list.refreshedAt ? t("xflags.refreshedAt", { at: dateTime(list.refreshedAt) }) : t("xflags.never"),
      user.role === "auditor" ? [" ", h("button", { type: "button", id: "flags-refresh", onclick: act(out, async () => {
        lastRefresh = await api("POST", "/red-flags/refresh");
      }) }, t("xflags.refresh"))] : null),
    refreshed ? h("p", { id: "flags-refresh-out" }, t("xflags.refreshed", refreshed)) : null,
    out, filter,
    params.get("vendorId") ? h("p", { id: "flags-vendor" }, t("xflags.vendor", { name: vendorName ?? params.get("vendorId").slice(0, 8) }), " ",
      h("a", { href: link({ vendorId: null }) }, t("xflags.allVendors"))) : null,
    h("p", { id: "flags-total" }, t("xflags.total", { n: list.metadata.total })),
    list.items.length === 0 ? h("p", { id: "flags-none" }, t("xflags.none"))
      : h("ul", { id: "cross-flag-list" }, list.items.map((f) => h("li", { class: `flag flag-${f.severity}`, "data-code": f.code, "data-key": f.key },
        h("p", {}, h("strong", {}, t("flag." + f.code)), " ", h("span", { class: "severity" }, t("flags.severity." + f.severity)),
          f.departmentId ? [" — ", h("a", { href: link({ departmentId: f.departmentId }) }, departmentName.get(f.departmentId) ?? f.departmentId.slice(0, 8))] : null),
        h("p", { class: "flag-vendors" }, t("xflags.vendors"), " ",
          ...f.vendors.flatMap((v, i) => [i ? ", " : null, h("a", { href: link({ vendorId: v.id }) }, v.name || v.id.slice(0, 8))])),
        crossEvidence(f),
        h("details", { class: "flag-tenders" }, h("summary", {}, t("xflags.tenders", { n: f.tenders.length })),
          h("ol", {}, f.tenders.map((x) => h("li", {}, h("a", { href: `#/tenders/${x.id}` }, x.name || x.id.slice(0, 8)))))),
        dismissal(f, user, (reason) => api("POST", "/red-flags/dismissals", { key: f.key, reason }))))),
    pages > 1 ? h("nav", { id: "flags-pages", "aria-label": t("xflags.pages") }, ...Array.from({ length: pages }, (_, i) => i + 1)
      .filter((n) => n === 1 || n === pages || Math.abs(n - pageNo) <= 3)
      .map((n) => h("a", { href: `${link({})}&page=${n}`, "aria-current": n === pageNo ? "page" : null }, String(n)))) : null];
}

function crossEvidence(f) {
  const e = f.evidence ?? {};
  const name = new Map(f.vendors.map((v) => [v.id, v.name || v.id.slice(0, 8)]));
  switch (f.code) {
    case "bid_rotation": return h("p", {}, t("xflags.winners", { list: (e.winners ?? []).map((w) => name.get(w) ?? w.slice(0, 8)).join(" → ") }));
    case "department_concentration": return h("p", {}, t("xflags.concentration", { wins: e.wins, awards: e.awards }));
    case "shared_registration": return h("p", {}, t("flags.sharedField." + e.field));
    default: return null;
  }
}

function evidence(f, x) {
  const e = f.evidence ?? {};
  switch (f.code) {
    case "price_pattern": return [h("p", {}, t("flags.pattern." + e.kind), " ", (e.steps ?? []).map((s) => money(s, x.budget.currency)).join(" / ")), bars(e.prices ?? [], x)];
    case "identical_prices": return h("p", {}, money(e.price, x.budget.currency));
    case "similar_documents": return [h("p", {}, t("flags.similarity", { s: e.similarity })),
      h("div", { class: "passages" }, (e.passages ?? []).map((p) => h("blockquote", { class: "passage" }, p)))];
    case "shared_origin": return h("p", {}, t("flags.sameOrigin"));
    case "shared_registration": return h("p", {}, t("flags.sharedField." + e.field));
    case "lowest_bid_disqualified": return h("p", {}, money(e.price, x.budget.currency));
    case "minimum_period": return h("p", {}, t("flags.minimumPeriod", { deadline: e.submissionDeadline, earliest: e.earliestAllowed }));
    case "late_amendment": return h("p", {}, t("flags.lateAmendment", { n: e.amendment, from: e.from, to: e.to }));
    default: return null;
  }
}

function bars(prices, x) {
  const svg = "http://www.w3.org/2000/svg";
  const el = (tag, attrs, text) => { const n = document.createElementNS(svg, tag); for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v)); if (text) n.textContent = text; return n; };
  const geometry = priceBars(prices, 260);
  const chart = el("svg", { class: "price-bars", viewBox: `0 0 420 ${geometry.length * 24}`, role: "img", "aria-label": t("flags.chart") });
  for (const b of geometry) {
    chart.append(el("rect", { x: b.x, y: b.y, width: b.width, height: b.height, class: "bar-awarded" }));
    chart.append(el("text", { x: b.width + 6, y: b.y + 13, class: "chart-label" }, money(b.label, x.budget.currency)));
  }
  return chart;
}
