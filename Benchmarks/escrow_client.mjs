// The clients of Benchmarks/escrow_opening.py, with the browser's own code (Static/js/escrow.js):
//   node escrow_client.mjs keys N                       → N raw X25519 key pairs (JSON)
//   node escrow_client.mjs seal BASE FILE               → every vendor of FILE commits with an escrow
//   node escrow_client.mjs open BASE FILE               → each holder of FILE opens and posts its shares
// FILE is JSON written by the Python driver. Timings of the server's requests are printed as JSON.
import { readFileSync } from "node:fs";
import { commitment, randomSalt, fromBase64 } from "../Static/js/commitment.js";
import { buildEscrow, openShare, x25519FromPrivate, toBase64 } from "../Static/js/escrow.js";

const [command, a, b] = process.argv.slice(2);

async function call(base, method, path, token, body) {
  const r = await fetch(base + "/api/v1" + path, {
    method, headers: { "content-type": "application/json", ...(token ? { authorization: "Bearer " + token } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

if (command === "keys") {
  const out = [];
  for (let i = 0; i < Number(a); i++) {
    const raw = globalThis.crypto.getRandomValues(new Uint8Array(32));
    out.push({ privateKey: toBase64(raw), publicKey: toBase64((await x25519FromPrivate(raw)).publicKey) });
  }
  console.log(JSON.stringify(out));
} else if (command === "seal") {
  const input = JSON.parse(readFileSync(b, "utf8"));
  const keys = await call(a, "GET", `/tenders/${input.tender}/opening-keys`);
  let next = 0, sealMs = 0;
  async function worker() {
    while (next < input.vendors.length) {
      const v = input.vendors[next++];
      const salt = randomSalt();
      const document = JSON.stringify({ price: `${100000 + next}.00`, currency: "CNY", proposal: "x".repeat(2000) });
      const c = await commitment(input.tender, v.id, salt, document);
      const t0 = performance.now();
      const escrow = await buildEscrow({ tenderId: input.tender, commitment: c, salt, document, threshold: keys.threshold, holders: keys.holders });
      sealMs += performance.now() - t0;
      await call(a, "POST", `/tenders/${input.tender}/bids`, v.token, { commitment: c, escrow });
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker));
  console.log(JSON.stringify({ sealed: input.vendors.length, sealMsPerBid: sealMs / input.vendors.length }));
} else if (command === "open") {
  const input = JSON.parse(readFileSync(b, "utf8"));
  const results = [];
  for (const h of input.holders) {
    const recipient = await x25519FromPrivate(fromBase64(h.privateKey));
    let t0 = performance.now();
    const sealed = (await call(a, "GET", `/tenders/${input.tender}/opening/shares`, h.token)).items;
    const fetchMs = performance.now() - t0;
    t0 = performance.now();
    const shares = [];
    for (const item of sealed) shares.push({ bidId: item.bidId, share: await openShare(recipient, input.tender, item) });
    const openMs = performance.now() - t0;
    t0 = performance.now();
    const posted = await call(a, "POST", `/tenders/${input.tender}/opening/shares`, h.token, { shares });
    const postMs = performance.now() - t0;
    const opened = posted.items.filter((i) => i.openedBy === "escrow").length;
    t0 = performance.now();
    for (let i = 0; i < 20; i++) await fetch(a + "/health");
    const healthMs = (performance.now() - t0) / 20;
    results.push({ holder: h.number, shares: shares.length, fetchMs, clientOpenMs: openMs, postMs, opened, healthMs });
  }
  console.log(JSON.stringify(results));
}
