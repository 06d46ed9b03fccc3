// The vendor's sealed bid (only its commitment leaves the browser before the deadline) and its reveal.
import { h, mount } from "../dom.js";
import { t, money, dateTime } from "../i18n.js";
import { api, apiBlob, session } from "../api.js";
import { commitment, randomSalt, bidDocument, verifyReceipt, envelope, parseEnvelope } from "../commitment.js";
import { verifyInclusion, root as merkleRoot } from "../merkle.js";
import { buildEscrow } from "../escrow.js";
import { errorBox, live, refresh, expected, act as actOn } from "../ui.js";

/** The bid never leaves the browser before the deadline: only its commitment is sent. */
export async function bidPage(id) {
  const user = session.user;
  if (user?.role !== "vendor") return [errorBox(new Error(t("bid.vendorsOnly")))];
  const x = await api("GET", `/tenders/${id}`);
  const quals = x.criteria.filter((c) => c.type === "qualification");
  const out = h("div", { id: "bid-result", "aria-live": "polite" });
  // The bid that counts now, if any: a new submission replaces it, so the vendor confirms that first.
  const active = (await api("GET", `/tenders/${id}/bids`)).items.find((b) => b.status === "sealed");
  const confirmBox = active ? h("input", { type: "checkbox", id: "replace-confirm", name: "replace-confirm", required: true }) : null;
  const activeNotice = active ? h("section", { id: "active-bid", class: "warning", role: "note" },
    h("p", {}, t("bid.activeBid", { at: dateTime(active.submittedAt, x.timeZone) }), " ", h("code", { class: "prefix" }, active.commitment.slice(0, 16) + "…"), " ",
      t("bidstatus." + active.status)),
    h("label", { class: "check", for: "replace-confirm" }, confirmBox, " ", t("bid.replaceConfirm"))) : null;
  const form = h("form", { id: "bid-form", onsubmit: async (ev) => {
      ev.preventDefault();
      if (confirmBox && !confirmBox.checked) { mount(out, errorBox(new Error(t("bid.replaceConfirm")))); return; }
      const f = new FormData(ev.target);
      const doc = bidDocument({
        price: String(f.get("price")), currency: x.budget.currency,
        qualifications: Object.fromEntries(quals.map((q) => [q.key, f.get("q-" + q.key) === "on"])),
        experienceYears: Number(f.get("experienceYears")), proposal: String(f.get("proposal")),
      });
      const salt = randomSalt();
      const c = await commitment(id, user.id, salt, doc);
      try {
        const body = { commitment: c };
        if (x.escrowRequired) {
          // Sealed here to the tender's key holders: any t of them can open it after the deadline.
          const keys = await api("GET", `/tenders/${id}/opening-keys`);
          body.escrow = await buildEscrow({ tenderId: id, commitment: c, salt, document: doc, threshold: keys.threshold, holders: keys.holders });
        }
        const r = await api("POST", `/tenders/${id}/bids`, body);
        const keys = await api("GET", "/keys");
        const key = keys.keys.find((k) => k.keyId === r.receipt.keyId);
        const ok = key ? await verifyReceipt(key.publicKey, r.receipt.payload, r.receipt.signature) : false;
        const env = envelope({ tenderId: id, vendorId: user.id, salt, document: doc, commitment: c, receipt: r.receipt });
        const blob = new Blob([JSON.stringify(env, null, 2)], { type: "application/json" });
        mount(out,
          h("p", { id: "receipt-check", class: ok ? "ok" : "error" }, ok ? t("bid.receiptOk") : t("bid.receiptBad")),
          h("p", {}, t("bid.commitment"), " ", h("code", { id: "commitment" }, c)),
          x.escrowRequired ? h("p", { id: "escrow-note" }, t("bid.escrowSent", { t: x.opening.threshold, n: x.opening.holderCount })) : null,
          h("p", { class: "warning", role: "alert" }, t("bid.envelopeWarning")),
          h("a", { id: "envelope", class: "button", href: URL.createObjectURL(blob), download: `bid-envelope-${id}.json` }, t("bid.saveEnvelope")));
      } catch (e) { mount(out, errorBox(e)); }
    } },
    h("label", { for: "price" }, t("bid.price", { currency: x.budget.currency })),
    h("input", { id: "price", name: "price", required: true, inputmode: "decimal", pattern: "[0-9]{1,15}(\\.[0-9]{1,2})?" }),
    ...quals.map((q) => h("label", { class: "check" }, h("input", { type: "checkbox", name: "q-" + q.key, id: "q-" + q.key }), " ", q.name)),
    h("label", { for: "experienceYears" }, t("bid.experience")), h("input", { id: "experienceYears", name: "experienceYears", type: "number", min: 0, value: 0 }),
    h("label", { for: "proposal" }, t("bid.proposal")), h("textarea", { id: "proposal", name: "proposal", rows: 4 }),
    activeNotice,
    h("button", { type: "submit", id: "bid-submit" }, active ? t("bid.replace") : t("bid.submit")));
  return [h("h1", {}, t("bid.title"), " — ", x.title), h("p", {}, t("bid.explain"), " ", t("bid.deadline", { at: dateTime(x.submissionDeadline, x.timeZone) })),
    x.escrowRequired ? h("p", { class: "note", id: "escrow-explain" }, t("bid.escrowExplain", { t: x.opening.threshold, n: x.opening.holderCount })) : null, form, out];
}

/** Reveal from the saved envelope, then check inclusion in the published root. */
export async function revealPage(id) {
  const out = h("div", { id: "reveal-result", "aria-live": "polite" });
  const input = h("input", { type: "file", id: "envelope-file", accept: "application/json,.json" });
  const form = h("form", { id: "reveal-form", onsubmit: async (ev) => {
      ev.preventDefault();
      try {
        const file = input.files[0];
        if (!file) throw new Error(t("reveal.chooseFile"));
        const e = parseEnvelope(await file.text());
        if (e.tenderId !== id) throw new Error(t("reveal.wrongTender"));
        if ((await commitment(e.tenderId, e.vendorId, e.salt, e.document)) !== e.commitment) throw new Error(t("reveal.corrupt"));
        const mine = await api("GET", `/tenders/${id}/bids`);
        const bid = mine.items.find((b) => b.commitment === e.commitment);
        if (!bid) throw new Error(t("reveal.noBid"));
        const r = await api("POST", `/tenders/${id}/bids/${bid.id}/reveal`, { salt: e.salt, document: e.document });
        const proof = await api("GET", `/tenders/${id}/commitments/${bid.id}/proof`);
        const included = await verifyInclusion(e.commitment, proof);
        mount(out, h("p", { id: "reveal-status" }, t("bidstatus." + r.status)),
          h("p", { id: "inclusion", class: included ? "ok" : "error" }, included ? t("reveal.included") : t("reveal.notIncluded")));
      } catch (err) { mount(out, errorBox(err)); }
    } },
    h("label", { for: "envelope-file" }, t("reveal.file")), input, h("button", { type: "submit", id: "reveal-submit" }, t("reveal.submit")));
  return [h("h1", {}, t("reveal.title")), form, out];
}
