import { test } from "node:test";
import assert from "node:assert/strict";

// i18n.js reads the chosen language from localStorage at load; Node has none.
globalThis.localStorage = { getItem: () => "en", setItem: () => {} };
const { dateTime } = await import("../../Static/js/i18n.js");

// 2026-04-01T02:00Z is 10:00 in Shanghai (UTC+8, no daylight saving) and 04:00 in Berlin (CEST).
test("a time always names its zone", () => {
  assert.equal(dateTime("2026-04-01T02:00:00Z", undefined, "UTC"), "Apr 1, 2026, 02:00 UTC");
});

test("the tender's zone follows when the viewer is elsewhere", () => {
  assert.equal(dateTime("2026-04-01T02:00:00Z", "Asia/Shanghai", "UTC"), "Apr 1, 2026, 02:00 UTC (Asia/Shanghai: Apr 1, 2026, 10:00 GMT+8)");
  assert.equal(dateTime("2026-04-01T02:00:00Z", "Asia/Shanghai", "Europe/Berlin"), "Apr 1, 2026, 04:00 GMT+2 (Asia/Shanghai: Apr 1, 2026, 10:00 GMT+8)");
});

test("one time only when the viewer is in the tender's zone, or the zone is unknown", () => {
  assert.equal(dateTime("2026-04-01T02:00:00Z", "Asia/Shanghai", "Asia/Shanghai"), "Apr 1, 2026, 10:00 GMT+8");
  assert.equal(dateTime("2026-04-01T02:00:00Z", "Not/AZone", "UTC"), "Apr 1, 2026, 02:00 UTC");
  assert.equal(dateTime(null, "Asia/Shanghai", "UTC"), "");
});
