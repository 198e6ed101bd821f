-- Bead subscriptions and the notification outbox (spec 40 §9.7, §9.8).
CREATE TABLE server.subscriptions (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id   uuid NOT NULL REFERENCES server.projects (id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES server.workspaces (workspace_id) ON DELETE CASCADE,
  alias        text NOT NULL,
  bead_id      text NOT NULL,
  repo         text NULL,
  event_types  text[] NOT NULL DEFAULT '{status_change}',
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX idx_subscriptions_key ON server.subscriptions (project_id, workspace_id, bead_id, (COALESCE(repo, '')));
CREATE INDEX idx_subscriptions_bead ON server.subscriptions (project_id, bead_id);
CREATE INDEX idx_subscriptions_workspace ON server.subscriptions (project_id, workspace_id, created_at DESC);

CREATE TABLE server.notification_outbox (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id             uuid NOT NULL REFERENCES server.projects (id) ON DELETE CASCADE,
  event_type             text NOT NULL,
  payload                jsonb NOT NULL,
  recipient_workspace_id uuid NOT NULL,
  recipient_alias        text NOT NULL,
  status                 text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'completed', 'failed', 'dead')),
  attempts               int NOT NULL DEFAULT 0,
  next_attempt_at        timestamptz NOT NULL,
  last_error             text NULL,
  created_at             timestamptz NOT NULL DEFAULT now(),
  processed_at           timestamptz NULL,
  message_id             uuid NULL
);
CREATE INDEX idx_outbox_project_due ON server.notification_outbox (project_id, status, next_attempt_at)
  WHERE status IN ('pending', 'failed');
CREATE INDEX idx_outbox_due ON server.notification_outbox (next_attempt_at) WHERE status IN ('pending', 'failed');
CREATE INDEX idx_outbox_completed ON server.notification_outbox (processed_at) WHERE status = 'completed';
CREATE INDEX idx_outbox_dead ON server.notification_outbox (created_at) WHERE status = 'dead';
