-- After the award (docs/DESIGN.md §11): the contract ledger (合同台帐) with its service period,
-- status and running amount, the briefing (交底记录), the vendor's undertakings, changes (变更),
-- termination and settlement (提前终止, 清算), scorecards and periodic reviews (考核), payment
-- terms and payments (付款审批), and suspension proposals (暂停合作).
ALTER TABLE contracts ADD COLUMN id TEXT;
UPDATE contracts SET id = tender_id;
CREATE UNIQUE INDEX contracts_id ON contracts (id);

ALTER TABLE contracts ADD COLUMN vendor_id TEXT REFERENCES vendors (user_id);
UPDATE contracts SET vendor_id = (SELECT a.vendor_id FROM awards a WHERE a.id = contracts.award_id);
-- Civil dates, YYYY-MM-DD.
ALTER TABLE contracts ADD COLUMN service_start TEXT;
ALTER TABLE contracts ADD COLUMN service_end TEXT;
ALTER TABLE contracts ADD COLUMN status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'terminated'));
ALTER TABLE contracts ADD COLUMN current_amount TEXT;
UPDATE contracts SET current_amount = amount;
ALTER TABLE contracts ADD COLUMN briefing_notes TEXT;
ALTER TABLE contracts ADD COLUMN briefed_at BIGINT;
ALTER TABLE contracts ADD COLUMN briefed_by TEXT REFERENCES users (id);
ALTER TABLE contracts ADD COLUMN briefing_acknowledged_at BIGINT;
ALTER TABLE contracts ADD COLUMN termination_kind TEXT CHECK (termination_kind IN ('completed', 'early'));
ALTER TABLE contracts ADD COLUMN termination_reason TEXT;
ALTER TABLE contracts ADD COLUMN settlement_amount TEXT;
ALTER TABLE contracts ADD COLUMN terminated_at BIGINT;
-- The scorecard (JSON of Scorecard) and the payment terms.
ALTER TABLE contracts ADD COLUMN scorecard TEXT;
ALTER TABLE contracts ADD COLUMN installment_amount TEXT;
-- JSON object grade → percent withheld, in hundredths of a percent.
ALTER TABLE contracts ADD COLUMN deductions TEXT;
-- Running totals of the approved payments (cents), kept with each decision: the ledger and the
-- cost report read them instead of summing the payments.
ALTER TABLE contracts ADD COLUMN paid_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE contracts ADD COLUMN withheld_cents BIGINT NOT NULL DEFAULT 0;

-- The ledger's filters and its default order (overdue obligations are joined in).
CREATE INDEX contracts_status ON contracts (status, signed_at, id);
CREATE INDEX contracts_vendor ON contracts (vendor_id, signed_at);
CREATE INDEX contracts_supervisor ON contracts (supervisor_id);
CREATE INDEX contracts_signed ON contracts (signed_at, id);
-- The cost report of a department: its requests → their tenders → the contracts, each step read
-- from a covering index alone (Benchmarks/ledger.py: 3× faster than through the table rows).
CREATE INDEX outsourcing_requests_costs ON outsourcing_requests (department_id, id, reference_amount);
CREATE INDEX tenders_request ON tenders (request_id, id, budget_amount);
CREATE INDEX contracts_costs ON contracts (tender_id, id, amount, current_amount, paid_cents, withheld_cents, signed_at);

CREATE TABLE contract_undertakings (
    contract_id TEXT NOT NULL REFERENCES contracts (id),
    kind TEXT NOT NULL CHECK (kind IN ('no_subcontracting', 'confidentiality')),
    given_by TEXT NOT NULL REFERENCES users (id),
    given_at BIGINT NOT NULL,
    PRIMARY KEY (contract_id, kind)
);

CREATE TABLE contract_changes (
    id TEXT PRIMARY KEY,
    contract_id TEXT NOT NULL REFERENCES contracts (id),
    rationale TEXT NOT NULL,
    description TEXT NOT NULL,
    -- Signed cents, or NULL when the change moves no money.
    amount_delta BIGINT,
    new_end_date TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    requested_by TEXT NOT NULL REFERENCES users (id),
    requested_at BIGINT NOT NULL,
    decided_by TEXT REFERENCES users (id),
    decided_at BIGINT,
    reason TEXT
);

CREATE INDEX contract_changes_contract ON contract_changes (contract_id, requested_at);

CREATE TABLE contract_reviews (
    id TEXT PRIMARY KEY,
    contract_id TEXT NOT NULL REFERENCES contracts (id),
    vendor_id TEXT NOT NULL REFERENCES vendors (user_id),
    period TEXT NOT NULL,
    period_end TEXT NOT NULL,
    scores TEXT NOT NULL,
    -- Hundredths of a point.
    total BIGINT NOT NULL,
    grade TEXT NOT NULL CHECK (grade IN ('excellent', 'good', 'pass', 'fail')),
    satisfaction TEXT,
    notes TEXT NOT NULL,
    reviewed_by TEXT NOT NULL REFERENCES users (id),
    reviewed_at BIGINT NOT NULL,
    UNIQUE (contract_id, period)
);

-- A vendor's reviews in period order (suspension proposals, the annual performance).
CREATE INDEX contract_reviews_vendor ON contract_reviews (vendor_id, period_end);

CREATE TABLE payments (
    id TEXT PRIMARY KEY,
    contract_id TEXT NOT NULL REFERENCES contracts (id),
    period TEXT NOT NULL,
    installment BIGINT NOT NULL,
    grade TEXT NOT NULL,
    deduction_percent BIGINT NOT NULL,
    deduction BIGINT NOT NULL,
    payable BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    requested_by TEXT NOT NULL REFERENCES users (id),
    requested_at BIGINT NOT NULL,
    decided_by TEXT REFERENCES users (id),
    decided_at BIGINT,
    reason TEXT,
    UNIQUE (contract_id, period)
);

CREATE INDEX payments_status ON payments (status, requested_at);

CREATE TABLE suspension_proposals (
    id TEXT PRIMARY KEY,
    vendor_id TEXT NOT NULL REFERENCES vendors (user_id),
    -- The two failing reviews, oldest first.
    first_review_id TEXT NOT NULL REFERENCES contract_reviews (id),
    second_review_id TEXT NOT NULL UNIQUE REFERENCES contract_reviews (id),
    status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'dismissed')),
    proposed_at BIGINT NOT NULL,
    decided_by TEXT REFERENCES users (id),
    decided_at BIGINT,
    reason TEXT
);

CREATE INDEX suspension_proposals_status ON suspension_proposals (status, proposed_at);

