-- Domain tables (spec 30 §10).
CREATE TABLE server.projects (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id        uuid NULL,
  slug             text NOT NULL,
  name             text NULL,
  active_policy_id uuid NULL,   -- FK to server.project_policies is added with that table
  created_at       timestamptz NOT NULL DEFAULT now(),
  deleted_at       timestamptz NULL,
  visibility       text NOT NULL DEFAULT 'private'
    CONSTRAINT projects_visibility_check CHECK (visibility IN ('private', 'public'))
);
CREATE UNIQUE INDEX idx_projects_slug_no_tenant ON server.projects (slug) WHERE tenant_id IS NULL AND deleted_at IS NULL;
CREATE UNIQUE INDEX idx_projects_slug_with_tenant ON server.projects (tenant_id, slug)
  WHERE tenant_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX idx_projects_active ON server.projects (id) WHERE deleted_at IS NULL;

CREATE TABLE server.repos (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id       uuid NOT NULL REFERENCES server.projects (id) ON DELETE CASCADE,
  origin_url       text NOT NULL,
  canonical_origin text NOT NULL,
  name             text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  deleted_at       timestamptz NULL,
  CONSTRAINT unique_repo_per_project UNIQUE (project_id, canonical_origin)
);
CREATE INDEX idx_repos_project ON server.repos (project_id);
CREATE INDEX idx_repos_active ON server.repos (project_id) WHERE deleted_at IS NULL;
CREATE INDEX idx_repos_canonical_live ON server.repos (canonical_origin) WHERE deleted_at IS NULL;

CREATE TABLE server.workspaces (
  workspace_id         uuid PRIMARY KEY,
  project_id           uuid NOT NULL REFERENCES server.projects (id) ON DELETE CASCADE,
  repo_id              uuid NULL REFERENCES server.repos (id) ON DELETE SET NULL,
  alias                text NOT NULL,
  human_name           text NOT NULL DEFAULT '',
  role                 text NULL,
  current_branch       text NULL,
  focus_apex_bead_id   text NULL,
  focus_apex_repo_name text NULL,
  focus_apex_branch    text NULL,
  focus_updated_at     timestamptz NULL,
  hostname             text NULL,
  workspace_path       text NULL,
  workspace_type       text NOT NULL DEFAULT 'agent',
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  deleted_at           timestamptz NULL,
  last_seen_at         timestamptz NULL,
  timezone             text NULL,
  CONSTRAINT chk_workspace_repo CHECK ((workspace_type = 'agent' AND repo_id IS NOT NULL)
                                       OR (workspace_type IN ('dashboard') AND repo_id IS NULL)),
  CONSTRAINT chk_workspace_role_length CHECK (role IS NULL OR length(role) <= 50)
);
CREATE UNIQUE INDEX idx_unique_active_alias ON server.workspaces (project_id, alias) WHERE deleted_at IS NULL;
CREATE INDEX idx_workspaces_alias ON server.workspaces (alias);
CREATE INDEX idx_workspaces_project ON server.workspaces (project_id);
CREATE INDEX idx_workspaces_repo ON server.workspaces (repo_id);
CREATE INDEX idx_workspaces_active ON server.workspaces (project_id) WHERE deleted_at IS NULL;
CREATE INDEX idx_workspaces_hostname ON server.workspaces (hostname) WHERE hostname IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX idx_workspaces_dashboard ON server.workspaces (project_id, human_name) WHERE workspace_type = 'dashboard';
CREATE INDEX idx_workspaces_project_updated ON server.workspaces (project_id, updated_at DESC, workspace_id DESC);

-- The immutable links of a workspace, enforced by the database (spec 30 §1, §10.2).
CREATE FUNCTION server.update_workspace_timestamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.project_id IS DISTINCT FROM OLD.project_id THEN
    RAISE EXCEPTION 'project_id is immutable';
  END IF;
  IF NEW.repo_id IS DISTINCT FROM OLD.repo_id AND NEW.repo_id IS NOT NULL THEN
    RAISE EXCEPTION 'repo_id is immutable (cannot change to different repo)';
  END IF;
  IF NEW.alias IS DISTINCT FROM OLD.alias THEN
    RAISE EXCEPTION 'alias is immutable';
  END IF;
  IF NEW.workspace_type IS DISTINCT FROM OLD.workspace_type THEN
    RAISE EXCEPTION 'workspace_type is immutable';
  END IF;
  IF OLD.repo_id IS NOT NULL AND NEW.repo_id IS NULL AND NEW.deleted_at IS NULL THEN
    NEW.deleted_at := now();
  END IF;
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;
CREATE TRIGGER workspace_updated_at BEFORE UPDATE ON server.workspaces
  FOR EACH ROW EXECUTE FUNCTION server.update_workspace_timestamp();

-- The transactional outbox of the event bus, kept for replay (spec 30 §10.3, Ours).
CREATE TABLE server.events (
  event_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id   uuid NOT NULL,
  workspace_id uuid NOT NULL,
  type         text NOT NULL,
  payload      jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_events_workspace ON server.events (workspace_id, event_id);
CREATE INDEX idx_events_created ON server.events (created_at);
