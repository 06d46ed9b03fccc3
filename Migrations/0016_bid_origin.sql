-- Integrity red flags (docs/DESIGN.md §14): the keyed hash (HMAC-SHA256, key in the data folder)
-- of the client address a commitment came from; never the address itself.
ALTER TABLE bids ADD COLUMN origin TEXT;
