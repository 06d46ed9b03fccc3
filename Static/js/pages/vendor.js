// Vendors: their profile and all their bids across tenders.
import { h } from "../dom.js";
import { t, dateTime } from "../i18n.js";
import { api, session } from "../api.js";
import { act, errorBox, live } from "../ui.js";

export async function myPage(params) {
  if (session.user?.role !== "vendor") return [errorBox(new Error(t("bid.vendorsOnly")))];
  const active = params.get("active") === "true";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const [me, bids] = await Promise.all([api("GET", "/vendors/me"), api("GET", `/vendors/me/bids?per=50&page=${page}${active ? "&active=true" : ""}`)]);
  const out = h("div", { id: "my-result", "aria-live": "polite" });
  const field = (name, value, extra = {}) => [h("label", { for: "p-" + name }, t("profile." + name)), h("input", { id: "p-" + name, name, value: value ?? "", ...extra })];
  const profile = h("form", { id: "profile-form", onsubmit: act(out, async (f) => {
      await api("PUT", "/vendors/me", { name: f.get("name"), contactName: f.get("contactName"), phone: f.get("phone"), address: f.get("address") });
    }) },
    ...field("name", me.name, { required: true }), ...field("contactName", me.contactName), ...field("phone", me.phone, { type: "tel" }), ...field("address", me.address),
    h("p", {}, t("profile.registrationNumber"), " ", h("code", {}, me.registrationNumber), " — ", t("profile.immutable")),
    h("button", { type: "submit", id: "profile-submit" }, t("profile.save")));
  const rows = bids.items.map(({ bid, tender }) => h("tr", { "data-bid": bid.id },
    h("td", {}, h("a", { href: `#/tenders/${tender.id}` }, tender.title)), h("td", {}, t("phase." + tender.phase)),
    h("td", {}, h("code", { class: "prefix" }, bid.commitment.slice(0, 16) + "…")), h("td", {}, t("bidstatus." + bid.status), bid.note ? h("span", { class: "note" }, " — " + bid.note) : null),
    h("td", {}, dateTime(bid.submittedAt)),
    h("td", {}, tender.phase === "revealing" && bid.status === "sealed"
      ? [h("a", { href: `#/tenders/${tender.id}/reveal`, class: "button" }, t("reveal.start")), " ", live(tender.revealDeadline)]
      : tender.phase === "bidding" && bid.status === "sealed" ? [live(tender.submissionDeadline), " ",
          h("button", { type: "button", class: "withdraw", "data-bid": bid.id, onclick: act(out, async () => { await api("DELETE", `/tenders/${tender.id}/bids/${bid.id}`); }) }, t("bids.withdraw"))]
      : null)));
  const pages = Math.ceil(bids.metadata.total / bids.metadata.per);
  return [h("h1", {}, t("mine.title")),
    me.suspended ? h("p", { class: "error", role: "alert" }, t("mine.suspended", { reason: me.suspension.reason })) : null,
    h("h2", {}, t("bids.all")),
    h("p", {}, h("a", { href: active ? "#/me" : "#/me?active=true", id: "bids-filter" }, active ? t("bids.showAll") : t("bids.showActive"))),
    out,
    rows.length ? h("table", { id: "all-bids" }, h("thead", {}, h("tr", {}, ...["tender", "phase", "commitment", "status", "submitted", "next"].map((k) => h("th", {}, t("bids.col." + k))))),
      h("tbody", {}, rows)) : h("p", {}, t("bids.none")),
    pages > 1 ? h("nav", { "aria-label": t("bids.pages") }, ...Array.from({ length: pages }, (_, i) => h("a", { href: `#/me?page=${i + 1}${active ? "&active=true" : ""}`, "aria-current": i + 1 === page ? "page" : null }, String(i + 1)))) : null,
    h("h2", {}, t("profile.title")), profile];
}
