-- The resolution data a new or removed row can change (spec 60 §4.3): which repos are known (a live row)
-- and each repo's id prefix (the most frequent prefix of its live rows, over its branches). Kept per
-- (project, repo, branch, prefix) by triggers in the writer's transaction, as beads.live_counts, so that a
-- sync adding or removing rows reads its repo's few rows before and after the write and refreshes only the
-- affected closure when neither changed (dataplane.ClosureRefresh), instead of recomputing the whole
-- project. Per branch, because the repo lock is: writers of two branches never wait on each other's row.
CREATE TABLE beads.repo_prefixes (
  project_id uuid   NOT NULL,
  repo       text   COLLATE "C" NOT NULL,
  branch     text   COLLATE "C" NOT NULL,
  prefix     text   COLLATE "C" NOT NULL,
  live       bigint NOT NULL,
  PRIMARY KEY (project_id, repo, branch, prefix)
);

INSERT INTO beads.repo_prefixes (project_id, repo, branch, prefix, live)
SELECT project_id, repo, branch, split_part(bead_id, '-', 1), count(*) FROM beads.issues WHERE deleted_at IS NULL
 GROUP BY 1, 2, 3, 4;

CREATE FUNCTION beads.repo_prefixes_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO beads.repo_prefixes AS c (project_id, repo, branch, prefix, live)
  SELECT project_id, repo, branch, split_part(bead_id, '-', 1), count(*) FROM new_rows WHERE deleted_at IS NULL
   GROUP BY 1, 2, 3, 4
  ON CONFLICT (project_id, repo, branch, prefix) DO UPDATE SET live = c.live + EXCLUDED.live;
  RETURN NULL;
END $$;

CREATE FUNCTION beads.repo_prefixes_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO beads.repo_prefixes AS c (project_id, repo, branch, prefix, live)
  SELECT project_id, repo, branch, split_part(bead_id, '-', 1), -count(*) FROM old_rows WHERE deleted_at IS NULL
   GROUP BY 1, 2, 3, 4
  ON CONFLICT (project_id, repo, branch, prefix) DO UPDATE SET live = c.live + EXCLUDED.live;
  RETURN NULL;
END $$;

CREATE FUNCTION beads.repo_prefixes_flip() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO beads.repo_prefixes AS c (project_id, repo, branch, prefix, live)
  VALUES (NEW.project_id, NEW.repo, NEW.branch, split_part(NEW.bead_id, '-', 1),
          CASE WHEN NEW.deleted_at IS NULL THEN 1 ELSE -1 END)
  ON CONFLICT (project_id, repo, branch, prefix) DO UPDATE SET live = c.live + EXCLUDED.live;
  RETURN NULL;
END $$;

CREATE TRIGGER issues_repo_prefixes_ins AFTER INSERT ON beads.issues
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION beads.repo_prefixes_ins();
CREATE TRIGGER issues_repo_prefixes_del AFTER DELETE ON beads.issues
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION beads.repo_prefixes_del();
CREATE TRIGGER issues_repo_prefixes_flip AFTER UPDATE ON beads.issues
  FOR EACH ROW WHEN ((OLD.deleted_at IS NULL) IS DISTINCT FROM (NEW.deleted_at IS NULL))
  EXECUTE FUNCTION beads.repo_prefixes_flip();
