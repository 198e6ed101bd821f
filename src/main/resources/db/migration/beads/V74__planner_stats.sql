-- Never filtered on: the ANALYZE after a bulk load (beads.PlannerStats) need not sample them.
ALTER TABLE beads.issues ALTER COLUMN raw SET STATISTICS 0, ALTER COLUMN description SET STATISTICS 0;

-- The narrow state refresh asks on every write whether the project has an external edge (ClosureRefresh):
-- without this it scanned the project's edges (1-2 ms for 4,000 edges).
CREATE INDEX IF NOT EXISTS idx_issue_deps_external ON beads.issue_deps (project_id) WHERE ref_kind = 'external';
