-- Outsourcing management before the tender (docs/DESIGN.md §10–11): departments as a tree, staff
-- accounts in a department, outsourcing requests (外包项目申请表) with their decisions and reference
-- price, the tender each request became, and procedure deviations (tenders published without one).
CREATE TABLE departments (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    parent_id TEXT REFERENCES departments (id),
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL
);

-- Two departments under one parent have different names (the roots under '').
CREATE UNIQUE INDEX departments_sibling_name ON departments (COALESCE(parent_id, ''), name);

ALTER TABLE users ADD COLUMN department_id TEXT REFERENCES departments (id);

CREATE TABLE outsourcing_requests (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    scope TEXT NOT NULL,
    business_type TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('partial', 'whole')),
    department_id TEXT NOT NULL REFERENCES departments (id),
    requester_id TEXT NOT NULL REFERENCES users (id),
    estimated_amount TEXT NOT NULL,
    currency TEXT NOT NULL,
    -- Civil dates, YYYY-MM-DD: they sort as text.
    service_start TEXT NOT NULL,
    service_end TEXT NOT NULL,
    justification TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('open', 'selective')),
    selective_reason TEXT,
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'returned', 'rejected', 'priced', 'tendered')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    submitted_at BIGINT,
    decided_at BIGINT,
    decided_by TEXT REFERENCES users (id),
    reference_amount TEXT,
    reference_currency TEXT,
    reference_basis TEXT,
    priced_at BIGINT,
    priced_by TEXT REFERENCES users (id),
    tender_id TEXT REFERENCES tenders (id),
    tendered_at BIGINT
);

-- The approver's queue (by status) and a department's list, newest first.
CREATE INDEX outsourcing_requests_status ON outsourcing_requests (status, created_at);

CREATE INDEX outsourcing_requests_department ON outsourcing_requests (department_id, created_at);

-- Every decision on a request, kept: a returned request shows why it was returned after it is
-- approved.
CREATE TABLE request_decisions (
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES outsourcing_requests (id),
    -- 1, 2, … per request: the order of decisions made within one millisecond.
    number BIGINT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('approved', 'returned', 'rejected')),
    reason TEXT,
    decided_by TEXT NOT NULL REFERENCES users (id),
    decided_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX request_decisions_request ON request_decisions (request_id, number);

ALTER TABLE tenders ADD COLUMN request_id TEXT REFERENCES outsourcing_requests (id);

-- A tender published without a priced request (未严格按照招标程序执行), once per tender.
CREATE TABLE procedure_deviations (
    id TEXT PRIMARY KEY,
    tender_id TEXT NOT NULL UNIQUE REFERENCES tenders (id),
    kind TEXT NOT NULL,
    detected_at BIGINT NOT NULL,
    actor_id TEXT NOT NULL REFERENCES users (id)
);

CREATE INDEX procedure_deviations_detected ON procedure_deviations (detected_at);
