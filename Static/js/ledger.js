// The ledger's arithmetic in the browser, the same as the server's (TenderDomain/Outsourcing/
// ContractRules.swift): money and points in integer hundredths, half-up rounding.

/** "1234.5" → 123450; null for anything that is not a non-negative decimal with at most 2 decimals. */
export function hundredths(text) {
  const m = /^(\d{1,15})(?:\.(\d{1,2}))?$/.exec(String(text ?? "").trim());
  if (!m) return null;
  return Number(BigInt(m[1]) * 100n + BigInt((m[2] ?? "").padEnd(2, "0") || "0"));
}

/** 123450 → "1234.50". */
export function format(h) {
  const sign = h < 0 ? "-" : "";
  const a = BigInt(Math.abs(h));
  return `${sign}${a / 100n}.${String(a % 100n).padStart(2, "0")}`;
}

/** round_half_up(installment × percent / 100, 2), both in hundredths. */
export function deduction(installment, percent) {
  return Number((BigInt(installment) * BigInt(percent) + 5000n) / 10000n);
}

/** The grade of a total in hundredths, from the policy's thresholds ({excellent, good, pass}). */
export function grade(total, thresholds) {
  if (total >= thresholds.excellent * 100) return "excellent";
  if (total >= thresholds.good * 100) return "good";
  if (total >= thresholds.pass * 100) return "pass";
  return "fail";
}

/**
 * A review's total in hundredths from the typed scores ({key: text}), or the first problem:
 * {total} or {problem: "missing" | "range", key}.
 */
export function reviewTotal(criteria, scores) {
  let total = 0;
  for (const c of criteria) {
    const h = hundredths(scores[c.key]);
    if (h === null) return { problem: "missing", key: c.key };
    if (h > c.maxPoints * 100) return { problem: "range", key: c.key };
    total += h;
  }
  return { total };
}
