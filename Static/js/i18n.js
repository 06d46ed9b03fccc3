// Every UI string comes from Static/i18n/<lang>.json; zh-CN is the default, English the alternative.
export const languages = ["zh-CN", "en"];
let lang = localStorage.getItem("lang") || "zh-CN";
let strings = {};

export async function loadLanguage(l = lang) {
  lang = languages.includes(l) ? l : "zh-CN";
  localStorage.setItem("lang", lang);
  document.documentElement.lang = lang;
  const res = await fetch(`/i18n/${lang}.json`);
  strings = await res.json();
}

export function currentLanguage() { return lang; }

/** The string for `key` with {name} placeholders filled; the key itself when missing (visible in tests). */
export function t(key, vars = {}) {
  const s = strings[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => (k in vars ? String(vars[k]) : `{${k}}`));
}

export function money(amount, currency) {
  const n = Number(amount);
  if (!Number.isFinite(n)) return String(amount ?? "");
  return new Intl.NumberFormat(lang, { style: "currency", currency: currency || "CNY" }).format(n);
}

/** A date-time in the viewer's own time zone, formatted for the language. */
export function dateTime(iso) {
  if (!iso) return "";
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

/** "3 d 04:05:06" style countdown to `iso`, or the passed label. */
export function countdown(iso, now = Date.now()) {
  const ms = new Date(iso).getTime() - now;
  if (ms <= 0) return t("countdown.passed");
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400), hh = Math.floor((s % 86400) / 3600), mm = Math.floor((s % 3600) / 60), ss = s % 60;
  const pad = (x) => String(x).padStart(2, "0");
  return t("countdown.left", { d, time: `${pad(hh)}:${pad(mm)}:${pad(ss)}` });
}
