-- The outsourcing roles (requester, approver, finance), and obligations that belong to a request
-- instead of a tender (request_decision, tender_preparation).
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('admin', 'procurement', 'evaluator', 'auditor', 'vendor', 'requester', 'approver', 'finance'));

-- No list of kinds any more (ObligationKind is the vocabulary; new kinds need no migration).
ALTER TABLE obligations DROP CONSTRAINT obligations_kind_check;
ALTER TABLE obligations ALTER COLUMN tender_id DROP NOT NULL;
ALTER TABLE obligations ADD COLUMN request_id TEXT REFERENCES outsourcing_requests (id);
ALTER TABLE obligations ADD CONSTRAINT obligations_subject_check CHECK (tender_id IS NOT NULL OR request_id IS NOT NULL);
CREATE INDEX obligations_request ON obligations (request_id);
