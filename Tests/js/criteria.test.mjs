import { test } from "node:test";
import assert from "node:assert/strict";
import { weightTotal, problems, toAPI } from "../../Static/js/criteria.js";

const good = [
  { key: "price", type: "price", weight: "60" },
  { key: "technical", name: "Technical", type: "scored", weight: "25.5", maxScore: "40" },
  { key: "experience", name: "Experience", type: "scored", weight: "14.5", maxScore: "10" },
  { key: "license", name: "Licence", type: "qualification" },
];

test("weights total in hundredths, qualification rows excluded", () => {
  assert.equal(weightTotal(good), 100);
  assert.equal(weightTotal([{ type: "price", weight: "33.33" }, { type: "scored", weight: "66.67" }]), 100);  // not 99.99999
});

test("valid criteria have no problems; each rule is reported", () => {
  assert.deepEqual(problems(good), []);
  assert.deepEqual(problems(good.slice(1)), ["editor.onePrice", "editor.total100"]);
  assert.ok(problems([...good, { key: "license", name: "x", type: "qualification" }]).includes("editor.uniqueKeys"));
  assert.ok(problems([{ ...good[0] }, { ...good[1], key: "Tech" }, good[2]]).includes("editor.keyFormat"));
  assert.ok(problems([good[0], { ...good[1], maxScore: "0" }, good[2]]).includes("editor.needMaxScore"));
});

test("toAPI writes the API's shape", () => {
  assert.deepEqual(toAPI(good), [
    { key: "price", type: "price", weight: 60 },
    { key: "technical", name: "Technical", type: "scored", weight: 25.5, maxScore: 40 },
    { key: "experience", name: "Experience", type: "scored", weight: 14.5, maxScore: 10 },
    { key: "license", name: "Licence", type: "qualification" },
  ]);
});
