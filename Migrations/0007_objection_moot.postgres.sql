-- An upheld objection revokes the award; the other objections still open against that award are
-- closed with the decision 'moot' (their reply is the revocation itself).
ALTER TABLE objections DROP CONSTRAINT objections_decision_check;
ALTER TABLE objections ADD CONSTRAINT objections_decision_check CHECK (decision IN ('upheld', 'rejected', 'moot'));
