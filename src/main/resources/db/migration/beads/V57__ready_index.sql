-- The ready list (spec 60 §4.6) reads open live rows in priority order and joins their stored state;
-- these partial indexes serve the priority and oldest orders without a scan of the project.
CREATE INDEX IF NOT EXISTS idx_issues_ready_priority ON beads.issues (project_id, priority, bead_id)
  WHERE deleted_at IS NULL AND status = 'open';
CREATE INDEX IF NOT EXISTS idx_issues_ready_created ON beads.issues (project_id, created_at)
  WHERE deleted_at IS NULL AND status = 'open';
