-- The live row count of each (project, repo, branch), the issues_count of every sync answer (spec 40
-- §2.3). Counting 10,000 rows per incremental sync cost more than the rest of the sync (spec 40 §1.10),
-- so statement-level triggers keep the count: one grouped upsert per writing statement, whatever the
-- writer (sync, upload, push, expiry, purge, project cascade), at the cost of the transition tables.
CREATE TABLE beads.live_counts (
  project_id uuid   NOT NULL,
  repo       text   NOT NULL,
  branch     text   NOT NULL,
  live       bigint NOT NULL,
  PRIMARY KEY (project_id, repo, branch)
);

INSERT INTO beads.live_counts (project_id, repo, branch, live)
SELECT project_id, repo, branch, count(*) FROM beads.issues WHERE deleted_at IS NULL GROUP BY 1, 2, 3;


CREATE FUNCTION beads.live_counts_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO beads.live_counts AS c (project_id, repo, branch, live)
  SELECT project_id, repo, branch, count(*) FROM new_rows WHERE deleted_at IS NULL GROUP BY 1, 2, 3
  ON CONFLICT (project_id, repo, branch) DO UPDATE SET live = c.live + EXCLUDED.live;
  RETURN NULL;
END $$;

CREATE FUNCTION beads.live_counts_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO beads.live_counts AS c (project_id, repo, branch, live)
  SELECT project_id, repo, branch, sum(n) FROM (
      SELECT project_id, repo, branch, 1 AS n FROM new_rows WHERE deleted_at IS NULL
      UNION ALL
      SELECT project_id, repo, branch, -1 FROM old_rows WHERE deleted_at IS NULL) d
   GROUP BY 1, 2, 3 HAVING sum(n) <> 0
  ON CONFLICT (project_id, repo, branch) DO UPDATE SET live = c.live + EXCLUDED.live;
  RETURN NULL;
END $$;

CREATE FUNCTION beads.live_counts_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO beads.live_counts AS c (project_id, repo, branch, live)
  SELECT project_id, repo, branch, -count(*) FROM old_rows WHERE deleted_at IS NULL GROUP BY 1, 2, 3
  ON CONFLICT (project_id, repo, branch) DO UPDATE SET live = c.live + EXCLUDED.live;
  RETURN NULL;
END $$;

CREATE TRIGGER issues_live_counts_ins AFTER INSERT ON beads.issues
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION beads.live_counts_ins();
CREATE TRIGGER issues_live_counts_upd AFTER UPDATE ON beads.issues
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION beads.live_counts_upd();
CREATE TRIGGER issues_live_counts_del AFTER DELETE ON beads.issues
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION beads.live_counts_del();
