-- Staff accounts can be deactivated by an admin (someone leaves): login refuses them and their
-- tokens are revoked; reactivation restores the account. Both are in the audit chain.
ALTER TABLE users ADD COLUMN disabled_at BIGINT;
ALTER TABLE users ADD COLUMN disabled_by TEXT;
