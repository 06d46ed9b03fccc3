// Admins: staff accounts. Admins and procurement: vendors and their suspensions (auditors read).
import { h } from "../dom.js";
import { t, dateTime } from "../i18n.js";
import { api, session } from "../api.js";
import { act, errorBox } from "../ui.js";

const staffRoles = ["procurement", "evaluator", "auditor", "admin", "requester", "approver", "finance"];

export async function staffPage(params) {
  if (session.user?.role !== "admin") return [errorBox(new Error(t("error.forbidden")))];
  const role = params.get("role") || "";
  const out = h("div", { id: "staff-result", "aria-live": "polite" });
  const [list, departments] = await Promise.all([api("GET", `/users?per=100${role ? "&role=" + encodeURIComponent(role) : ""}`), api("GET", "/departments")]);
  const flat = (nodes, depth = 0) => nodes.flatMap((d) => [{ id: d.id, label: "\u00a0\u00a0".repeat(depth) + d.name }, ...flat(d.children || [], depth + 1)]);
  const filter = h("form", { id: "staff-filter", onsubmit: (ev) => { ev.preventDefault(); location.hash = `#/staff?role=${new FormData(ev.target).get("role")}`; } },
    h("label", { for: "staff-role-filter" }, t("staff.role")),
    h("select", { id: "staff-role-filter", name: "role" }, h("option", { value: "" }, t("phase.any")),
      ...[...staffRoles, "vendor"].map((r) => h("option", { value: r, selected: r === role }, t("role." + r)))),
    h("button", { type: "submit" }, t("list.go")));
  const create = h("form", { id: "staff-form", onsubmit: act(out, async (f) => {
      const body = { email: f.get("email"), name: f.get("name"), role: f.get("role"), password: f.get("password") };
      if (f.get("departmentId")) body.departmentId = f.get("departmentId");
      await api("POST", "/users", body);
    }) },
    h("label", { for: "staff-email" }, t("auth.email")), h("input", { id: "staff-email", name: "email", type: "email", required: true, autocomplete: "off" }),
    h("label", { for: "staff-name" }, t("staff.name")), h("input", { id: "staff-name", name: "name", required: true }),
    h("label", { for: "staff-role" }, t("staff.role")), h("select", { id: "staff-role", name: "role" }, ...staffRoles.map((r) => h("option", { value: r }, t("role." + r)))),
    h("label", { for: "staff-department" }, t("staff.department")), h("select", { id: "staff-department", name: "departmentId" },
      h("option", { value: "" }, "—"), ...flat(departments.items).map((d) => h("option", { value: d.id }, d.label))),
    h("label", { for: "staff-password" }, t("staff.initialPassword")), h("input", { id: "staff-password", name: "password", type: "password", required: true, minlength: 10, autocomplete: "new-password" }),
    h("button", { type: "submit", id: "staff-submit" }, t("staff.create")));
  const me = session.user.id;
  const action = (u) => u.role === "vendor" || u.id === me ? null : u.disabledAt
    ? h("button", { type: "button", class: "reactivate", "data-user": u.id, onclick: act(out, async () => { await api("DELETE", `/users/${u.id}/deactivation`); }) }, t("staff.reactivate"))
    : h("button", { type: "button", class: "deactivate danger", "data-user": u.id, onclick: act(out, async () => { await api("POST", `/users/${u.id}/deactivation`); }) }, t("staff.deactivate"));
  return [h("h1", {}, t("staff.title")), filter, h("p", {}, t("obligations.total", { n: list.metadata.total })), out,
    h("table", { id: "staff" }, h("thead", {}, h("tr", {}, ...["name", "email", "role", "created", "state", "action"].map((k) => h("th", {}, t("staff.col." + k))))),
      h("tbody", {}, list.items.map((u) => h("tr", { "data-user": u.id }, h("td", {}, u.name), h("td", {}, u.email), h("td", {}, t("role." + u.role)), h("td", {}, dateTime(u.createdAt)),
        h("td", {}, u.disabledAt ? h("span", { class: "badge badge-overdue" }, t("staff.disabledSince", { at: dateTime(u.disabledAt) })) : h("span", { class: "badge badge-met" }, t("vendors.active"))),
        h("td", {}, action(u)))))),
    h("h2", {}, t("staff.create")), create];
}

export async function vendorsPage(params) {
  const user = session.user;
  if (!["admin", "procurement", "auditor"].includes(user?.role)) return [errorBox(new Error(t("error.forbidden")))];
  const mayAct = user.role !== "auditor";
  const q = params.get("q") || "";
  const out = h("div", { id: "vendors-result", "aria-live": "polite" });
  const list = await api("GET", `/vendors?per=100${q ? "&q=" + encodeURIComponent(q) : ""}`);
  const search = h("form", { id: "vendor-search", role: "search", onsubmit: (ev) => { ev.preventDefault(); location.hash = `#/vendors?q=${encodeURIComponent(new FormData(ev.target).get("q"))}`; } },
    h("label", { for: "vendor-q" }, t("list.search")), h("input", { id: "vendor-q", name: "q", type: "search", value: q }), h("button", { type: "submit" }, t("list.go")));
  const rows = list.items.map((v) => {
    const state = v.suspended
      ? h("span", { class: "badge badge-overdue" }, t("vendors.suspendedSince", { at: dateTime(v.suspension.since) }),
          v.suspension.until ? " " + t("vendors.until", { at: dateTime(v.suspension.until) }) : "", " — ", v.suspension.reason)
      : h("span", { class: "badge badge-met" }, t("vendors.active"));
    let action = null;
    if (mayAct && v.suspended) {
      action = h("button", { type: "button", class: "lift", "data-vendor": v.id, onclick: act(out, async () => { await api("DELETE", `/vendors/${v.id}/suspension`); }) }, t("vendors.lift"));
    } else if (mayAct) {
      action = h("form", { class: "suspend-form", "data-vendor": v.id, onsubmit: act(out, async (f) => {
          const until = f.get("until");
          await api("POST", `/vendors/${v.id}/suspension`, { reason: f.get("reason"), until: until ? new Date(until).toISOString() : undefined });
        }) },
        h("label", {}, t("vendors.reason"), h("input", { name: "reason", required: true })),
        h("label", {}, t("vendors.untilLabel"), h("input", { name: "until", type: "datetime-local" })),
        h("button", { type: "submit" }, t("vendors.suspend")));
    }
    return h("tr", { "data-vendor": v.id }, h("td", {}, v.name), h("td", {}, v.registrationNumber), h("td", {}, v.email), h("td", {}, state), h("td", {}, action));
  });
  return [h("h1", {}, t("vendors.title")), search, out,
    h("table", { id: "vendors" }, h("thead", {}, h("tr", {}, ...["name", "registration", "email", "state", "action"].map((k) => h("th", {}, t("vendors.col." + k))))),
      h("tbody", {}, rows))];
}
