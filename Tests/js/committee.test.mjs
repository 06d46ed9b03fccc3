// The committee builder's live rule (招标投标法 art. 37), hand-computed cases.
import { test } from "node:test";
import assert from "node:assert/strict";
import { problems, composition } from "../../Static/js/committee.js";

const m = (kinds) => kinds.map((kind, i) => ({ userId: "u" + i, kind }));
const E = "expert", R = "representative";

test("composition counts members and experts", () => {
  assert.deepEqual(composition(m([E, R, E])), { size: 3, experts: 2 });
  assert.deepEqual(composition([]), { size: 0, experts: 0 });
});

test("the rule, case by case", () => {
  const cases = [
    // members, chair, minimum size, expected problems
    [m([E, E, E, E, R]), "u0", 5, []],                                   // 5 members, 4 experts ≥ 2/3 of 5 (3.33)
    [m([E, E, E, R, R]), "u0", 5, ["committee.fewExperts"]],             // 3 experts < 3.33
    [m([E, E, E, E, E, E, R]), "u6", 5, []],                             // 7 members, 6 experts; the chair may be a representative
    [m([E, E, E, E, R, R, R]), "u0", 5, ["committee.fewExperts"]],       // 4 < 4.67
    [m([E, E, E, E]), "u0", 5, ["committee.tooSmall", "committee.even"]],
    [m([E, E, E, E, E, E]), "u0", 5, ["committee.even"]],
    [m([E, E, R]), "u0", 3, []],                                         // exactly two thirds is enough
    [m([E, E, E, E, R]), "nobody", 5, ["committee.chair"]],
    [m([E]), "u0", 1, []],                                               // a test regime with a minimum of one
    [[], "", 5, ["committee.tooSmall", "committee.even", "committee.chair"]],
  ];
  for (const [members, chair, min, expected] of cases) assert.deepEqual(problems(members, chair, min), expected, JSON.stringify([members.map((x) => x.kind), chair, min]));
});
