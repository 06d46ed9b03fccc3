// A committee member's page: the declaration of conflicts, the scoresheets, and the chair's finalize.
import { h, mount } from "../dom.js";
import { t, money, dateTime } from "../i18n.js";
import { api, apiBlob, session } from "../api.js";
import { commitment, randomSalt, bidDocument, verifyReceipt, envelope, parseEnvelope } from "../commitment.js";
import { verifyInclusion, root as merkleRoot } from "../merkle.js";
import { errorBox, live, refresh, expected, act as actOn } from "../ui.js";

/** Committee members: declaration, the scoresheet grid (ranges enforced while typing), progress, finalize for the chair. */
export async function scorePage(id) {
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
    try { list = (await api("GET", `/tenders/${id}/commitments`)).commitments; } catch (e) {
      if (!expected(e, 403)) throw e;  // sealed before the deadline
    }
    parts.push(h("h2", {}, t("score.declare")), h("form", { id: "declare-form", onsubmit: async (e) => {
        e.preventDefault();
        const conflicts = [...e.target.querySelectorAll("input[name=conflict]:checked")].map((i) => i.value);
        try { await api("POST", `/tenders/${id}/declarations`, { conflicts }); refresh(); } catch (err) { mount(out, errorBox(err)); }
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
  // The bidders' annual performance on earlier contracts (年度考评), for the committee.
  const year = new Date().getUTCFullYear();
  const vendors = [...new Map(bids.map((b) => [b.vendorId, b.vendorName])).entries()];
  const perf = await Promise.all(vendors.map(([v]) => api("GET", `/vendors/${v}/performance?year=${year}`)));
  parts.push(h("h2", {}, t("perf.bidders", { year })), h("ul", { id: "bidder-performance" }, vendors.map(([v, name], i) => h("li", {},
    h("a", { href: `#/performance/${v}` }, name), ": ", perf[i].reviews ? t("perf.summary", { n: perf[i].reviews, average: perf[i].average, grade: t("grade." + perf[i].grade) }) : t("perf.none")))));
  if (me.chair) parts.push(h("button", { id: "finalize", type: "button", onclick: async () => {
      try { await api("POST", `/tenders/${id}/evaluation/finalize`); refresh(); } catch (err) { mount(out, errorBox(err)); }
    } }, t("score.finalize")));
  return parts;
}
