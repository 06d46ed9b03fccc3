-- Award, objections, contract and filing (DESIGN section 5), obligations with legal due dates,
-- and the SHA-256 chained audit log (DESIGN section 6).
-- Denormalized on the tender so that its phase stays a function of one row and the clock:
-- standstill → awarded → contracted → filed.
ALTER TABLE tenders ADD COLUMN standstill_ends_at BIGINT;

ALTER TABLE tenders ADD COLUMN open_objections BIGINT NOT NULL DEFAULT 0;

ALTER TABLE tenders ADD COLUMN contracted_at BIGINT;

ALTER TABLE tenders ADD COLUMN filed_at BIGINT;

CREATE TABLE awards (
    id TEXT PRIMARY KEY,
    tender_id TEXT NOT NULL REFERENCES tenders (id),
    bid_id TEXT NOT NULL REFERENCES bids (id),
    vendor_id TEXT NOT NULL REFERENCES vendors (user_id),
    price TEXT NOT NULL,
    candidate_rank BIGINT NOT NULL,
    justification TEXT,
    awarded_by TEXT NOT NULL REFERENCES users (id),
    awarded_at BIGINT NOT NULL,
    standstill_ends_at BIGINT NOT NULL,
    revoked_at BIGINT,
    -- Equal to tender_id while the award stands: one standing award per tender.
    active_tender TEXT
);

CREATE UNIQUE INDEX awards_one_standing ON awards (active_tender);

CREATE INDEX awards_tender ON awards (tender_id, awarded_at);

CREATE TABLE objections (
    id TEXT PRIMARY KEY,
    tender_id TEXT NOT NULL REFERENCES tenders (id),
    award_id TEXT NOT NULL REFERENCES awards (id),
    vendor_id TEXT NOT NULL REFERENCES vendors (user_id),
    text TEXT NOT NULL,
    filed_at BIGINT NOT NULL,
    decision TEXT CHECK (decision IN ('upheld', 'rejected')),
    response TEXT,
    resolved_by TEXT REFERENCES users (id),
    resolved_at BIGINT
);

CREATE INDEX objections_award ON objections (award_id, resolved_at);

CREATE TABLE contracts (
    tender_id TEXT PRIMARY KEY REFERENCES tenders (id),
    award_id TEXT NOT NULL REFERENCES awards (id),
    signed_at BIGINT NOT NULL,
    amount TEXT NOT NULL,
    document_sha256 TEXT NOT NULL,
    supervisor_id TEXT REFERENCES users (id),
    due_at BIGINT NOT NULL,
    late BIGINT NOT NULL CHECK (late IN (0, 1)),
    recorded_by TEXT NOT NULL REFERENCES users (id),
    recorded_at BIGINT NOT NULL,
    filing_reference TEXT,
    filing_authority TEXT,
    filed_at BIGINT,
    filing_due_at BIGINT NOT NULL,
    filing_late BIGINT CHECK (filing_late IN (0, 1))
);

-- One row per legal deadline, written when the event that starts it happens; `met_at` when done.
CREATE TABLE obligations (
    id TEXT PRIMARY KEY,
    tender_id TEXT NOT NULL REFERENCES tenders (id),
    kind TEXT NOT NULL CHECK (kind IN ('award_report', 'objection_reply', 'contract_signing', 'contract_filing')),
    -- The award, objection or contract it belongs to.
    subject_id TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    due_at BIGINT NOT NULL,
    met_at BIGINT,
    -- Set once, by whichever instance's sweeper first records it as overdue in the audit log.
    overdue_recorded_at BIGINT,
    cancelled_at BIGINT,
    UNIQUE (kind, subject_id)
);

-- Serves the dashboard: open ones by due date (met_at and cancelled_at NULL), met ones by met_at,
-- and their counts, from the index alone.
CREATE INDEX obligations_state ON obligations (met_at, cancelled_at, due_at);

CREATE INDEX obligations_tender ON obligations (tender_id);

CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    tender_id TEXT,
    details TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    -- Events that must be recorded at most once whoever observes them (e.g. an overdue obligation).
    once_key TEXT UNIQUE
);

CREATE INDEX audit_log_tender ON audit_log (tender_id, seq);

-- The chain's head, one row: appenders update it first, which serializes them (row lock on
-- PostgreSQL, the write lock on SQLite), so sequence numbers are gap-free and the chain linear.
CREATE TABLE audit_head (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);

INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
