// Procurement on the tender page: the committee builder (with the composition rule shown live),
// amendments and cancellation; the public list of amendments.
import { h } from "../dom.js";
import { t, dateTime } from "../i18n.js";
import { api } from "../api.js";
import { act, localInput } from "../ui.js";
import { composition, problems as committeeProblems } from "../committee.js";

/** Everyone: the amendments with what each changed. */
export function amendmentList(x) {
  if (!x.amendments?.length) return [];
  return [h("h2", {}, t("amend.list")), h("ol", { id: "amendments" }, x.amendments.map((a) => h("li", {},
    h("p", {}, dateTime(a.createdAt), " — ", a.reason),
    h("ul", {}, a.changes.map((c) => h("li", {}, t("amend.field." + c.field), ": ", c.from, " → ", c.to))))))];
}

/** Procurement only (docs/DESIGN.md §5): members, their kind and the chair; the rule is checked as they choose. */
export async function committeeBuilder(id) {
  const out = h("div", { "aria-live": "polite" });
  const [current, evaluators, evaluation] = await Promise.all([
    api("GET", `/tenders/${id}/committee`),
    api("GET", "/users?role=evaluator&per=100"),
    api("GET", `/tenders/${id}/evaluation`).catch(() => null),
  ]);
  if (evaluation?.status === "final") {  // the committee is fixed once the evaluation is final
    return [h("h2", {}, t("committee.title")), h("ul", { id: "committee" }, current.members.map((m) =>
      h("li", {}, m.name, " — ", t("committee.kind." + m.kind), m.chair ? " · " + t("committee.col.chair") : "", m.recused ? " · " + t("committee.recused") : "")))];
  }
  const minSize = current.minimumSize;  // the regime's committeeMinSize
  const state = new Map(current.members.map((m) => [m.userId, m.recused ? t("committee.recused") : m.declared ? t("committee.declared") : ""]));
  const chosen = new Map(current.members.map((m) => [m.userId, m.kind]));
  let chairId = current.members.find((m) => m.chair)?.userId ?? "";
  const rule = h("p", { id: "committee-rule", "aria-live": "polite" });
  const members = () => evaluators.items.filter((u) => chosen.has(u.id)).map((u) => ({ userId: u.id, kind: chosen.get(u.id) }));
  function check() {
    const m = members(), bad = committeeProblems(m, chairId, minSize), c = composition(m);
    rule.textContent = t("committee.rule", { min: minSize }) + " " + t("committee.now", { size: c.size, experts: c.experts })
      + (bad.length ? " — " + bad.map((k) => t(k)).join("; ") : " ✓");
    rule.className = bad.length ? "error" : "ok";
    submit.disabled = bad.length > 0;
  }
  const submit = h("button", { type: "submit", id: "committee-submit" }, t("committee.save"));
  const rows = evaluators.items.map((u) => {
    const kind = h("select", { "aria-label": t("committee.kindOf", { name: u.name }), "data-user": u.id, class: "member-kind",
      onchange: (e) => { if (chosen.has(u.id)) chosen.set(u.id, e.target.value); check(); } },
      ...["expert", "representative"].map((k) => h("option", { value: k, selected: (chosen.get(u.id) ?? "expert") === k }, t("committee.kind." + k))));
    const member = h("input", { type: "checkbox", class: "member", "data-user": u.id, checked: chosen.has(u.id), "aria-label": t("committee.memberOf", { name: u.name }),
      onchange: (e) => { if (e.target.checked) chosen.set(u.id, kind.value); else chosen.delete(u.id); check(); } });
    const chair = h("input", { type: "radio", name: "chair", class: "chair", value: u.id, checked: u.id === chairId, "aria-label": t("committee.chairOf", { name: u.name }),
      onchange: () => { chairId = u.id; check(); } });
    return h("tr", {}, h("td", {}, member), h("td", {}, u.name), h("td", {}, kind), h("td", {}, chair), h("td", {}, state.get(u.id) ?? ""));
  });
  const form = h("form", { id: "committee-form", onsubmit: act(out, async () => {
      await api("PUT", `/tenders/${id}/committee`, { members: members(), chairId });
    }) },
    h("table", { id: "committee-builder" },
      h("thead", {}, h("tr", {}, ...["member", "name", "kind", "chair", "state"].map((k) => h("th", {}, t("committee.col." + k))))),
      h("tbody", {}, rows)),
    rule, submit);
  check();
  return [h("h2", {}, t("committee.title")), evaluators.items.length ? form : h("p", {}, t("committee.noEvaluators")), out];
}

/** Procurement while bidding: an amendment with a reason; only changed fields are sent. */
export function amendForm(id, x) {
  const out = h("div", { "aria-live": "polite" });
  const earliest = x.deadlines?.earliestDeadlineForAmendmentNow;
  const form = h("form", { id: "amend-form", onsubmit: act(out, async (f) => {
      const body = { reason: f.get("reason") };
      for (const k of ["title", "description"]) if (f.get(k) !== x[k]) body[k] = f.get(k);
      if (f.get("budget") !== x.budget.amount) body.budget = { amount: String(f.get("budget")), currency: x.budget.currency };
      for (const k of ["submissionDeadline", "revealDeadline"]) {
        const iso = new Date(f.get(k)).toISOString();
        if (f.get(k) !== localInput(x[k])) body[k] = iso;
      }
      await api("POST", `/tenders/${id}/amendments`, body);
    }) },
    h("p", {}, t("amend.explain")),
    earliest ? h("p", { id: "amend-earliest" }, t("amend.earliest", { at: dateTime(earliest.at) })) : null,
    h("label", { for: "amend-reason" }, t("amend.reason")), h("textarea", { id: "amend-reason", name: "reason", rows: 2, required: true }),
    h("label", { for: "amend-title" }, t("editor.title")), h("input", { id: "amend-title", name: "title", value: x.title, required: true }),
    h("label", { for: "amend-description" }, t("editor.description")), h("textarea", { id: "amend-description", name: "description", rows: 3, required: true }, x.description),
    h("label", { for: "amend-budget" }, t("tender.budget")), h("input", { id: "amend-budget", name: "budget", value: x.budget.amount, required: true, inputmode: "decimal", pattern: "[0-9]{1,15}(\\.[0-9]{1,2})?" }),
    h("label", { for: "amend-submission" }, t("tender.submissionDeadline")), h("input", { id: "amend-submission", name: "submissionDeadline", type: "datetime-local", value: localInput(x.submissionDeadline), required: true }),
    h("label", { for: "amend-reveal" }, t("tender.revealDeadline")), h("input", { id: "amend-reveal", name: "revealDeadline", type: "datetime-local", value: localInput(x.revealDeadline), required: true }),
    h("button", { type: "submit", id: "amend-submit" }, t("amend.submit")));
  return [h("details", { id: "amend" }, h("summary", {}, t("amend.title")), form, out)];
}

/** Procurement, from draft to evaluation: cancel with a reason, after an explicit confirmation. */
export function cancelForm(id) {
  const out = h("div", { "aria-live": "polite" });
  const form = h("form", { id: "cancel-form", onsubmit: act(out, async (f) => {
      if (f.get("confirm") !== "on") throw new Error(t("cancel.confirmFirst"));
      await api("POST", `/tenders/${id}/cancel`, { reason: f.get("reason") });
    }) },
    h("p", { class: "warning" }, t("cancel.warning")),
    h("label", { for: "cancel-reason" }, t("cancel.reason")), h("textarea", { id: "cancel-reason", name: "reason", rows: 2, required: true }),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "confirm", id: "cancel-confirm" }), " ", t("cancel.confirm")),
    h("button", { type: "submit", id: "cancel-submit", class: "danger" }, t("cancel.submit")));
  return [h("details", { id: "cancel" }, h("summary", {}, t("cancel.title")), form, out)];
}

/** The cancellation notice, for everyone. */
export function cancelled(x) {
  return x.cancelledAt ? [h("p", { id: "cancelled", class: "error" }, t("cancel.notice", { at: dateTime(x.cancelledAt), reason: x.cancelReason ?? "" }))] : [];
}

