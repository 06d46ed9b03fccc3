// The criteria builder's rules, mirroring docs/DESIGN.md §5 so that the editor can show them live
// (the server still decides): one price criterion, weights of price and scored criteria total 100.
export function weightTotal(rows) {
  const hundredths = rows.filter((r) => r.type !== "qualification").reduce((n, r) => n + Math.round(Number(r.weight || 0) * 100), 0);
  return hundredths / 100;
}

/** Problems as translation keys (empty when the criteria look valid). */
export function problems(rows) {
  const out = [];
  if (rows.filter((r) => r.type === "price").length !== 1) out.push("editor.onePrice");
  if (weightTotal(rows) !== 100) out.push("editor.total100");
  const keys = rows.map((r) => r.key);
  if (new Set(keys).size !== keys.length) out.push("editor.uniqueKeys");
  if (rows.some((r) => !/^[a-z][a-z0-9_]*$/.test(r.key))) out.push("editor.keyFormat");
  if (rows.some((r) => r.type === "scored" && !(Number(r.maxScore) > 0))) out.push("editor.needMaxScore");
  if (rows.some((r) => r.type !== "qualification" && !(Number(r.weight) > 0))) out.push("editor.positiveWeight");
  return out;
}

/** The API's criteria array from the builder's rows. */
export function toAPI(rows) {
  return rows.map((r) => r.type === "price" ? { key: "price", type: "price", weight: Number(r.weight) }
    : r.type === "scored" ? { key: r.key, name: r.name, type: "scored", weight: Number(r.weight), maxScore: Number(r.maxScore) }
    : { key: r.key, name: r.name, type: "qualification" });
}
