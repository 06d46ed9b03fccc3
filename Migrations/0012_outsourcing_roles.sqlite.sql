-- The outsourcing roles (requester, approver, finance), and obligations that belong to a request
-- instead of a tender (request_decision, tender_preparation).
-- SQLite cannot alter a CHECK constraint. users is referenced by most tables, so it is not rebuilt:
-- the role column is replaced (a column's own CHECK goes with it), keeping every row and reference.
ALTER TABLE users ADD COLUMN role_next TEXT NOT NULL DEFAULT 'vendor'
    CHECK (role_next IN ('admin', 'procurement', 'evaluator', 'auditor', 'vendor', 'requester', 'approver', 'finance'));
UPDATE users SET role_next = role;
DROP INDEX users_role;
ALTER TABLE users DROP COLUMN role;
ALTER TABLE users RENAME COLUMN role_next TO role;
CREATE INDEX users_role ON users (role);

-- obligations is referenced by no table: rebuilt with tender_id optional, request_id, and no list of
-- kinds (ObligationKind is the vocabulary; new kinds need no table rebuild).
CREATE TABLE obligations_next (
    id TEXT PRIMARY KEY,
    tender_id TEXT REFERENCES tenders (id),
    request_id TEXT REFERENCES outsourcing_requests (id),
    kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    due_at BIGINT NOT NULL,
    met_at BIGINT,
    overdue_recorded_at BIGINT,
    cancelled_at BIGINT,
    UNIQUE (kind, subject_id),
    CHECK (tender_id IS NOT NULL OR request_id IS NOT NULL)
);
INSERT INTO obligations_next (id, tender_id, kind, subject_id, starts_at, due_at, met_at, overdue_recorded_at, cancelled_at)
SELECT id, tender_id, kind, subject_id, starts_at, due_at, met_at, overdue_recorded_at, cancelled_at FROM obligations;
DROP TABLE obligations;
ALTER TABLE obligations_next RENAME TO obligations;
CREATE INDEX obligations_state ON obligations (met_at, cancelled_at, due_at);
CREATE INDEX obligations_tender ON obligations (tender_id);
CREATE INDEX obligations_request ON obligations (request_id);
