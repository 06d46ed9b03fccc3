-- Integrity red flags (docs/DESIGN.md §14): the keyed hash (HMAC-SHA256, key in the data folder)
-- of the client address a commitment came from; never the address itself.
ALTER TABLE bids ADD COLUMN origin TEXT;

-- A flag an auditor dismissed, with the reason (audited as red_flag.dismissed). `flag_key` names
-- the flag (its code and the bids it concerns, `RedFlag.key`); flags are computed, not stored.
CREATE TABLE red_flag_dismissals (
    tender_id TEXT NOT NULL REFERENCES tenders (id),
    flag_key TEXT NOT NULL,
    reason TEXT NOT NULL,
    dismissed_by TEXT NOT NULL REFERENCES users (id),
    dismissed_at BIGINT NOT NULL,
    PRIMARY KEY (tender_id, flag_key)
);
