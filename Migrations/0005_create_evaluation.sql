-- The evaluation committee, conflict-of-interest declarations, scoresheets and the final result
-- (DESIGN section 4).
ALTER TABLE tenders ADD COLUMN evaluated_at BIGINT;

-- Set with evaluated_at when fewer than minimumValidBids bids were valid: phase `failed`.
ALTER TABLE tenders ADD COLUMN failed_at BIGINT;

CREATE TABLE committee_members (
    tender_id TEXT NOT NULL REFERENCES tenders (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL CHECK (kind IN ('expert', 'representative')),
    -- Order of the member list as last put; numbers members "Member 1…n" at finalization.
    position BIGINT NOT NULL,
    chair BIGINT NOT NULL DEFAULT 0 CHECK (chair IN (0, 1)),
    added_at BIGINT NOT NULL,
    PRIMARY KEY (tender_id, user_id)
);

CREATE INDEX committee_members_user ON committee_members (user_id, tender_id);

CREATE TABLE declarations (
    tender_id TEXT NOT NULL REFERENCES tenders (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    -- JSON array of vendor ids; non-empty means the member is recused.
    conflicts TEXT NOT NULL,
    declared_at BIGINT NOT NULL,
    PRIMARY KEY (tender_id, user_id)
);

CREATE TABLE scoresheets (
    tender_id TEXT NOT NULL REFERENCES tenders (id),
    bid_id TEXT NOT NULL REFERENCES bids (id),
    member_id TEXT NOT NULL REFERENCES users (id),
    -- JSON objects: criterion key → true/false, criterion key → score in hundredths.
    qualification TEXT NOT NULL,
    scores TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    -- Set when the member left the committee: the sheet no longer counts.
    voided_at BIGINT,
    PRIMARY KEY (bid_id, member_id)
);

CREATE INDEX scoresheets_tender_member ON scoresheets (tender_id, member_id);

CREATE TABLE evaluations (
    tender_id TEXT PRIMARY KEY REFERENCES tenders (id),
    -- JSON: the result exactly as GET …/evaluation returns it, encoded once.
    result TEXT NOT NULL,
    -- JSON array: user ids in "Member n" order (non-recused members at finalization).
    members TEXT NOT NULL,
    finalized_by TEXT NOT NULL REFERENCES users (id),
    finalized_at BIGINT NOT NULL
);
