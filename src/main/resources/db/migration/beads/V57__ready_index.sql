-- The ready list (spec 60 §4.6) reads open live rows in its order and joins their stored state, stopping
-- at the limit: these partial indexes give the priority order (with every tie key, so no sort step) and
-- the oldest order without a scan of the project.
CREATE INDEX IF NOT EXISTS idx_issues_ready_priority ON beads.issues (project_id, priority, bead_id, repo, branch)
  WHERE deleted_at IS NULL AND status = 'open';
CREATE INDEX IF NOT EXISTS idx_issues_ready_created ON beads.issues (project_id, created_at, bead_id, repo, branch)
  WHERE deleted_at IS NULL AND status = 'open';
