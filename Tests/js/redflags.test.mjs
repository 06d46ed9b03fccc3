import { test } from "node:test";
import assert from "node:assert/strict";
import { priceBars, ordered } from "../../Static/js/redflags.js";

test("price bars: lengths proportional to the price, the largest full width", () => {
  const bars = priceBars(["1000000.00", "1020000.00", "1040000.00"], 260, 10, 5);
  // 1,000,000 / 1,040,000 × 260 = 250; 1,020,000 / 1,040,000 × 260 = 255.
  assert.deepEqual(bars.map((b) => b.width), [250, 255, 260]);
  assert.deepEqual(bars.map((b) => b.y), [0, 15, 30]);
  assert.deepEqual(bars.map((b) => b.label), ["1000000.00", "1020000.00", "1040000.00"]);
});

test("flags are ordered warnings first, then by code", () => {
  const got = ordered([{ code: "single_bid", severity: "info" }, { code: "shared_origin", severity: "warning" }, { code: "price_pattern", severity: "warning" }]);
  assert.deepEqual(got.map((f) => f.code), ["price_pattern", "shared_origin", "single_bid"]);
});
