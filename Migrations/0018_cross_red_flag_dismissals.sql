-- Red flags across tenders get stable names (docs/DESIGN.md §14): `cross_red_flags.id` is now the
-- flag's key (code and subject), so a refresh updates a flag in place and a dismissal follows it.
-- The flags stored under 0017's random ids are dropped; the next refresh recomputes them.
DELETE FROM cross_red_flag_vendors;
DELETE FROM cross_red_flags;
DELETE FROM cross_red_flag_refresh;

-- 1 while the flag's latest dismissal covers every tender behind it, else 0.
ALTER TABLE cross_red_flags ADD COLUMN dismissed BIGINT NOT NULL DEFAULT 0;
CREATE INDEX cross_red_flags_status ON cross_red_flags (dismissed, code, id);

-- The latest dismissal of a flag across tenders, with the tenders it covered (a JSON array);
-- every dismissal is also in the audit chain (red_flag.dismissed).
CREATE TABLE cross_red_flag_dismissals (
    flag_key TEXT PRIMARY KEY,
    tender_ids TEXT NOT NULL,
    reason TEXT NOT NULL,
    dismissed_by TEXT NOT NULL REFERENCES users (id),
    dismissed_at BIGINT NOT NULL
);

-- What the flags were last computed from (award count and latest award, revocation, vendor and
-- request change): the sweeper recomputes only when it differs.
ALTER TABLE cross_red_flag_refresh ADD COLUMN source TEXT NOT NULL DEFAULT '';
