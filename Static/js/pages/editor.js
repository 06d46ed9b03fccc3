// Procurement: the tender editor (new tenders and drafts) with the criteria builder, the regime's
// earliest submission deadline and, for selective tenders, vendor invitations.
import { h, mount } from "../dom.js";
import { t, dateTime } from "../i18n.js";
import { api } from "../api.js";
import { errorBox, localInput, refresh } from "../ui.js";
import { weightTotal, problems as criteriaProblems, toAPI as criteriaToAPI } from "../criteria.js";

/** A new tender (`id` null), or a draft being edited (PATCH): the criteria builder, the regime's earliest dates, invitations. */
export async function editorPage(id) {
  const [regimes, draft] = await Promise.all([api("GET", "/regimes").then((r) => r.items), id ? api("GET", `/tenders/${id}`) : null]);
  if (draft && draft.status !== "draft") return [errorBox(new Error(t("editor.notDraft")))];
  const out = h("div", { id: "editor-result", "aria-live": "polite" });
  const rows = draft ? fromAPI(draft.criteria) : [
    { key: "price", name: "", type: "price", weight: "60", maxScore: "" },
    { key: "technical", name: t("editor.defaultTechnical"), type: "scored", weight: "40", maxScore: "40" },
    { key: "license", name: t("editor.defaultLicence"), type: "qualification", weight: "", maxScore: "" },
  ];
  const total = h("p", { id: "weight-total", "aria-live": "polite" });
  const list = h("div", { id: "criteria-rows" });
  const earliest = h("p", { id: "earliest" });
  const sub = h("input", { id: "submissionDeadline", name: "submissionDeadline", type: "datetime-local", required: true, value: draft ? localInput(draft.submissionDeadline) : null });
  const rev = h("input", { id: "revealDeadline", name: "revealDeadline", type: "datetime-local", required: true, value: draft ? localInput(draft.revealDeadline) : null });
  const regimeSelect = h("select", { id: "regime", name: "regime", onchange: () => suggest() },
    ...regimes.map((r) => h("option", { value: r.name, selected: r.name === draft?.regime }, t("regime." + r.name))));
  async function suggest() {
    const r = regimes.find((x) => x.name === regimeSelect.value);
    const d = await api("GET", `/deadlines?period=${encodeURIComponent(r.rules.minBiddingPeriod)}&from=${encodeURIComponent(new Date().toISOString())}`);
    earliest.textContent = t("editor.earliest", { period: r.rules.minBiddingPeriod, at: dateTime(d.at) });
    if (!sub.value || new Date(sub.value) < new Date(d.at)) {
      // The earliest allowed (at least an hour ahead), rounded up to the minute the input can show.
      const at = new Date(Math.max(new Date(d.at).getTime(), Date.now() + 3_600_000) + 60_000);
      sub.value = localInput(at.toISOString());
      rev.value = localInput(new Date(at.getTime() + 86_400_000).toISOString());
    }
  }
  function refreshRows() {
    refreshTotal();
    mount(list, rows.map((r, i) => h("fieldset", { class: "criterion" },
      h("legend", {}, t("editor.criterion", { n: i + 1 })),
      h("label", {}, t("editor.type"), h("select", { "data-field": "type", onchange: (e) => { r.type = e.target.value; if (r.type === "price") r.key = "price"; refreshRows(); } },
        ...["price", "scored", "qualification"].map((k) => h("option", { value: k, selected: r.type === k }, t("criteria." + k))))),
      r.type === "price" ? null : h("label", {}, t("editor.key"), h("input", { "data-field": "key", value: r.key, oninput: (e) => { r.key = e.target.value; refreshTotal(); } })),
      r.type === "price" ? null : h("label", {}, t("criteria.name"), h("input", { "data-field": "name", value: r.name, oninput: (e) => { r.name = e.target.value; } })),
      r.type === "qualification" ? null : h("label", {}, t("criteria.weight"), h("input", { "data-field": "weight", type: "number", min: 0, step: "0.01", value: r.weight,
        oninput: (e) => { r.weight = e.target.value; refreshTotal(); } })),
      r.type === "scored" ? h("label", {}, t("editor.maxScore"), h("input", { "data-field": "maxScore", type: "number", min: 0, step: "0.01", value: r.maxScore,
        oninput: (e) => { r.maxScore = e.target.value; refreshTotal(); } })) : null,
      h("button", { type: "button", class: "remove", onclick: () => { rows.splice(i, 1); refreshRows(); } }, t("editor.remove")))));
  }
  function refreshTotal() {
    const sum = weightTotal(rows), bad = criteriaProblems(rows);
    total.textContent = t("editor.total", { total: sum.toFixed(2) }) + (bad.length ? " — " + bad.map((k) => t(k)).join("; ") : "");
    total.className = bad.length ? "error" : "ok";
  }
  // Selective tenders (邀请招标): vendors found by search are invited; at least three before publication.
  const invited = new Map();
  for (const vid of draft?.invitedVendorIds ?? []) invited.set(vid, (await api("GET", `/vendors/${vid}`).catch(() => ({ name: vid }))).name);
  const invitedList = h("ul", { id: "invited" });
  const invitedCount = h("p", { id: "invited-count", "aria-live": "polite" });
  const results = h("ul", { id: "invite-results" });
  const inviteQuery = h("input", { id: "invite-q", type: "search", onkeydown: (e) => { if (e.key === "Enter") { e.preventDefault(); searchVendors(); } } });
  function showInvited() {
    mount(invitedList, [...invited].map(([vid, name]) => h("li", {}, name, " ",
      h("button", { type: "button", class: "uninvite", "aria-label": t("editor.uninvite", { name }), onclick: () => { invited.delete(vid); showInvited(); } }, t("editor.remove")))));
    invitedCount.textContent = t("editor.invitedCount", { n: invited.size });
    invitedCount.className = invited.size >= 3 ? "ok" : "error";
  }
  async function searchVendors() {
    try {
      const found = await api("GET", `/vendors?per=20&q=${encodeURIComponent(inviteQuery.value)}`);
      mount(results, found.items.map((v) => h("li", {}, `${v.name} (${v.registrationNumber})`, v.suspended ? h("span", { class: "error" }, " " + t("vendors.suspended")) : null, " ",
        h("button", { type: "button", class: "invite", "data-vendor": v.id, disabled: invited.has(v.id), onclick: () => { invited.set(v.id, v.name); showInvited(); searchVendors(); } }, t("editor.invite")))));
    } catch (e) { mount(results, errorBox(e)); }
  }
  const invitations = h("fieldset", { id: "invitations", hidden: draft?.method !== "selective" }, h("legend", {}, t("editor.invitations")),
    h("label", { for: "invite-q" }, t("editor.findVendor")), inviteQuery, h("button", { type: "button", id: "invite-search", onclick: searchVendors }, t("list.go")),
    results, invitedCount, invitedList);
  const methodSelect = h("select", { id: "method", name: "method", onchange: () => { invitations.hidden = methodSelect.value !== "selective"; } },
    ...["open", "selective"].map((m) => h("option", { value: m, selected: m === draft?.method }, t("method." + m))));
  showInvited();
  // Escrowed opening (docs/DESIGN.md §13): key holders by user id, one per line, and how many open a bid.
  const escrowBox = h("input", { type: "checkbox", id: "escrow-required", checked: Boolean(draft?.opening) });
  const holdersInput = h("textarea", { id: "opening-holders", rows: 5 }, (draft?.opening?.holders ?? []).join("\n"));
  const thresholdInput = h("input", { id: "opening-threshold", type: "number", min: 2, max: 15, value: draft?.opening?.threshold ?? 3 });
  const openingFields = h("fieldset", { id: "opening-settings" }, h("legend", {}, t("editor.opening")),
    h("label", { class: "check", for: "escrow-required" }, escrowBox, " ", t("editor.escrowRequired")),
    h("label", { for: "opening-holders" }, t("editor.holders")), holdersInput,
    h("label", { for: "opening-threshold" }, t("editor.threshold")), thresholdInput);
  const openingValue = () => escrowBox.checked
    ? { holders: holdersInput.value.split(/\s+/).filter(Boolean), threshold: Number(thresholdInput.value) }
    : (draft ? null : undefined);
  const form = h("form", { id: "editor", onsubmit: async (ev) => {
      ev.preventDefault();
      const f = new FormData(ev.target);
      try {
        const method = f.get("method");
        const tender = {
          title: f.get("title"), description: f.get("description"), category: f.get("category"), regime: f.get("regime"), method,
          invitedVendorIds: method === "selective" ? [...invited.keys()] : (draft ? [] : undefined),
          budget: { amount: String(f.get("budget")), currency: draft?.budget.currency ?? "CNY" },
          submissionDeadline: new Date(sub.value).toISOString(), revealDeadline: new Date(rev.value).toISOString(), criteria: criteriaToAPI(rows),
          opening: openingValue(),
        };
        const saved = draft ? await api("PATCH", `/tenders/${id}`, tender) : await api("POST", "/tenders", tender);
        if (location.hash === `#/tenders/${saved.id}`) await refresh(); else location.hash = `#/tenders/${saved.id}`;
      } catch (e) { mount(out, errorBox(e)); }
    } },
    h("label", { for: "title" }, t("editor.title")), h("input", { id: "title", name: "title", required: true, value: draft?.title }),
    h("label", { for: "description" }, t("editor.description")), h("textarea", { id: "description", name: "description", rows: 3, required: true }, draft?.description ?? ""),
    h("label", { for: "category" }, t("editor.category")), h("select", { id: "category", name: "category" },
      ...["services", "goods", "works"].map((c) => h("option", { value: c, selected: c === draft?.category }, t("category." + c)))),
    h("label", { for: "regime" }, t("editor.regime")), regimeSelect,
    h("label", { for: "method" }, t("editor.method")), methodSelect, invitations,
    h("label", { for: "budget" }, t("tender.budget")), h("input", { id: "budget", name: "budget", required: true, value: draft?.budget.amount, inputmode: "decimal", pattern: "[0-9]{1,15}(\\.[0-9]{1,2})?" }),
    earliest,
    h("label", { for: "submissionDeadline" }, t("tender.submissionDeadline")), sub,
    h("label", { for: "revealDeadline" }, t("tender.revealDeadline")), rev,
    openingFields,
    h("h2", {}, t("tender.criteria")), list, total,
    h("button", { type: "button", id: "add-criterion", onclick: () => { rows.push({ key: `c${rows.length + 1}`, name: "", type: "scored", weight: "0", maxScore: "10" }); refreshRows(); } }, t("editor.add")),
    h("button", { type: "submit", id: "editor-submit" }, t("editor.save")));
  refreshRows();
  await suggest();
  return [h("h1", {}, draft ? t("editor.editDraft") : t("nav.newTender")),
    draft ? h("p", {}, h("a", { href: `#/tenders/${id}`, id: "back-to-draft" }, t("sheets.back"))) : null, form, out];
}

/** The builder's rows from the API's criteria. */
function fromAPI(criteria) {
  return criteria.map((c) => ({ key: c.key, name: c.name ?? "", type: c.type, weight: c.weight === undefined || c.weight === null ? "" : String(c.weight),
    maxScore: c.maxScore === undefined || c.maxScore === null ? "" : String(c.maxScore) }));
}
