// RFC 6962 Merkle audit paths, to check in the browser that a commitment is in the published tree.
// Leaves are the commitments' raw 32 bytes: leaf hash = SHA-256(0x00 ‖ leaf), node = SHA-256(0x01 ‖ l ‖ r).
import { fromHex, toHex } from "./commitment.js";

const subtle = globalThis.crypto.subtle;

async function sha256(...parts) {
  const len = parts.reduce((n, p) => n + p.length, 0);
  const buf = new Uint8Array(len);
  let o = 0;
  for (const p of parts) { buf.set(p, o); o += p.length; }
  return new Uint8Array(await subtle.digest("SHA-256", buf));
}

export async function leafHash(leaf) { return sha256(new Uint8Array([0]), leaf); }
export async function nodeHash(l, r) { return sha256(new Uint8Array([1]), l, r); }

/** Root from a leaf, its index, the tree size and the audit path (RFC 6962 section 2.1.1). */
export async function rootFromPath(leafHex, index, size, pathHex) {
  if (index < 0 || index >= size) throw new Error("index outside the tree");
  let fn = index, sn = size - 1;
  let r = await leafHash(fromHex(leafHex));
  for (const p of pathHex.map(fromHex)) {
    if (sn === 0) throw new Error("path too long");
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      if (fn % 2 === 0) { while (fn % 2 === 0 && fn !== 0) { fn >>= 1; sn >>= 1; } }
    } else {
      r = await nodeHash(r, p);
    }
    fn >>= 1; sn >>= 1;
  }
  if (sn !== 0) throw new Error("path too short");
  return toHex(r);
}

/** Whether the proof answered by GET …/commitments/{bidId}/proof puts `commitmentHex` under `root`. */
export async function verifyInclusion(commitmentHex, proof) {
  return (await rootFromPath(commitmentHex, proof.leafIndex, proof.treeSize, proof.auditPath)) === proof.root;
}

/** Root of a whole list of leaves (for tests and for recomputing the published root). */
export async function root(leavesHex) {
  const leaves = leavesHex.map(fromHex);
  if (leaves.length === 0) return toHex(new Uint8Array(await subtle.digest("SHA-256", new Uint8Array())));
  async function mth(items) {
    if (items.length === 1) return leafHash(items[0]);
    let k = 1;
    while (k * 2 < items.length) k *= 2;
    return nodeHash(await mth(items.slice(0, k)), await mth(items.slice(k)));
  }
  return toHex(await mth(leaves));
}
