-- Every written row of beads.issues pays one entry per index (a changed title makes every update
-- non-HOT), about 25 ms per index for a 10,000-issue load. Two indexes were covered by others:
-- * the unique key now orders (project_id, repo, bead_id, branch): the same uniqueness over the same
--   columns, and as a prefix it serves the (project, repo, bead) lookups across branches (titles, claim
--   apexes) that idx_issues_repo_bead existed for;
-- * (project_id, assignee) is the prefix of idx_issues_assignee_status (project_id, assignee, status),
--   partial on the same predicate.
ALTER TABLE beads.issues DROP CONSTRAINT issues_key;
ALTER TABLE beads.issues ADD CONSTRAINT issues_key UNIQUE (project_id, repo, bead_id, branch);
DROP INDEX IF EXISTS beads.idx_issues_repo_bead;
DROP INDEX IF EXISTS beads.idx_issues_project_assignee;
