-- Sealed bids as hashed commitments (DESIGN section 3). Before the submission deadline only the
-- commitment is stored; salt and document arrive at reveal.
CREATE TABLE bids (
    id TEXT PRIMARY KEY,
    tender_id TEXT NOT NULL REFERENCES tenders (id),
    vendor_id TEXT NOT NULL REFERENCES vendors (user_id),
    commitment TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('sealed', 'replaced', 'withdrawn', 'voided', 'revealed', 'invalid')),
    -- Equal to vendor_id while the bid is active (sealed, revealed, invalid), NULL otherwise: the
    -- unique index below then allows one active bid per vendor per tender (NULLs never collide).
    active_vendor TEXT,
    submitted_at BIGINT NOT NULL,
    ended_at BIGINT,
    salt TEXT,
    document TEXT,
    price TEXT,
    problems TEXT,
    revealed_at BIGINT,
    reveal_failures BIGINT NOT NULL DEFAULT 0,
    CHECK ((active_vendor IS NULL) = (status IN ('replaced', 'withdrawn', 'voided'))),
    CHECK (active_vendor IS NULL OR active_vendor = vendor_id)
);

CREATE UNIQUE INDEX bids_one_active_per_vendor ON bids (tender_id, active_vendor);

-- One commitment value per tender among active bids, whoever submits it.
CREATE UNIQUE INDEX bids_one_commitment ON bids (tender_id, commitment) WHERE active_vendor IS NOT NULL;

CREATE INDEX bids_vendor ON bids (vendor_id, tender_id);
