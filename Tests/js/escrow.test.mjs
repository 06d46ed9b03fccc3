// node --test Tests/js — escrow.js against RFC 9180's vector A.1.1 (DHKEM(X25519, HKDF-SHA256),
// HKDF-SHA256, AES-128-GCM, base mode), FIPS-197's GF(2^8) products and hand-computed Shamir shares.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fromHex, toHex } from "../../Static/js/commitment.js";
import {
  gfMul, gfInverse, shamirSplit, shamirCombine, deriveKeyPairBytes, x25519FromPrivate, hpkeSeal, hpkeOpen,
  buildEscrow, openShare, openEscrow, newKeyFile, openKeyFile, toBase64,
} from "../../Static/js/escrow.js";

const v = {
  info: "4f6465206f6e2061204772656369616e2055726e",
  ikmE: "7268600d403fce431561aef583ee1613527cff655c1343f29812e66706df3234",
  skEm: "52c4a758a802cd8b936eceea314432798d5baf2d7e9235dc084ab1b9cfa2f736",
  pkEm: "37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431",
  ikmR: "6db9df30aa07dd42ee5e8181afdb977e538f5e1fec8a06223f33f7013e525037",
  skRm: "4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8",
  pkRm: "3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d",
  shared: "fe0e18c9f024ce43799ae393c7e8fe8fce9d218875e8227b0187c04e7d2ea1fc",
  key: "4531685d41d65f03dc48f6b8302c05b0",
  baseNonce: "56d890e5accaaf011cff4b7d",
  pt: "4265617574792069732074727574682c20747275746820626561757479",
  aad0: "436f756e742d30",
  ct0: "f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a96d8770ac83d07bea87e13c512a",
  aad1: "436f756e742d31",
  ct1: "af2d7e9ac9ae7e270f46ba1f975be53c09f8d875bdc8535458c2494e8a6eab251c03d0c22a56b8ca42c2063b84",
};

test("RFC 9180 A.1.1: DeriveKeyPair gives the vector's keys", async () => {
  assert.equal(toHex(await deriveKeyPairBytes(fromHex(v.ikmE))), v.skEm);
  assert.equal(toHex(await deriveKeyPairBytes(fromHex(v.ikmR))), v.skRm);
  assert.equal(toHex((await x25519FromPrivate(fromHex(v.skEm))).publicKey), v.pkEm);
  assert.equal(toHex((await x25519FromPrivate(fromHex(v.skRm))).publicKey), v.pkRm);
});

test("RFC 9180 A.1.1: the sender's shared secret, key schedule and first two ciphertexts", async () => {
  const r = await hpkeSeal(fromHex(v.pkRm), fromHex(v.info), [fromHex(v.pt), fromHex(v.pt)], [fromHex(v.aad0), fromHex(v.aad1)], fromHex(v.skEm));
  assert.equal(toHex(r.enc), v.pkEm);
  assert.equal(toHex(r.shared), v.shared);
  assert.equal(toHex(r.key), v.key);
  assert.equal(toHex(r.baseNonce), v.baseNonce);
  assert.equal(toHex(r.cts[0]), v.ct0);
  assert.equal(toHex(r.cts[1]), v.ct1);
});

test("RFC 9180 A.1.1: the recipient opens the first ciphertext, and refuses a changed one", async () => {
  const recipient = await x25519FromPrivate(fromHex(v.skRm));
  assert.equal(toHex(await hpkeOpen(recipient, fromHex(v.pkEm), fromHex(v.info), fromHex(v.ct0), fromHex(v.aad0))), v.pt);
  const bad = fromHex(v.ct0);
  bad[0] ^= 1;
  await assert.rejects(hpkeOpen(recipient, fromHex(v.pkEm), fromHex(v.info), bad, fromHex(v.aad0)));
});

test("GF(2^8): FIPS-197 products and inverses", () => {
  for (const [a, b, p] of [[0x57, 0x83, 0xc1], [0x57, 0x13, 0xfe], [0x02, 0x80, 0x1b], [0x03, 0x03, 0x05], [0x53, 0xca, 0x01], [0, 0xab, 0]]) {
    assert.equal(gfMul(a, b), p);
  }
  assert.equal(gfInverse(0x53), 0xca);
  for (let a = 1; a < 256; a++) assert.equal(gfMul(a, gfInverse(a)), 1);
});

test("Shamir: hand-computed shares of 0x2A (f = 0x2A + 3x, and + 2x²)", () => {
  const fixed = (cs) => { let k = 0; return () => Uint8Array.of(cs[k++]); };
  assert.deepEqual(shamirSplit(Uint8Array.of(0x2a), 2, 3, fixed([3])).map((s) => s.bytes[0]), [0x29, 0x2c, 0x2f]);
  assert.deepEqual(shamirSplit(Uint8Array.of(0x2a), 3, 3, fixed([3, 2])).map((s) => s.bytes[0]), [0x2b, 0x24, 0x25]);
});

function subsets(items, k) {
  if (k === 0) return [[]];
  if (items.length < k) return [];
  const [h, ...rest] = items;
  return [...subsets(rest, k - 1).map((s) => [h, ...s]), ...subsets(rest, k)];
}

test("Shamir: every t-subset of n shares rebuilds the secret (t = 2..5)", () => {
  const secret = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff);
  for (let t = 2; t <= 5; t++) {
    const shares = shamirSplit(secret, t, t + 2);
    for (const subset of subsets(shares, t)) assert.deepEqual(shamirCombine(subset), secret);
    assert.notDeepEqual(shamirCombine(shares.slice(0, t - 1)), secret);
  }
});

test("an escrow built here opens with any three of five holders' shares", async () => {
  const keys = await Promise.all([1, 2, 3, 4, 5].map(() => globalThis.crypto.getRandomValues(new Uint8Array(32))).map((raw) => x25519FromPrivate(raw)));
  const holders = keys.map((k, i) => ({ number: i + 1, publicKey: toBase64(k.publicKey) }));
  const tenderId = "t-1", commitment = "ab".repeat(32), salt = "cd".repeat(32), document = '{"price":"10.00","currency":"CNY"}';
  const escrow = await buildEscrow({ tenderId, commitment, salt, document, threshold: 3, holders });
  assert.equal(escrow.shares.length, 5);
  const posted = [];
  for (const s of escrow.shares) posted.push({ number: s.number, share: await openShare(keys[s.number - 1], tenderId, { ...s, commitment }) });
  for (const subset of subsets(posted, 3)) assert.deepEqual(await openEscrow(escrow, subset, commitment), { salt, document });
  await assert.rejects(openEscrow(escrow, posted.slice(0, 2), commitment), /key hash/);
  await assert.rejects(openShare(keys[1], tenderId, { ...escrow.shares[0], commitment }));
});

test("a key file opens with its passphrase only", async () => {
  const { publicKey, keyFile } = await newKeyFile("correct horse battery", 1000);
  const opened = await openKeyFile(keyFile, "correct horse battery");
  assert.equal(opened.publicKeyBase64, publicKey);
  assert.equal(JSON.parse(keyFile).kdf.iterations, 1000);
  await assert.rejects(openKeyFile(keyFile, "wrong horse battery"), /wrong passphrase/);
  await assert.rejects(newKeyFile("short"), /12 characters/);
  assert.ok(!keyFile.includes(toHex(opened.publicKey)));
});
