// node --test Tests/js — the browser's pure modules, against vectors computed with Python's hashlib.
import { test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync, sign } from "node:crypto";
import { commitment, randomSalt, bidDocument, verifyReceipt, envelope, parseEnvelope, fromHex, toHex } from "../../Static/js/commitment.js";

const tender = "5f0c6a0e-1111-4222-8333-944455556666";
const vendor = "0a1b2c3d-aaaa-4bbb-8ccc-ddddeeeeffff";
const doc = '{"price":"1000000.00","currency":"CNY","qualifications":{"license":true},"experienceYears":6,"proposal":"Two shifts"}';

test("commitment is SHA-256 of tenderId:vendorId:salt:document (python3 hashlib vector)", async () => {
  assert.equal(await commitment(tender, vendor, "00".repeat(32), doc), "ab5eb865aacdeea69907db9aae207d2f25434a802482e027244995673a369a34");
});

test("bidDocument writes the fields in a fixed order", () => {
  assert.equal(bidDocument({ price: "1000000.00", currency: "CNY", qualifications: { license: true }, experienceYears: 6, proposal: "Two shifts" }), doc);
});

test("salts are 64 lowercase hex characters and differ", () => {
  const a = randomSalt(), b = randomSalt();
  assert.match(a, /^[0-9a-f]{64}$/);
  assert.notEqual(a, b);
});

test("hex round trip and rejection", () => {
  assert.equal(toHex(fromHex("00ff10")), "00ff10");
  assert.throws(() => fromHex("0F"));
  assert.throws(() => fromHex("abc"));
});

test("receipt signatures verify with the raw Ed25519 public key, and a changed payload does not", async () => {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const raw = publicKey.export({ format: "der", type: "spki" }).subarray(12);  // SPKI prefix is 12 bytes
  const payload = `tender:${tender}\nbid:x\nvendor:${vendor}\ncommitment:ab\nsubmittedAt:2026-03-02T02:00:00.000Z`;
  const sig = sign(null, Buffer.from(payload), privateKey).toString("base64");
  assert.equal(await verifyReceipt(raw.toString("base64"), payload, sig), true);
  assert.equal(await verifyReceipt(raw.toString("base64"), payload + " ", sig), false);
});

test("envelopes round trip and junk is refused", () => {
  const e = envelope({ tenderId: tender, vendorId: vendor, salt: "00", document: doc, commitment: "ab", receipt: null });
  assert.deepEqual(parseEnvelope(JSON.stringify(e)), e);
  assert.throws(() => parseEnvelope("{}"));
  assert.throws(() => parseEnvelope(JSON.stringify({ ...e, salt: 5 })));
});
