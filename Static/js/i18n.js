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
/** The viewer's IANA time zone. */
export const viewerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * A time with its zone, in the viewer's zone ("2026年4月1日 10:00 GMT+8"); with `tenderZone` (the
 * tender's IANA zone) different from the viewer's, the tender's local time follows in brackets.
 */
export function dateTime(iso, tenderZone, viewer = viewerZone()) {
  if (!iso) return "";
  const d = new Date(iso);
  const fmt = (timeZone) => new Intl.DateTimeFormat(lang, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone, timeZoneName: "short" }).format(d);
  const local = fmt(viewer);
  if (!tenderZone || tenderZone === viewer) return local;
  let other;
  try { other = fmt(tenderZone); } catch { return local; }
  return other === local ? local : `${local} (${tenderZone}: ${other})`;
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
