// Login and vendor registration.
import { h, mount } from "../dom.js";
import { t, money, dateTime } from "../i18n.js";
import { api, apiBlob, session } from "../api.js";
import { commitment, randomSalt, bidDocument, verifyReceipt, envelope, parseEnvelope } from "../commitment.js";
import { verifyInclusion, root as merkleRoot } from "../merkle.js";
import { errorBox, live, refresh, expected, act as actOn } from "../ui.js";

export async function login() {
  const out = h("div", { id: "login-result" });
  const form = h("form", { id: "login-form", onsubmit: async (ev) => {
      ev.preventDefault();
      const f = new FormData(ev.target);
      try {
        const r = await api("POST", "/auth/login", { email: f.get("email"), password: f.get("password") });
        session.set(r.token, r.user);
        location.hash = "#/";
      } catch (e) { mount(out, errorBox(e)); }
    } },
    h("label", { for: "email" }, t("auth.email")), h("input", { id: "email", name: "email", type: "email", required: true, autocomplete: "username" }),
    h("label", { for: "password" }, t("auth.password")), h("input", { id: "password", name: "password", type: "password", required: true, autocomplete: "current-password" }),
    h("button", { type: "submit", id: "login-submit" }, t("nav.login")));
  return [h("h1", {}, t("nav.login")), form, out];
}

export async function register() {
  const out = h("div");
  const field = (name, type = "text", extra = {}) => [h("label", { for: name }, t("auth." + name)), h("input", { id: name, name, type, required: true, ...extra })];
  const form = h("form", { id: "register-form", onsubmit: async (ev) => {
      ev.preventDefault();
      const f = Object.fromEntries(new FormData(ev.target));
      try {
        const r = await api("POST", "/auth/register", f);
        session.set(r.token, r.user);
        location.hash = "#/";
      } catch (e) { mount(out, errorBox(e)); }
    } },
    field("email", "email"), field("password", "password", { minlength: 10, autocomplete: "new-password" }), field("name"), field("registrationNumber"),
    h("button", { type: "submit" }, t("nav.register")));
  return [h("h1", {}, t("nav.register")), form, out];
}
