// The web UI: a hash router over the JSON API. Plain modules, no build step, no framework.
import { h, mount } from "./dom.js";
import { t, loadLanguage, currentLanguage, languages } from "./i18n.js";
import { api, session } from "./api.js";
import { errorBox, clearTimers, setRouter, expected } from "./ui.js";
import { tenderList, tenderDetail } from "./pages/tender.js";
import { login, register } from "./pages/auth.js";
import { bidPage, revealPage } from "./pages/bid.js";
import { scorePage } from "./pages/score.js";
import { obligationsPage, auditPage } from "./pages/monitor.js";
import { staffPage, vendorsPage } from "./pages/admin.js";
import { myPage } from "./pages/vendor.js";
import { sheetsPage } from "./pages/result.js";
import { editorPage } from "./pages/editor.js";
import { requestsPage, requestPage } from "./pages/requests.js";
import { ledgerPage, contractPage, paymentsPage, performancePage, costsPage } from "./pages/contracts.js";
import { keysPage, openingPage } from "./pages/opening.js";
import { crossFlagsPage } from "./pages/flags.js";

const app = document.getElementById("app");
let renders = 0;

function header() {
  const user = session.user;
  const langSelect = h("select", { id: "lang", "aria-label": t("nav.language"), onchange: async (ev) => { await loadLanguage(ev.target.value); route(); } },
    ...languages.map((l) => h("option", { value: l, selected: l === currentLanguage() }, l === "zh-CN" ? "中文" : "English")));
  return h("header", {},
    h("nav", { "aria-label": t("nav.main") },
      h("a", { href: "#/" }, t("nav.tenders")),
      user?.role === "procurement" ? h("a", { href: "#/new", id: "nav-new" }, t("nav.newTender")) : null,
      user && ["requester", "approver", "finance", "procurement", "auditor", "admin"].includes(user.role) ? h("a", { href: "#/requests", id: "nav-requests" }, t("nav.requests")) : null,
      user && ["procurement", "auditor", "admin", "approver", "finance"].includes(user.role) ? h("a", { href: "#/obligations", id: "nav-obligations" }, t("nav.obligations")) : null,
      user ? h("a", { href: "#/contracts", id: "nav-contracts" }, t("nav.contracts")) : null,
      user && ["finance", "procurement", "approver", "auditor", "admin"].includes(user.role) ? h("a", { href: "#/payments", id: "nav-payments" }, t("nav.payments")) : null,
      user && ["finance", "procurement", "approver", "auditor", "admin"].includes(user.role) ? h("a", { href: "#/costs", id: "nav-costs" }, t("nav.costs")) : null,
      user && ["auditor", "admin"].includes(user.role) ? h("a", { href: "#/audit", id: "nav-audit" }, t("nav.audit")) : null,
      user && ["auditor", "approver", "procurement"].includes(user.role) ? h("a", { href: "#/red-flags", id: "nav-red-flags" }, t("nav.redFlags")) : null,
      user?.role === "evaluator" ? h("a", { href: "#/", id: "nav-assigned" }, t("nav.assigned")) : null,
      user?.role === "vendor" ? h("a", { href: "#/me", id: "nav-me" }, t("nav.me")) : null,
      user && ["procurement", "auditor", "admin"].includes(user.role) ? h("a", { href: "#/vendors", id: "nav-vendors" }, t("nav.vendors")) : null,
      user?.role === "admin" ? h("a", { href: "#/staff", id: "nav-staff" }, t("nav.staff")) : null,
      user && user.role !== "vendor" ? h("a", { href: "#/opening-keys", id: "nav-opening-keys" }, t("nav.openingKeys")) : null,
      user ? h("span", { class: "who" }, `${user.name} (${t("role." + user.role)})`) : null,
      user ? h("button", { id: "logout", type: "button", onclick: logout }, t("nav.logout"))
           : [h("a", { href: "#/login", id: "nav-login" }, t("nav.login")), h("a", { href: "#/register" }, t("nav.register"))],
      langSelect));
}

async function logout() {
  try { await api("POST", "/auth/logout"); } catch (e) {
    // A token already gone (401) is logged out anyway; anything else is reported, and the session still ends.
    if (!expected(e, 401)) console.warn("logout:", e);
  }
  session.clear();
  location.hash = "#/";
}

// MARK: router

async function route() {
  clearTimers();
  const [path, query] = (location.hash.slice(1) || "/").split("?");
  const params = new URLSearchParams(query || "");
  const seg = path.split("/").filter(Boolean);
  let body;
  try {
    if (seg.length === 0) body = await tenderList(params);
    else if (seg[0] === "login") body = await login();
    else if (seg[0] === "register") body = await register();
    else if (seg[0] === "tenders" && seg.length === 2) body = await tenderDetail(seg[1]);
    else if (seg[0] === "tenders" && seg[2] === "bid") body = await bidPage(seg[1]);
    else if (seg[0] === "tenders" && seg[2] === "reveal") body = await revealPage(seg[1]);
    else if (seg[0] === "tenders" && seg[2] === "open") body = await openingPage(seg[1]);
    else if (seg[0] === "opening-keys") body = await keysPage();
    else if (seg[0] === "tenders" && seg[2] === "score") body = await scorePage(seg[1]);
    else if (seg[0] === "tenders" && seg[2] === "sheets") body = await sheetsPage(seg[1]);
    else if (seg[0] === "obligations") body = await obligationsPage(params);
    else if (seg[0] === "requests" && seg.length === 1) body = await requestsPage(params);
    else if (seg[0] === "contracts" && seg.length === 1) body = await ledgerPage(params);
    else if (seg[0] === "contracts" && seg.length === 2) body = await contractPage(seg[1]);
    else if (seg[0] === "payments") body = await paymentsPage(params);
    else if (seg[0] === "costs") body = await costsPage(params);
    else if (seg[0] === "performance" && seg.length === 2) body = await performancePage(seg[1], params);
    else if (seg[0] === "requests" && seg.length === 2) body = await requestPage(seg[1]);
    else if (seg[0] === "new") body = await editorPage(null);
    else if (seg[0] === "tenders" && seg[2] === "edit") body = await editorPage(seg[1]);
    else if (seg[0] === "audit") body = await auditPage(params);
    else if (seg[0] === "red-flags") body = await crossFlagsPage(params);
    else if (seg[0] === "me") body = await myPage(params);
    else if (seg[0] === "staff") body = await staffPage(params);
    else if (seg[0] === "vendors") body = await vendorsPage(params);
    else body = [h("p", {}, t("error.notFound"))];
  } catch (e) {
    body = [errorBox(e)];
  }
  mount(app, header(), h("main", { id: "main" }, body));
  app.dataset.render = String(++renders);  // lets tests (and scripts) wait for a re-render
  document.title = t("app.title");
}

setRouter(route);
window.addEventListener("hashchange", route);
await loadLanguage();
await route();
