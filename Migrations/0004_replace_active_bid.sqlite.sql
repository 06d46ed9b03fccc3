-- A new active bid replaces the vendor's previous active bid on the tender in the same statement,
-- so that the group-committing writer stores a whole batch of commitments with one INSERT.
CREATE TRIGGER bids_replace_active BEFORE INSERT ON bids
FOR EACH ROW WHEN NEW.active_vendor IS NOT NULL
BEGIN
    UPDATE bids SET status = 'replaced', active_vendor = NULL, ended_at = NEW.submitted_at
    WHERE tender_id = NEW.tender_id AND active_vendor = NEW.active_vendor;
END;
