-- Audit chain version 2 (see AuditChain): absent and empty fields hash differently, and the
-- actor's name as it was when the entry was written is part of the hashed entry.
-- Rows written before this migration keep version 1 and verify as before.
ALTER TABLE audit_log ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit_log ADD COLUMN actor_name TEXT;
-- A scoresheet save is audited by a salted SHA-256 of the sheet (AuditChain entry
-- `scoresheet.saved`): the salt keeps the few possible score values from being guessed from the
-- hash before finalization; it is shown with the sheet once the sheet may be read.
ALTER TABLE scoresheets ADD COLUMN salt TEXT;
