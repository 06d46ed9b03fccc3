-- Accounts, roles, bearer tokens (stored as SHA-256 hashes) and login throttling.
-- Times are BIGINT milliseconds since the epoch (UTC) on every database: exact and comparable.
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'procurement', 'evaluator', 'auditor', 'vendor')),
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT
);

CREATE INDEX users_role ON users (role);

CREATE TABLE vendors (
    user_id TEXT PRIMARY KEY REFERENCES users (id),
    registration_number TEXT NOT NULL UNIQUE,
    contact_name TEXT,
    phone TEXT,
    address TEXT,
    suspended_at BIGINT,
    suspended_until BIGINT,
    suspension_reason TEXT,
    suspended_by TEXT REFERENCES users (id),
    updated_at BIGINT NOT NULL
);

CREATE TABLE tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE INDEX tokens_user ON tokens (user_id);

CREATE TABLE login_attempts (
    email TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    locked_until BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
