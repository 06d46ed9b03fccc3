-- Every change to an evaluation's inputs (scoresheet, declaration, committee) bumps this counter
-- in its transaction; finalize computes outside any transaction and stores its result only if
-- the counter has not moved meanwhile (else it computes again), so it holds the write lock for
-- the insert only.
ALTER TABLE tenders ADD COLUMN evaluation_version BIGINT NOT NULL DEFAULT 0;
