-- Synced issues (spec 40 §9.1–9.4). Every record is stored in full (raw) plus typed, indexed columns.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

CREATE TABLE beads.sync_state (
  project_id        uuid NOT NULL,
  repo              text NOT NULL,
  branch            text NOT NULL,
  last_sync_at      timestamptz NOT NULL,
  last_full_sync_at timestamptz NULL,
  last_workspace_id uuid NULL,
  PRIMARY KEY (project_id, repo, branch)
);

CREATE TABLE beads.issues (
  id                       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id               uuid NOT NULL,
  repo                     text COLLATE "C" NOT NULL,
  branch                   text COLLATE "C" NOT NULL,
  bead_id                  text COLLATE "C" NOT NULL,
  title                    text NULL,
  description              text NULL,
  status                   text NOT NULL,
  priority                 int NOT NULL DEFAULT 0,
  issue_type               text NOT NULL,
  assignee                 text NULL,
  owner                    text NULL,
  created_by               text NULL,
  sender                   text NULL,
  close_reason             text NULL,
  external_ref             text NULL,
  created_at               timestamptz NULL,
  updated_at               timestamptz NULL,
  closed_at                timestamptz NULL,
  started_at               timestamptz NULL,
  due_at                   timestamptz NULL,
  defer_until              timestamptz NULL,
  pinned                   boolean NOT NULL DEFAULT false,
  ephemeral                boolean NOT NULL DEFAULT false,
  is_template              boolean NOT NULL DEFAULT false,
  mol_type                 text NULL,
  wisp_type                text NULL,
  hook_bead                text NULL,
  agent_state              text NULL,
  role_type                text NULL,
  is_mail                  boolean NOT NULL DEFAULT false,
  attached_molecule        text NULL,
  labels                   text[] NOT NULL DEFAULT '{}',
  raw                      jsonb NOT NULL,
  content_hash             text NOT NULL,
  source                   text NOT NULL DEFAULT 'export' CHECK (source IN ('export', 'push')),
  expires_at               timestamptz NULL,
  deleted_at               timestamptz NULL,
  removal_reason           text NULL,
  synced_at                timestamptz NOT NULL,
  last_writer_workspace_id uuid NULL,
  closed_by_workspace_id   uuid NULL,
  CONSTRAINT issues_key UNIQUE (project_id, repo, branch, bead_id)
);
CREATE INDEX idx_issues_project_bead ON beads.issues (project_id, bead_id) WHERE deleted_at IS NULL;
CREATE INDEX idx_issues_project_status ON beads.issues (project_id, status) WHERE deleted_at IS NULL;
CREATE INDEX idx_issues_project_assignee ON beads.issues (project_id, assignee) WHERE deleted_at IS NULL;
CREATE INDEX idx_issues_repo_status ON beads.issues (project_id, repo, branch, status) WHERE deleted_at IS NULL;
CREATE INDEX idx_issues_list_order ON beads.issues (project_id, (COALESCE(updated_at, synced_at)) DESC, priority, bead_id)
  WHERE deleted_at IS NULL;
CREATE INDEX idx_issues_hook_bead ON beads.issues (project_id, hook_bead) WHERE hook_bead IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX idx_issues_mail ON beads.issues (project_id, is_mail, status) WHERE is_mail AND deleted_at IS NULL;
CREATE INDEX idx_issues_labels ON beads.issues USING gin (labels) WHERE deleted_at IS NULL;
CREATE INDEX idx_issues_title_trgm ON beads.issues USING gin (lower(title) public.gin_trgm_ops) WHERE deleted_at IS NULL;
CREATE INDEX idx_issues_bead_trgm ON beads.issues USING gin (lower(bead_id) public.gin_trgm_ops) WHERE deleted_at IS NULL;
CREATE INDEX idx_issues_removed ON beads.issues (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX idx_issues_expires ON beads.issues (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE beads.issue_labels (
  issue_id   bigint NOT NULL REFERENCES beads.issues (id) ON DELETE CASCADE,
  project_id uuid NOT NULL,
  label      text NOT NULL,
  lkey       text NOT NULL,
  lval       text NULL
);
CREATE INDEX idx_issue_labels_kv ON beads.issue_labels (project_id, lkey, lval);
CREATE INDEX idx_issue_labels_label ON beads.issue_labels (project_id, label);
CREATE INDEX idx_issue_labels_issue ON beads.issue_labels (issue_id);

CREATE TABLE beads.issue_deps (
  issue_id   bigint NOT NULL REFERENCES beads.issues (id) ON DELETE CASCADE,
  project_id uuid NOT NULL,
  ordinal    int NOT NULL,
  origin     text NOT NULL CHECK (origin IN ('dependencies', 'blocked_by')),
  type       text NOT NULL,
  target_raw text NOT NULL,
  ref_kind   text NOT NULL CHECK (ref_kind IN ('plain', 'repo_ref', 'external', 'malformed')),
  ref_repo   text NULL,
  ref_branch text NULL,
  ref_bead   text NULL,
  metadata   jsonb NULL,
  thread_id  text NULL,
  created_at timestamptz NULL,
  created_by text NULL
);
CREATE INDEX idx_issue_deps_ref ON beads.issue_deps (project_id, ref_bead, type);
CREATE INDEX idx_issue_deps_issue ON beads.issue_deps (issue_id);
-- Title resolution and claim apexes look rows up by (repo, bead) across branches, removed rows included.
CREATE INDEX idx_issues_repo_bead ON beads.issues (project_id, repo, bead_id);
