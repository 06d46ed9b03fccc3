-- Escrowed opening (docs/DESIGN.md §13): key holders' X25519 public keys, a tender's holders and
-- threshold, the escrow a vendor sends with its commitment, and the shares holders post.

-- A staff member's opening keys; at most one active (retired_at NULL) per user. Registering a new
-- key retires the old one; a lost key is retired by its owner. Only public keys are stored.
CREATE TABLE opening_keys (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    public_key TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    retired_at BIGINT,
    retire_reason TEXT
);
CREATE UNIQUE INDEX opening_keys_one_active ON opening_keys (user_id) WHERE retired_at IS NULL;

-- The draft's setting: the holders (a JSON array of user ids, in share-number order) and t.
ALTER TABLE tenders ADD COLUMN opening_holders TEXT;
ALTER TABLE tenders ADD COLUMN opening_threshold BIGINT;

-- Fixed at publication: holder number (the share's x) → user and the key it had then.
CREATE TABLE tender_opening_holders (
    tender_id TEXT NOT NULL REFERENCES tenders (id),
    number BIGINT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    key_id TEXT NOT NULL REFERENCES opening_keys (id),
    PRIMARY KEY (tender_id, number)
);
CREATE INDEX tender_opening_holders_user ON tender_opening_holders (user_id);

-- The vendor's escrow (JSON: ciphertext, nonce, keyHash, shares), stored with the commitment in
-- the same INSERT; who opened the bid ('vendor' or 'escrow'); the share numbers an escrowed
-- opening used (comma-separated), so anyone can redo exactly that reconstruction.
ALTER TABLE bids ADD COLUMN escrow TEXT;
ALTER TABLE bids ADD COLUMN opened_by TEXT CHECK (opened_by IN ('vendor', 'escrow'));
ALTER TABLE bids ADD COLUMN opened_with TEXT;

-- Shares posted by holders after the submission deadline, each checked against the escrow's hash.
CREATE TABLE opening_shares (
    bid_id TEXT NOT NULL REFERENCES bids (id),
    number BIGINT NOT NULL,
    holder_id TEXT NOT NULL REFERENCES users (id),
    share TEXT NOT NULL,
    posted_at BIGINT NOT NULL,
    PRIMARY KEY (bid_id, number)
);
