// Everyone, once the award is published: the anonymized scoresheets, bid by bid, member by member.
import { h } from "../dom.js";
import { t, money } from "../i18n.js";
import { api } from "../api.js";

export async function sheetsPage(id) {
  const [x, data, commitments] = await Promise.all([api("GET", `/tenders/${id}`), api("GET", `/tenders/${id}/evaluation/scoresheets`),
    api("GET", `/tenders/${id}/commitments`)]);
  const names = new Map(commitments.commitments.map((e) => [e.vendorId, e.vendorName]));
  const scored = data.criteria.filter((c) => c.type === "scored");
  const quals = data.criteria.filter((c) => c.type === "qualification");
  const member = (label) => t("sheets.member", { n: label.replace(/^Member /, "") });
  const byBid = new Map();
  for (const s of data.sheets) byBid.set(s.bidId, [...(byBid.get(s.bidId) ?? []), s]);
  const sections = data.ranking.filter((r) => byBid.has(r.bidId)).map((r) => h("section", { class: "sheet", "data-bid": r.bidId },
    h("h2", {}, t("sheets.bid", { rank: r.rank ?? "—", vendor: names.get(r.vendorId) ?? r.vendorId }), " ", r.price ? money(r.price, x.budget.currency) : "", " — ", t("result.total"), " ", r.total ?? "—"),
    h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, t("sheets.memberCol")), ...quals.map((q) => h("th", {}, q.name)), ...scored.map((c) => h("th", {}, `${c.name} (0–${c.maxScore})`)))),
      h("tbody", {}, byBid.get(r.bidId).map((s) => h("tr", {}, h("td", {}, member(s.member)),
        ...quals.map((q) => h("td", {}, s.qualification[q.key] ? "✓" : "✗")), ...scored.map((c) => h("td", {}, s.scores[c.key] ?? "—"))))))));
  return [h("h1", {}, t("sheets.title"), " — ", x.title),
    h("p", {}, t("sheets.explain", { n: data.members.length, trim: data.trimExtremesFrom })),
    h("p", {}, h("a", { href: `#/tenders/${id}` }, t("sheets.back"))), ...sections];
}
