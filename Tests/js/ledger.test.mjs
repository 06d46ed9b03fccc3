import { test } from "node:test";
import assert from "node:assert/strict";
import { hundredths, format, deduction, grade, reviewTotal } from "../../Static/js/ledger.js";

test("money and points parse to hundredths and format back", () => {
  for (const [text, h] of [["0", 0], ["1234.5", 123450], ["1234.56", 123456], ["007", 700], ["999999999999999.99", 99999999999999999]]) {
    assert.equal(hundredths(text), h, text);
  }
  for (const bad of ["", "-1", "1.234", "1e3", "1,000", " ", null, undefined, "abc"]) assert.equal(hundredths(bad), null, String(bad));
  assert.equal(format(123450), "1234.50");
  assert.equal(format(5), "0.05");
  assert.equal(format(-2000000), "-20000.00");
});

test("deductions round half up to the cent, as the server does (hand-computed)", () => {
  for (const [installment, percent, expected] of [
    [1000000, 500, 50000], [33333, 500, 1667], [33331, 500, 1667], [33329, 500, 1666], [1, 5000, 1], [9999, 1234, 1234],
    [5000000, 2000, 1000000], [5000, 10000, 5000], [1000000000000, 9999, 999900000000],
  ]) {
    assert.equal(deduction(installment, percent), expected, `${installment} × ${percent}`);
  }
});

test("grades at the boundaries", () => {
  const t = { excellent: 90, good: 75, pass: 60 };
  for (const [total, g] of [[5999, "fail"], [6000, "pass"], [7499, "pass"], [7500, "good"], [8999, "good"], [9000, "excellent"]]) {
    assert.equal(grade(total, t), g, String(total));
  }
});

test("a review's total as it is typed", () => {
  const criteria = [{ key: "a", maxPoints: 30 }, { key: "b", maxPoints: 70 }];
  assert.deepEqual(reviewTotal(criteria, { a: "25", b: "62.5" }), { total: 8750 });
  assert.deepEqual(reviewTotal(criteria, { a: "25" }), { problem: "missing", key: "b" });
  assert.deepEqual(reviewTotal(criteria, { a: "30.01", b: "1" }), { problem: "range", key: "a" });
});
