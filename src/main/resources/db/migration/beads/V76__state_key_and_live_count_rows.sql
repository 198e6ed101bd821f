-- state_key: a digest of what the blocked-state rules (spec 60 §4) read of a record (status, type,
-- labels, flags, deferral, edges). A write that keeps every written row's key and the live set cannot
-- change any row's state, so the sync skips the state refresh (text edits: title, description, notes,
-- priority, assignee). NULL (rows written before this column) compares as changed.
ALTER TABLE beads.issues ADD COLUMN state_key text;

-- The update trigger of V73 captured every updated row in its transition tables (a full sync whose
-- titles changed copied 10,000 rows to count none); a row trigger fires only when liveness flips.
DROP TRIGGER issues_live_counts_upd ON beads.issues;
DROP FUNCTION beads.live_counts_upd();

CREATE FUNCTION beads.live_counts_flip() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO beads.live_counts AS c (project_id, repo, branch, live)
  VALUES (NEW.project_id, NEW.repo, NEW.branch, CASE WHEN NEW.deleted_at IS NULL THEN 1 ELSE -1 END)
  ON CONFLICT (project_id, repo, branch) DO UPDATE SET live = c.live + EXCLUDED.live;
  RETURN NULL;
END $$;

CREATE TRIGGER issues_live_counts_flip AFTER UPDATE ON beads.issues
  FOR EACH ROW WHEN ((OLD.deleted_at IS NULL) IS DISTINCT FROM (NEW.deleted_at IS NULL))
  EXECUTE FUNCTION beads.live_counts_flip();
