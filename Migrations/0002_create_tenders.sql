-- Tender announcements, invitations of selective tenders, amendments and clarifications.
CREATE TABLE tenders (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    category TEXT NOT NULL,
    regime TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('open', 'selective')),
    budget_amount TEXT NOT NULL,
    currency TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    submission_deadline BIGINT NOT NULL,
    reveal_deadline BIGINT NOT NULL,
    criteria TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'cancelled')),
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    published_at BIGINT,
    cancelled_at BIGINT,
    cancel_reason TEXT,
    amendment_count BIGINT NOT NULL DEFAULT 0
);

-- The public list filters by status and derives the phase from the deadlines.
CREATE INDEX tenders_status_deadlines ON tenders (status, submission_deadline, reveal_deadline);

CREATE INDEX tenders_created ON tenders (created_at);

CREATE TABLE tender_invitations (
    tender_id TEXT NOT NULL REFERENCES tenders (id) ON DELETE CASCADE,
    vendor_id TEXT NOT NULL REFERENCES vendors (user_id),
    PRIMARY KEY (tender_id, vendor_id)
);

CREATE INDEX tender_invitations_vendor ON tender_invitations (vendor_id);

CREATE TABLE amendments (
    id TEXT PRIMARY KEY,
    tender_id TEXT NOT NULL REFERENCES tenders (id),
    number BIGINT NOT NULL,
    reason TEXT NOT NULL,
    changes TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    UNIQUE (tender_id, number)
);

CREATE TABLE questions (
    id TEXT PRIMARY KEY,
    tender_id TEXT NOT NULL REFERENCES tenders (id),
    asked_by TEXT NOT NULL REFERENCES users (id),
    text TEXT NOT NULL,
    asked_at BIGINT NOT NULL,
    answer TEXT,
    answered_by TEXT REFERENCES users (id),
    answered_at BIGINT
);

CREATE INDEX questions_tender ON questions (tender_id, asked_at);
