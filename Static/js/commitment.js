// Sealed-bid commitments exactly as docs/DESIGN.md §4 defines them, computed in the browser:
// SHA-256 over the UTF-8 bytes of "tenderId:vendorId:salt:" followed by the bid document.
// Pure functions over WebCrypto (browsers and Node ≥ 20 alike); unit-tested with node --test.

const subtle = globalThis.crypto.subtle;

export function toHex(bytes) {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

export function fromHex(hex) {
  if (!/^([0-9a-f]{2})*$/.test(hex)) throw new Error("not lowercase hex");
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function fromBase64(b64) {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** 32 random bytes from crypto.getRandomValues, as 64 lowercase hex characters. */
export function randomSalt() {
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  return toHex(bytes);
}

/** The commitment (64 lowercase hex characters) for a bid document string. */
export async function commitment(tenderId, vendorId, salt, documentText) {
  const bytes = new TextEncoder().encode(`${tenderId}:${vendorId}:${salt}:${documentText}`);
  return toHex(await subtle.digest("SHA-256", bytes));
}

/** Canonical bid document text (the exact bytes that are committed and later revealed). */
export function bidDocument({ price, currency, qualifications, experienceYears, proposal }) {
  return JSON.stringify({ price, currency, qualifications, experienceYears, proposal });
}

/** Verifies the server's Ed25519 receipt signature over the payload with the published raw key. */
export async function verifyReceipt(publicKeyBase64, payload, signatureBase64) {
  const key = await subtle.importKey("raw", fromBase64(publicKeyBase64), { name: "Ed25519" }, false, ["verify"]);
  return subtle.verify({ name: "Ed25519" }, key, fromBase64(signatureBase64), new TextEncoder().encode(payload));
}

/** The envelope a vendor must keep: without it the bid cannot be revealed. */
export function envelope({ tenderId, vendorId, salt, document, commitment, receipt }) {
  return { format: "tender-bid-envelope/1", tenderId, vendorId, salt, document, commitment, receipt };
}

export function parseEnvelope(text) {
  const e = JSON.parse(text);
  if (e.format !== "tender-bid-envelope/1") throw new Error("not a bid envelope");
  for (const k of ["tenderId", "vendorId", "salt", "document", "commitment"]) {
    if (typeof e[k] !== "string") throw new Error(`envelope field ${k} is missing`);
  }
  return e;
}
