// The tender page's integrity red flags (docs/DESIGN.md §14), for auditors, approvers,
// procurement and the committee after the reveal deadline: each flag with its evidence readable
// (the price pattern as bars, the two similar passages side by side).
import { h } from "../dom.js";
import { t, money } from "../i18n.js";
import { api } from "../api.js";
import { errorBox, expected } from "../ui.js";
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
        evidence(f, x))))) ];
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
