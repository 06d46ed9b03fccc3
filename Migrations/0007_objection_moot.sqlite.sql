-- An upheld objection revokes the award; the other objections still open against that award are
-- closed with the decision 'moot' (their reply is the revocation itself).
-- SQLite cannot alter a CHECK constraint: the table is rebuilt (no other table references it).
CREATE TABLE objections_next (
    id TEXT PRIMARY KEY,
    tender_id TEXT NOT NULL REFERENCES tenders (id),
    award_id TEXT NOT NULL REFERENCES awards (id),
    vendor_id TEXT NOT NULL REFERENCES vendors (user_id),
    text TEXT NOT NULL,
    filed_at BIGINT NOT NULL,
    decision TEXT CHECK (decision IN ('upheld', 'rejected', 'moot')),
    response TEXT,
    resolved_by TEXT REFERENCES users (id),
    resolved_at BIGINT
);
INSERT INTO objections_next (id, tender_id, award_id, vendor_id, text, filed_at, decision, response, resolved_by, resolved_at)
SELECT id, tender_id, award_id, vendor_id, text, filed_at, decision, response, resolved_by, resolved_at FROM objections;
DROP TABLE objections;
ALTER TABLE objections_next RENAME TO objections;
CREATE INDEX objections_award ON objections (award_id, resolved_at);
