-- The closure refresh of every narrow write looks up the waits-for gates whose spawner is a written id
-- (ClosureRefresh): the spawner id is in the edge's metadata, so without this it read every waits-for
-- edge of the project through idx_issue_deps_ref (type is its third column).
CREATE INDEX IF NOT EXISTS idx_issue_deps_spawner ON beads.issue_deps (project_id, (metadata ->> 'spawner_id'))
  WHERE type = 'waits-for';
