-- Data plane (spec 60): the materialised blocked state (§4.7, spec 40 §9.5) and the resolved
-- parent links the tree, progress and deferral views read. Both are rewritten by the refresh that
-- runs in the transaction of every write of beads.issues; reads never compute the rule set.
CREATE TABLE IF NOT EXISTS beads.issue_state (
  issue_id        bigint PRIMARY KEY REFERENCES beads.issues (id) ON DELETE CASCADE,
  project_id      uuid NOT NULL,
  blocked         boolean NOT NULL DEFAULT false,
  blocked_reasons jsonb NOT NULL DEFAULT '[]',
  computed_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS idx_issue_state_blocked ON beads.issue_state (project_id, blocked);
-- Unsatisfied resolved blockers ([{repo, branch, bead_id}]), for blocked_by.
ALTER TABLE beads.issue_state ADD COLUMN IF NOT EXISTS blocked_by jsonb NOT NULL DEFAULT '[]';
-- Clock-free inputs of the deferral rule (§4.6): the latest defer_until over the row and its
-- ancestors, and whether an ancestor has status deferred. "Deferred" = defer_max > now OR ancestor_deferred.
ALTER TABLE beads.issue_state ADD COLUMN IF NOT EXISTS defer_max timestamptz NULL;
ALTER TABLE beads.issue_state ADD COLUMN IF NOT EXISTS ancestor_deferred boolean NOT NULL DEFAULT false;

CREATE TABLE beads.issue_parents (
  project_id uuid NOT NULL,
  child_id   bigint NOT NULL REFERENCES beads.issues (id) ON DELETE CASCADE,
  parent_id  bigint NOT NULL REFERENCES beads.issues (id) ON DELETE CASCADE,
  ordinal    int NOT NULL,
  PRIMARY KEY (child_id, parent_id)
);
CREATE INDEX idx_issue_parents_parent ON beads.issue_parents (parent_id);
CREATE INDEX idx_issue_parents_project ON beads.issue_parents (project_id);

-- Views: inbox by assignee (mail), hooked rows by assignee, sent by sender, blocked list order.
CREATE INDEX IF NOT EXISTS idx_issues_mail_assignee ON beads.issues (project_id, assignee, status)
  WHERE is_mail AND deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS idx_issues_assignee_status ON beads.issues (project_id, assignee, status)
  WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS idx_issues_sender ON beads.issues (project_id, sender)
  WHERE sender IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS idx_issues_title ON beads.issues (project_id, title)
  WHERE status = 'pinned' AND deleted_at IS NULL;
