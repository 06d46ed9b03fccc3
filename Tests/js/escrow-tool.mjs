// The browser's escrow code driven from the Swift tests (not a node --test file): `seal FILE`
// builds an escrow from the JSON in FILE ({tenderId, commitment, salt, document, threshold,
// holders}); `open FILE` opens an escrow ({tenderId, commitment, escrow, holders: [{number,
// privateKey (base64 raw)}]}) with those holders' shares and prints the envelope.
import { readFileSync } from "node:fs";
import { fromBase64 } from "../../Static/js/commitment.js";
import { buildEscrow, openShare, openEscrow, x25519FromPrivate } from "../../Static/js/escrow.js";

const [command, file] = process.argv.slice(2);
const input = JSON.parse(readFileSync(file, "utf8"));
if (command === "seal") {
  process.stdout.write(JSON.stringify(await buildEscrow(input)));
} else if (command === "open") {
  const { tenderId, commitment, escrow } = input;
  const shares = [];
  for (const h of input.holders) {
    const sealed = escrow.shares.find((s) => s.number === h.number);
    const recipient = await x25519FromPrivate(fromBase64(h.privateKey));
    shares.push({ number: h.number, share: await openShare(recipient, tenderId, { ...sealed, commitment }) });
  }
  process.stdout.write(JSON.stringify(await openEscrow(escrow, shares, commitment)));
} else {
  console.error("usage: escrow-tool.mjs seal|open FILE");
  process.exit(2);
}
