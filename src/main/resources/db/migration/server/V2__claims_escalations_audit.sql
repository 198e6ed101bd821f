-- Tables read across features, created early so that every feature codes against the same schema:
-- claims (spec 40 §9.6; read by status, 30), escalations (50 §5.3; counted by status), audit log (50 §5.4).
CREATE TABLE server.bead_claims (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id     uuid NOT NULL REFERENCES server.projects (id) ON DELETE CASCADE,
  workspace_id   uuid NOT NULL REFERENCES server.workspaces (workspace_id) ON DELETE CASCADE,
  repo           text NOT NULL DEFAULT '',
  bead_id        text NOT NULL,
  alias          text NOT NULL,
  human_name     text NOT NULL DEFAULT '',
  state          text NOT NULL CHECK (state IN ('pending', 'active')),
  expires_at     timestamptz NULL,
  apex_bead_id   text NULL,
  apex_repo_name text NULL,
  apex_branch    text NULL,
  claimed_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT bead_claims_unique UNIQUE (project_id, repo, bead_id, workspace_id)
);
CREATE INDEX idx_bead_claims_bead ON server.bead_claims (project_id, repo, bead_id);
CREATE INDEX idx_bead_claims_workspace ON server.bead_claims (workspace_id, claimed_at DESC);
CREATE INDEX idx_bead_claims_project_active ON server.bead_claims (project_id, claimed_at DESC, id DESC)
  WHERE state = 'active';

CREATE TABLE server.escalations (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id    uuid NOT NULL REFERENCES server.projects (id) ON DELETE CASCADE,
  workspace_id  uuid NOT NULL REFERENCES server.workspaces (workspace_id) ON DELETE CASCADE,
  alias         text NOT NULL,
  member_email  text NULL,
  subject       text NOT NULL,
  situation     text NOT NULL,
  options       jsonb NULL,
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'responded', 'expired')),
  response      text NULL,
  response_note text NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  responded_at  timestamptz NULL,
  expires_at    timestamptz NULL
);
CREATE INDEX idx_escalations_status ON server.escalations (status);
CREATE INDEX idx_escalations_member ON server.escalations (member_email);
CREATE INDEX idx_escalations_workspace ON server.escalations (workspace_id);
CREATE INDEX idx_escalations_alias_created ON server.escalations (alias, created_at DESC);
CREATE INDEX idx_escalations_project_created ON server.escalations (project_id, created_at DESC, id DESC);
CREATE INDEX idx_escalations_project_pending ON server.escalations (project_id, expires_at) WHERE status = 'pending';

CREATE TABLE server.audit_log (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id   uuid NOT NULL REFERENCES server.projects (id) ON DELETE CASCADE,
  workspace_id uuid NULL REFERENCES server.workspaces (workspace_id) ON DELETE SET NULL,
  event_type   text NOT NULL,
  alias        text NULL,
  member_email text NULL,
  resource     text NULL,
  bead_id      text NULL,
  details      jsonb NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_audit_log_created ON server.audit_log (created_at);
CREATE INDEX idx_audit_log_alias ON server.audit_log (alias);
CREATE INDEX idx_audit_log_project ON server.audit_log (project_id);
