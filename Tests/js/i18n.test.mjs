import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";

const zh = JSON.parse(readFileSync(new URL("../../Static/i18n/zh-CN.json", import.meta.url)));
const en = JSON.parse(readFileSync(new URL("../../Static/i18n/en.json", import.meta.url)));
// Every UI module: app.js, the shared helpers and the pages.
const js = new URL("../../Static/js/", import.meta.url);
const modules = [...readdirSync(js).filter((f) => f.endsWith(".js")), ...readdirSync(new URL("pages/", js)).map((f) => "pages/" + f)];
const app = modules.map((f) => readFileSync(new URL(f, js), "utf8")).join("\n");

test("both languages have the same keys", () => {
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
});

test("every literal key the UI uses exists", () => {
  const used = [...app.matchAll(/\bt\("([a-zA-Z]+\.[a-zA-Z0-9]+)"/g)].map((m) => m[1]);
  assert.ok(used.length > 40);
  for (const k of used) assert.ok(k in zh, `missing ${k}`);
});

test("the pages are among the scanned modules", () => {
  for (const f of ["app.js", "ui.js", "pages/manage.js", "pages/admin.js", "pages/vendor.js"]) assert.ok(modules.includes(f), f);
});

test("every problem the committee builder reports is translated", () => {
  const src = readFileSync(new URL("../../Static/js/committee.js", import.meta.url), "utf8");
  const keys = [...src.matchAll(/out\.push\("([a-zA-Z0-9.]+)"\)/g)].map((m) => m[1]);
  assert.equal(keys.length, 4);
  for (const k of keys) assert.ok(k in zh && k in en, k);
});

test("every problem the criteria builder reports is translated", () => {
  const src = readFileSync(new URL("../../Static/js/criteria.js", import.meta.url), "utf8");
  const keys = [...src.matchAll(/out\.push\("([a-zA-Z0-9.]+)"\)/g)].map((m) => m[1]);
  assert.equal(keys.length, 6);
  for (const k of keys) assert.ok(k in zh && k in en, k);
});

test("every phase, bid status, reason and role the API can answer is translated", () => {
  const families = {
    phase: ["draft", "bidding", "revealing", "evaluating", "failed", "standstill", "awarded", "contracted", "filed", "cancelled"],
    bidstatus: ["sealed", "revealed", "invalid", "unrevealed", "replaced", "withdrawn", "voided"],
    reason: ["unrevealed", "invalid_document", "over_budget", "unqualified"],
    role: ["admin", "procurement", "evaluator", "auditor", "vendor", "requester", "approver", "finance"],
    rqstatus: ["draft", "submitted", "approved", "returned", "rejected", "priced", "tendered"],
    mode: ["partial", "whole"],
    cstatus: ["active", "completed", "terminated"],
    grade: ["excellent", "good", "pass", "fail"],
    pstatus: ["pending", "approved", "rejected"],
    rationale: ["volume_change", "price_variation", "duration_extension", "quality_improvement", "price_reduction", "other"],
    undertaking: ["no_subcontracting", "confidentiality"],
    termination: ["completed", "early"],
    obkind: ["award_report", "contract_signing", "contract_filing", "objection_reply", "request_decision", "tender_preparation", "contract_briefing", "periodic_review"],
    criteria: ["price", "scored", "qualification"],
    method: ["open", "selective"],
    "objections.decision": ["upheld", "rejected", "moot"],
    "award.status": ["standstill", "final", "revoked"],
    "committee.kind": ["expert", "representative"],
    "committee.col": ["member", "name", "kind", "chair", "state"],
    "staff.col": ["name", "email", "role", "created", "state", "action"],
    "vendors.col": ["name", "registration", "email", "state", "action"],
    "bids.col": ["tender", "phase", "commitment", "status", "submitted", "next"],
    profile: ["name", "contactName", "phone", "address"],
    // The fields an amendment can change (TendersController.changes).
    "amend.field": ["title", "description", "category", "budget", "submissionDeadline", "revealDeadline", "criteria"],
  };
  for (const [family, values] of Object.entries(families)) for (const v of values) assert.ok(`${family}.${v}` in zh && `${family}.${v}` in en, `${family}.${v}`);
});
