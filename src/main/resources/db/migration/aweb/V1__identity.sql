-- Identity tables of the aweb protocol layer (spec 10 §1).
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;

CREATE TABLE aweb.namespaces (
  namespace_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug         text NOT NULL,
  display_name text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now(),
  deleted_at   timestamptz NULL
);
CREATE UNIQUE INDEX idx_namespaces_slug_unique_active ON aweb.namespaces (slug) WHERE deleted_at IS NULL;

CREATE TABLE aweb.projects (
  project_id   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug         text NOT NULL,
  name         text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now(),
  deleted_at   timestamptz NULL,
  tenant_id    uuid NULL,
  namespace_id uuid NULL REFERENCES aweb.namespaces (namespace_id)
);
CREATE UNIQUE INDEX idx_projects_slug_unique_active_oss ON aweb.projects (slug)
  WHERE tenant_id IS NULL AND deleted_at IS NULL;
CREATE UNIQUE INDEX idx_projects_tenant_slug_unique_active ON aweb.projects (tenant_id, slug)
  WHERE tenant_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX idx_projects_namespace ON aweb.projects (namespace_id);

CREATE TABLE aweb.agents (
  agent_id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id         uuid NOT NULL REFERENCES aweb.projects (project_id),
  alias              text NOT NULL CONSTRAINT chk_agents_alias_no_slash CHECK (position('/' in alias) = 0),
  human_name         text NOT NULL DEFAULT '',
  agent_type         text NOT NULL DEFAULT 'agent',
  created_at         timestamptz NOT NULL DEFAULT now(),
  deleted_at         timestamptz NULL,
  access_mode        text NOT NULL DEFAULT 'open' CHECK (access_mode IN ('open', 'contacts_only')),
  did                text NULL,
  public_key         text NULL,
  custody            text NULL CHECK (custody IN ('self', 'custodial')),
  signing_key_enc    bytea NULL,
  lifetime           text NOT NULL DEFAULT 'persistent' CHECK (lifetime IN ('persistent', 'ephemeral')),
  status             text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired', 'deregistered')),
  successor_agent_id uuid NULL REFERENCES aweb.agents (agent_id),
  stable_id          text NULL,
  namespace_id       uuid NULL REFERENCES aweb.namespaces (namespace_id)
);
CREATE UNIQUE INDEX idx_agents_project_alias_unique_active ON aweb.agents (project_id, alias) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX idx_agents_did_unique_active ON aweb.agents (project_id, did)
  WHERE deleted_at IS NULL AND did IS NOT NULL;
CREATE UNIQUE INDEX idx_agents_namespace_alias_unique_active ON aweb.agents (namespace_id, alias) WHERE deleted_at IS NULL;
CREATE INDEX idx_agents_did ON aweb.agents (did) WHERE deleted_at IS NULL AND did IS NOT NULL;
CREATE INDEX idx_agents_stable_id ON aweb.agents (stable_id) WHERE deleted_at IS NULL AND stable_id IS NOT NULL;
CREATE INDEX idx_agents_namespace ON aweb.agents (namespace_id);

CREATE TABLE aweb.api_keys (
  api_key_id   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id   uuid NOT NULL REFERENCES aweb.projects (project_id),
  key_prefix   text NOT NULL,
  key_hash     text NOT NULL,
  is_active    boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz NULL,
  user_id      uuid NULL,
  agent_id     uuid NULL REFERENCES aweb.agents (agent_id)
);
CREATE INDEX idx_api_keys_project ON aweb.api_keys (project_id);
CREATE INDEX idx_api_keys_user ON aweb.api_keys (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX idx_api_keys_agent_id ON aweb.api_keys (agent_id);
CREATE INDEX idx_api_keys_key_hash ON aweb.api_keys (key_hash);

CREATE TABLE aweb.agent_log (
  log_id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agent_id        uuid NOT NULL REFERENCES aweb.agents (agent_id),
  project_id      uuid NOT NULL,
  operation       text NOT NULL,
  old_did         text NULL,
  new_did         text NULL,
  signed_by       text NULL,
  entry_signature text NULL,
  metadata        jsonb NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_agent_log_agent_id ON aweb.agent_log (agent_id, created_at);

CREATE TABLE aweb.rotation_announcements (
  announcement_id    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agent_id           uuid NOT NULL REFERENCES aweb.agents (agent_id),
  project_id         uuid NOT NULL,
  old_did            text NOT NULL,
  new_did            text NOT NULL,
  rotation_timestamp text NOT NULL,
  old_key_signature  text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_rotation_announcements_agent ON aweb.rotation_announcements (agent_id, created_at DESC);

CREATE TABLE aweb.rotation_peer_acks (
  announcement_id uuid NOT NULL REFERENCES aweb.rotation_announcements (announcement_id),
  peer_agent_id   uuid NOT NULL REFERENCES aweb.agents (agent_id),
  notified_at     timestamptz NOT NULL DEFAULT now(),
  acknowledged_at timestamptz NULL,
  PRIMARY KEY (announcement_id, peer_agent_id)
);
