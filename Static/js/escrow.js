// Escrowed opening (docs/DESIGN.md §13), in the browser: the vendor seals its envelope to the key
// holders; a holder opens its shares with its private key. Pure functions over WebCrypto (X25519,
// HMAC, AES-GCM; browsers and Node ≥ 20 alike); the only code written here is what the standards
// define: RFC 9180's key schedule (base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
// AES-128-GCM) and Shamir's scheme over GF(2^8). Unit-tested with node --test against RFC 9180's
// vector and against the server's Swift implementation.

import { toHex, fromHex, fromBase64 } from "./commitment.js";

const subtle = globalThis.crypto.subtle;
const utf8 = (s) => new TextEncoder().encode(s);

export function toBase64(bytes) {
  let bin = "";
  for (const b of new Uint8Array(bytes)) bin += String.fromCharCode(b);
  return btoa(bin);
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const i2osp = (n, w) => Uint8Array.from({ length: w }, (_, i) => (n >> (8 * (w - 1 - i))) & 0xff);

function random(n) {
  const b = new Uint8Array(n);
  globalThis.crypto.getRandomValues(b);
  return b;
}

// MARK: GF(2^8) and Shamir

/** The product in GF(2^8) with the AES polynomial x^8 + x^4 + x^3 + x + 1. */
export function gfMul(a, b) {
  let p = 0;
  while (b) {
    if (b & 1) p ^= a;
    a = a & 0x80 ? ((a << 1) ^ 0x11b) & 0xff : a << 1;
    b >>= 1;
  }
  return p;
}

/** The multiplicative inverse (a^254); a must not be 0. */
export function gfInverse(a) {
  if (a === 0) throw new Error("0 has no inverse");
  let r = 1;
  for (let i = 0; i < 254; i++) r = gfMul(r, a);
  return r;
}

/** Splits `secret` (bytes) into `count` shares numbered 1…count, any `threshold` of which rebuild it. */
export function shamirSplit(secret, threshold, count, randomBytes = random) {
  if (!(threshold >= 2 && threshold <= count && count <= 255)) throw new Error("need 2 <= threshold <= count <= 255");
  const coefficients = Array.from({ length: threshold - 1 }, () => randomBytes(secret.length));
  return Array.from({ length: count }, (_, k) => {
    const x = k + 1;
    const bytes = secret.map((s, i) => {
      let y = 0;
      for (let c = threshold - 2; c >= 0; c--) y = gfMul(y, x) ^ coefficients[c][i];
      return gfMul(y, x) ^ s;
    });
    return { number: x, bytes: Uint8Array.from(bytes) };
  });
}

/** The secret the shares interpolate at 0 (Lagrange, byte by byte). */
export function shamirCombine(shares) {
  if (shares.length === 0) throw new Error("no shares");
  const length = shares[0].bytes.length;
  const numbers = new Set(shares.map((s) => s.number));
  if (numbers.size !== shares.length || numbers.has(0)) throw new Error("share numbers must be distinct and non-zero");
  const out = new Uint8Array(length);
  for (const si of shares) {
    let num = 1, den = 1;
    for (const sj of shares) {
      if (sj.number === si.number) continue;
      num = gfMul(num, sj.number);
      den = gfMul(den, sj.number ^ si.number);
    }
    const l = gfMul(num, gfInverse(den));
    for (let i = 0; i < length; i++) out[i] ^= gfMul(si.bytes[i], l);
  }
  return out;
}

// MARK: RFC 9180

async function hmac(key, data) {
  const k = await subtle.importKey("raw", key.length ? key : new Uint8Array(32), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await subtle.sign("HMAC", k, data));
}

/** HKDF-Extract (RFC 5869): an empty salt is HashLen zero bytes, as HMAC pads it anyway. */
const extract = (salt, ikm) => hmac(salt, ikm);

/** HKDF-Expand (RFC 5869) to `length` bytes. */
async function expand(prk, info, length) {
  let t = new Uint8Array(0), out = new Uint8Array(0);
  for (let i = 1; out.length < length; i++) {
    t = await hmac(prk, concat(t, info, Uint8Array.of(i)));
    out = concat(out, t);
  }
  return out.slice(0, length);
}

const KEM_ID = 0x0020, KDF_ID = 0x0001, AEAD_ID = 0x0001;
const KEM_SUITE = concat(utf8("KEM"), i2osp(KEM_ID, 2));
const HPKE_SUITE = concat(utf8("HPKE"), i2osp(KEM_ID, 2), i2osp(KDF_ID, 2), i2osp(AEAD_ID, 2));

const labeledExtract = (suite, salt, label, ikm) => extract(salt, concat(utf8("HPKE-v1"), suite, utf8(label), ikm));
const labeledExpand = (suite, prk, label, info, length) =>
  expand(prk, concat(i2osp(length, 2), utf8("HPKE-v1"), suite, utf8(label), info), length);

const PKCS8_X25519 = fromHex("302e020100300506032b656e04220420");

/** An X25519 key pair from 32 raw private bytes: the CryptoKey and the raw public key. */
export async function x25519FromPrivate(raw, extractable = false) {
  const privateKey = await subtle.importKey("pkcs8", concat(PKCS8_X25519, raw), { name: "X25519" }, true, ["deriveBits"]);
  const jwk = await subtle.exportKey("jwk", privateKey);
  const publicRaw = fromBase64(jwk.x.replace(/-/g, "+").replace(/_/g, "/") + "=");
  const key = extractable ? privateKey : await subtle.importKey("pkcs8", concat(PKCS8_X25519, raw), { name: "X25519" }, false, ["deriveBits"]);
  return { privateKey: key, publicKey: publicRaw };
}

/** DeriveKeyPair (RFC 9180 §7.1.3) for X25519: the raw private key from input keying material. */
export async function deriveKeyPairBytes(ikm) {
  const prk = await labeledExtract(KEM_SUITE, new Uint8Array(0), "dkp_prk", ikm);
  return labeledExpand(KEM_SUITE, prk, "sk", new Uint8Array(0), 32);
}

async function dh(privateKey, publicRaw) {
  const pub = await subtle.importKey("raw", publicRaw, { name: "X25519" }, false, []);
  const bits = new Uint8Array(await subtle.deriveBits({ name: "X25519", public: pub }, privateKey, 256));
  if (bits.every((b) => b === 0)) throw new Error("low-order public key");
  return bits;
}

async function sharedSecret(dhBytes, enc, pkR) {
  const prk = await labeledExtract(KEM_SUITE, new Uint8Array(0), "eae_prk", dhBytes);
  return labeledExpand(KEM_SUITE, prk, "shared_secret", concat(enc, pkR), 32);
}

/** The base-mode key schedule: the AEAD key (16 bytes) and base nonce (12 bytes). */
async function keySchedule(shared, info) {
  const empty = new Uint8Array(0);
  const pskIdHash = await labeledExtract(HPKE_SUITE, empty, "psk_id_hash", empty);
  const infoHash = await labeledExtract(HPKE_SUITE, empty, "info_hash", info);
  const context = concat(Uint8Array.of(0), pskIdHash, infoHash);
  const secret = await labeledExtract(HPKE_SUITE, shared, "secret", empty);
  return {
    key: await labeledExpand(HPKE_SUITE, secret, "key", context, 16),
    baseNonce: await labeledExpand(HPKE_SUITE, secret, "base_nonce", context, 12),
  };
}

function nonceFor(baseNonce, seq) {
  const n = Uint8Array.from(baseNonce);
  for (let i = 0; i < 4; i++) n[11 - i] ^= (seq >>> (8 * i)) & 0xff;
  return n;
}

async function aesGcm(op, keyBytes, nonce, data, aad) {
  const key = await subtle.importKey("raw", keyBytes, { name: "AES-GCM" }, false, [op]);
  const params = { name: "AES-GCM", iv: nonce, additionalData: aad };
  return new Uint8Array(await (op === "encrypt" ? subtle.encrypt(params, key, data) : subtle.decrypt(params, key, data)));
}

/**
 * SetupBaseS and Seal: encrypts each plaintext in turn (sequence 0, 1, …) to the raw public key
 * `pkR`. `ephemeral` (32 raw private bytes) is for test vectors only; normally it is random.
 */
export async function hpkeSeal(pkR, info, plaintexts, aads = [], ephemeral = null) {
  const skE = ephemeral ?? random(32);
  const { privateKey, publicKey: enc } = await x25519FromPrivate(skE);
  const shared = await sharedSecret(await dh(privateKey, pkR), enc, pkR);
  const { key, baseNonce } = await keySchedule(shared, info);
  const cts = [];
  for (let i = 0; i < plaintexts.length; i++) cts.push(await aesGcm("encrypt", key, nonceFor(baseNonce, i), plaintexts[i], aads[i] ?? new Uint8Array(0)));
  return { enc, cts, shared, key, baseNonce };
}

/** SetupBaseR and Open, sequence 0: `recipient` is { privateKey (CryptoKey), publicKey (raw) }. */
export async function hpkeOpen(recipient, enc, info, ct, aad = new Uint8Array(0)) {
  const shared = await sharedSecret(await dh(recipient.privateKey, enc), enc, recipient.publicKey);
  const { key, baseNonce } = await keySchedule(shared, info);
  return aesGcm("decrypt", key, baseNonce, ct, aad);
}

// MARK: the escrow

export const openingInfo = (tenderId, commitment) => utf8(`tender-opening/v1\n${tenderId}\n${commitment}`);

const sha256Hex = async (bytes) => toHex(await subtle.digest("SHA-256", bytes));

/**
 * The escrow a vendor sends with its commitment: `holders` are the tender's published
 * `{number, publicKey}` (base64), `threshold` its t.
 */
export async function buildEscrow({ tenderId, commitment, salt, document, threshold, holders }) {
  const key = random(32);
  const nonce = random(12);
  const envelope = utf8(JSON.stringify({ salt, document }));
  const ciphertext = await aesGcm("encrypt", key, nonce, envelope, utf8(commitment));
  const ordered = [...holders].sort((a, b) => a.number - b.number);
  const shares = shamirSplit(key, threshold, ordered.length);
  const info = openingInfo(tenderId, commitment);
  const sealed = [];
  for (const s of shares) {
    const { enc, cts } = await hpkeSeal(fromBase64(ordered[s.number - 1].publicKey), info, [s.bytes]);
    sealed.push({ number: s.number, enc: toBase64(enc), ct: toBase64(cts[0]), hash: await sha256Hex(s.bytes) });
  }
  return { ciphertext: toBase64(ciphertext), nonce: toBase64(nonce), keyHash: await sha256Hex(key), shares: sealed };
}

/** A holder opens one of its sealed shares (an item of GET …/opening/shares): the share as hex. */
export async function openShare(recipient, tenderId, item) {
  const share = await hpkeOpen(recipient, fromBase64(item.enc), openingInfo(tenderId, item.commitment), fromBase64(item.ct));
  return toHex(share);
}

/** What the server does with t posted shares, for checking in the browser: the envelope or an error. */
export async function openEscrow(escrow, shares, commitment) {
  const key = shamirCombine(shares.map((s) => ({ number: s.number, bytes: fromHex(s.share) })));
  if ((await sha256Hex(key)) !== escrow.keyHash) throw new Error("key hash differs");
  const plain = await aesGcm("decrypt", key, fromBase64(escrow.nonce), fromBase64(escrow.ciphertext), utf8(commitment));
  return JSON.parse(new TextDecoder().decode(plain));
}

// MARK: the holder's key file

export const KEY_FILE_ITERATIONS = 600000;

async function passphraseKey(passphrase, salt, iterations, usage) {
  const base = await subtle.importKey("raw", utf8(passphrase), "PBKDF2", false, ["deriveKey"]);
  return subtle.deriveKey({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, base, { name: "AES-GCM", length: 256 }, false, [usage]);
}

/**
 * A new opening key: the raw public key to register, and the key file (JSON text) that keeps the
 * private key encrypted under the passphrase (PBKDF2-SHA256, then AES-256-GCM).
 */
export async function newKeyFile(passphrase, iterations = KEY_FILE_ITERATIONS) {
  if (!passphrase || passphrase.length < 12) throw new Error("the passphrase needs at least 12 characters");
  const pair = await subtle.generateKey({ name: "X25519" }, true, ["deriveBits"]);
  const pkcs8 = new Uint8Array(await subtle.exportKey("pkcs8", pair.privateKey));
  const publicKey = new Uint8Array(await subtle.exportKey("raw", pair.publicKey));
  const salt = random(16), nonce = random(12);
  const wrapped = await subtle.encrypt({ name: "AES-GCM", iv: nonce, additionalData: publicKey }, await passphraseKey(passphrase, salt, iterations, "encrypt"), pkcs8.slice(16));
  const file = {
    format: "tender-opening-key/v1",
    publicKey: toBase64(publicKey),
    kdf: { name: "PBKDF2", hash: "SHA-256", iterations, salt: toBase64(salt) },
    cipher: { name: "AES-256-GCM", nonce: toBase64(nonce), aad: "publicKey" },
    privateKey: toBase64(new Uint8Array(wrapped)),
  };
  return { publicKey: toBase64(publicKey), keyFile: JSON.stringify(file, null, 2) };
}

/** Opens a key file with its passphrase: { privateKey (CryptoKey), publicKey (raw), publicKeyBase64 }. */
export async function openKeyFile(text, passphrase) {
  const file = JSON.parse(text);
  if (file.format !== "tender-opening-key/v1") throw new Error("not an opening key file");
  const publicKey = fromBase64(file.publicKey);
  let raw;
  try {
    raw = new Uint8Array(await subtle.decrypt(
      { name: "AES-GCM", iv: fromBase64(file.cipher.nonce), additionalData: publicKey },
      await passphraseKey(passphrase, fromBase64(file.kdf.salt), file.kdf.iterations, "decrypt"),
      fromBase64(file.privateKey)));
  } catch {
    throw new Error("wrong passphrase or damaged key file");
  }
  const pair = await x25519FromPrivate(raw);
  if (toBase64(pair.publicKey) !== file.publicKey) throw new Error("the key file's public key does not match its private key");
  return { privateKey: pair.privateKey, publicKey: pair.publicKey, publicKeyBase64: file.publicKey };
}
