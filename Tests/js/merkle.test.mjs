import { test } from "node:test";
import assert from "node:assert/strict";
import { root, rootFromPath, verifyInclusion, leafHash, nodeHash } from "../../Static/js/merkle.js";
import { fromHex, toHex } from "../../Static/js/commitment.js";

// SHA-256("leaf-0") … SHA-256("leaf-6"); the root computed with python3 hashlib per RFC 6962.
const leaves = [
  "d2dbf006f96dd05044a8f63d8f118f23925ba4cc5750f8b6c8e287fd506c8188", "4140bf0e8569ed03ec838871ff2f190e9b3ea86bc083d7e9901049f75f00e855",
  "649837ddcb7e1967086d7d35aaef7b975c513815d96fc6e70015e93a2bfe0f9a", "9fde56c376760bd399b82eb8569229a2dff19219411ac71154dfeab2cf502454",
  "697f943b9ec5f90eddda8ae7473f5eb688187e3467f312fefa8677dde255042c", "fb1ec199d052a3ce6d141a28c2d706a51b99f09c2a8d61243062a046f06b68f1",
  "add4b896cb06bf0d24fd68948f1e9f7e0084b19f7b37f3fbc0f4b5d0d58ae277",
];

test("root of 7 leaves matches the python vector", async () => {
  assert.equal(await root(leaves), "5d1a589fae6e1b4d2b212b90976159488957ddc2e2e0ec40d8e7a8b5fbdd3424");
});

// RFC 6962 section 2.1.1 PATH(m, D[n]), written independently of the verifier.
async function path(m, items) {
  if (items.length <= 1) return [];
  let k = 1;
  while (k * 2 < items.length) k *= 2;
  const sub = async (xs) => fromHex(await root(xs.map(toHex)));
  return m < k ? [...(await path(m, items.slice(0, k))), await sub(items.slice(k))]
               : [...(await path(m - k, items.slice(k))), await sub(items.slice(0, k))];
}

test("every leaf's audit path leads to the root, for trees of 1 to 8 leaves", async () => {
  for (let n = 1; n <= 8; n++) {
    const items = Array.from({ length: n }, (_, i) => fromHex(leaves[i % 7].slice(0, 60) + i.toString(16).padStart(2, "0") + n.toString(16).padStart(2, "0")));
    const r = await root(items.map(toHex));
    for (let m = 0; m < n; m++) {
      const p = (await path(m, items)).map(toHex);
      assert.equal(await rootFromPath(toHex(items[m]), m, n, p), r, `n=${n} m=${m}`);
      assert.equal(await verifyInclusion(toHex(items[m]), { leafIndex: m, treeSize: n, auditPath: p, root: r }), true);
      if (n > 1) {
        const other = (m + 1) % n;
        assert.equal(await verifyInclusion(toHex(items[other]), { leafIndex: m, treeSize: n, auditPath: p, root: r }), false);
      }
    }
  }
});

test("wrong sizes are refused", async () => {
  await assert.rejects(rootFromPath(leaves[0], 3, 3, []));
  await assert.rejects(rootFromPath(leaves[0], 0, 4, []));
});

test("two-leaf root by hand", async () => {
  const a = fromHex(leaves[0]), b = fromHex(leaves[1]);
  assert.equal(await root([leaves[0], leaves[1]]), toHex(await nodeHash(await leafHash(a), await leafHash(b))));
});
