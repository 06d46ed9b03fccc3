// Helpers shared by the pages: error display, live countdowns, form actions and re-rendering.
import { h, mount } from "./dom.js";
import { t, countdown } from "./i18n.js";
import { APIError } from "./api.js";

let timers = [];
let router = async () => {};

/** The router registers itself here, so that pages can re-render without importing app.js. */
export function setRouter(fn) { router = fn; }
export function refresh() { return router(); }
export function clearTimers() { timers.forEach(clearInterval); timers = []; }

export function errorBox(e) {
  const text = e instanceof APIError ? `${t("error.prefix")} ${e.code}: ${e.message}` : String(e?.message || e);
  return h("p", { class: "error", role: "alert" }, text);
}

/**
 * Whether `e` is an answer the page expects by design (`statuses`: 403 `sealed` before the award,
 * 404 before an award exists, 401 for a token already gone); anything else is shown, never
 * swallowed.
 */
export function expected(e, ...statuses) {
  return e instanceof APIError && statuses.includes(e.status);
}

export function live(iso) {
  const el = h("span", { class: "countdown", "data-deadline": iso }, countdown(iso));
  timers.push(setInterval(() => { el.textContent = countdown(iso); }, 1000));
  return el;
}

/** A submit (or click) handler: runs `fn` with the form's data, then re-renders; errors go to `out`. */
export function act(out, fn) {
  return async (ev) => {
    ev.preventDefault();
    const form = ev.target instanceof HTMLFormElement ? ev.target : null;  // buttons act too
    try { await fn(form ? new FormData(form) : null, form); await refresh(); } catch (e) { mount(out, errorBox(e)); }
  };
}

/** `datetime-local` value for an ISO time, in the viewer's time zone. */
export function localInput(iso) {
  const d = new Date(iso);
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}
