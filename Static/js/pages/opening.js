// Escrowed opening (docs/DESIGN.md §13) for staff: the opening key (made here, its private half
// saved to a passphrase-protected file that never leaves this machine), and the holder's opening
// screen after the submission deadline (load the file, open this holder's shares here, post them).
import { h, mount } from "../dom.js";
import { t, dateTime } from "../i18n.js";
import { api, session } from "../api.js";
import { errorBox, refresh } from "../ui.js";
import { newKeyFile, openKeyFile, openShare } from "../escrow.js";

const isStaff = (user) => user && user.role !== "vendor";

/** The staff member's opening keys: make a new one (replacing the active one), retire a lost one. */
export async function keysPage() {
  const user = session.user;
  if (!isStaff(user)) return [errorBox(new Error(t("opening.staffOnly")))];
  const keys = (await api("GET", "/opening-keys")).items;
  const out = h("div", { id: "key-result", "aria-live": "polite" });
  const form = h("form", { id: "key-form", onsubmit: async (ev) => {
      ev.preventDefault();
      const f = new FormData(ev.target);
      try {
        if (f.get("passphrase") !== f.get("passphrase2")) throw new Error(t("opening.passphraseMismatch"));
        mount(out, h("p", {}, t("opening.making")));
        const { publicKey, keyFile } = await newKeyFile(String(f.get("passphrase")));
        const saved = await api("POST", "/opening-keys", { publicKey });
        const blob = new Blob([keyFile], { type: "application/json" });
        mount(out, h("p", { class: "ok", id: "key-registered" }, t("opening.registered", { id: saved.keyId })),
          h("p", { class: "warning", role: "alert" }, t("opening.saveWarning")),
          h("a", { id: "key-file", class: "button", href: URL.createObjectURL(blob), download: `opening-key-${saved.keyId}.json` }, t("opening.saveFile")));
      } catch (e) { mount(out, errorBox(e)); }
    } },
    h("p", {}, t("opening.explain")),
    h("p", {}, t("opening.yourId"), " ", h("code", { id: "my-user-id" }, user.id)),
    h("label", { for: "passphrase" }, t("opening.passphrase")), h("input", { id: "passphrase", name: "passphrase", type: "password", minlength: 12, required: true, autocomplete: "new-password" }),
    h("label", { for: "passphrase2" }, t("opening.passphraseAgain")), h("input", { id: "passphrase2", name: "passphrase2", type: "password", minlength: 12, required: true, autocomplete: "new-password" }),
    h("button", { type: "submit", id: "key-submit" }, keys.some((k) => !k.retiredAt) ? t("opening.replaceKey") : t("opening.makeKey")));
  const list = h("ul", { id: "my-keys" }, keys.map((k) => h("li", {}, h("code", {}, k.keyId), " ", dateTime(k.createdAt), " ",
    k.retiredAt ? t("opening.retired", { at: dateTime(k.retiredAt), reason: k.retireReason ?? "" })
      : h("button", { type: "button", class: "retire-key", onclick: async () => {
          const reason = prompt(t("opening.retireReason"));
          if (!reason) return;
          try { await api("POST", `/opening-keys/${k.keyId}/retire`, { reason }); refresh(); } catch (e) { mount(out, errorBox(e)); }
        } }, t("opening.retire")))));
  return [h("h1", {}, t("opening.keysTitle")), form, out, h("h2", {}, t("opening.myKeys")), keys.length ? list : h("p", {}, t("opening.noKeys"))];
}

/** The holder's opening screen: its sealed shares are opened in this browser and posted. */
export async function openingPage(id) {
  const user = session.user;
  if (!isStaff(user)) return [errorBox(new Error(t("opening.staffOnly")))];
  const x = await api("GET", `/tenders/${id}`);
  const out = h("div", { id: "opening-result", "aria-live": "polite" });
  const file = h("input", { type: "file", id: "key-file-input", accept: "application/json,.json" });
  const form = h("form", { id: "opening-form", onsubmit: async (ev) => {
      ev.preventDefault();
      try {
        if (!file.files[0]) throw new Error(t("opening.chooseFile"));
        mount(out, h("p", {}, t("opening.opening")));
        const recipient = await openKeyFile(await file.files[0].text(), String(new FormData(ev.target).get("passphrase")));
        const sealed = (await api("GET", `/tenders/${id}/opening/shares`)).items;
        if (!sealed.length) { mount(out, h("p", { id: "opening-none" }, t("opening.nothingSealed"))); return; }
        const shares = [];
        for (const item of sealed) shares.push({ bidId: item.bidId, share: await openShare(recipient, id, item) });
        const r = await api("POST", `/tenders/${id}/opening/shares`, { shares });
        mount(out, h("p", { class: "ok", id: "opening-posted" }, t("opening.posted", { n: shares.length })),
          h("table", { id: "opening-states" }, h("thead", {}, h("tr", {}, h("th", {}, t("opening.bid")), h("th", {}, t("opening.status")), h("th", {}, t("opening.shares")))),
            h("tbody", {}, r.items.map((b) => h("tr", {}, h("td", {}, h("code", {}, b.bidId.slice(0, 8))),
              h("td", { class: "bid-state" }, t("bidstatus." + b.status), b.openedBy === "escrow" ? " " + t("opening.byEscrow") : ""),
              h("td", {}, `${b.sharesPosted} / ${b.threshold}`))))));
      } catch (e) { mount(out, errorBox(e)); }
    } },
    h("p", {}, t("opening.holderExplain", { t: x.opening?.threshold ?? "?", n: x.opening?.holderCount ?? "?" })),
    h("label", { for: "key-file-input" }, t("opening.keyFile")), file,
    h("label", { for: "opening-passphrase" }, t("opening.passphrase")), h("input", { id: "opening-passphrase", name: "passphrase", type: "password", required: true, autocomplete: "current-password" }),
    h("button", { type: "submit", id: "opening-submit" }, t("opening.open")));
  return [h("h1", {}, t("opening.title"), " — ", x.title), form, out];
}

/** The tender page's line about its escrowed opening, and the holders' way in. */
export function openingSummary(x, user) {
  if (!x.escrowRequired) return [];
  const parts = [h("p", { id: "tender-opening" }, t("opening.summary", { t: x.opening.threshold, n: x.opening.holderCount }))];
  if (isStaff(user) && x.phase === "revealing" && (x.opening.holders ?? []).includes(user.id)) {
    parts.push(h("p", {}, h("a", { href: `#/tenders/${x.id}/open`, id: "open-link", class: "button" }, t("opening.start"))));
  }
  return parts;
}
