-- Red flags across tenders (docs/DESIGN.md §14), recomputed as a whole from the standing awards
-- (RefreshCrossTenderFlags: by the sweeper every 10 minutes, or an auditor's refresh) and read
-- page by page, filtered by vendor, department and code.
CREATE TABLE cross_red_flags (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    department_id TEXT,
    vendor_ids TEXT NOT NULL,
    tender_ids TEXT NOT NULL,
    evidence TEXT NOT NULL,
    computed_at BIGINT NOT NULL
);
CREATE INDEX cross_red_flags_department ON cross_red_flags (department_id, code);
CREATE INDEX cross_red_flags_code ON cross_red_flags (code);

CREATE TABLE cross_red_flag_vendors (
    flag_id TEXT NOT NULL REFERENCES cross_red_flags (id) ON DELETE CASCADE,
    vendor_id TEXT NOT NULL,
    PRIMARY KEY (vendor_id, flag_id)
);
CREATE INDEX cross_red_flag_vendors_flag ON cross_red_flag_vendors (flag_id);

-- When the flags across tenders were last computed (one row), whether or not any were found.
CREATE TABLE cross_red_flag_refresh (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    computed_at BIGINT NOT NULL
);
