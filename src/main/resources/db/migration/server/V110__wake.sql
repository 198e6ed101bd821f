-- Wake channels (docs/delivery.md): an agent's webhook, the wakes to send through it (one per agent per
-- coalescing window, retried with back-off), and how far the wake dispatcher has read server.events.
CREATE TABLE server.agent_wakes (
  agent_id    uuid PRIMARY KEY,
  project_id  uuid NOT NULL REFERENCES server.projects (id) ON DELETE CASCADE,
  webhook_url text NOT NULL,
  secret      text NOT NULL,
  updated_at  timestamptz NOT NULL
);

CREATE TABLE server.wake_outbox (
  id              uuid PRIMARY KEY,
  project_id      uuid NOT NULL REFERENCES server.projects (id) ON DELETE CASCADE,
  agent_id        uuid NOT NULL,
  window_start    timestamptz NOT NULL,
  window_end      timestamptz NOT NULL,
  first_event_id  bigint NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
  attempts        int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error      text NULL,
  created_at      timestamptz NOT NULL,
  sent_at         timestamptz NULL,
  CONSTRAINT wake_outbox_one_per_window UNIQUE (agent_id, window_start)
);
CREATE INDEX idx_wake_outbox_due ON server.wake_outbox (next_attempt_at) WHERE status = 'pending';

CREATE TABLE server.wake_cursor (
  id            int PRIMARY KEY CHECK (id = 1),
  last_event_id bigint NOT NULL
);
INSERT INTO server.wake_cursor (id, last_event_id)
SELECT 1, COALESCE((SELECT last_event_id FROM server.event_counter LIMIT 1), 0);

-- Attention: escalations of a workspace answered lately; claims of a workspace by expiry.
CREATE INDEX idx_escalations_workspace_responded ON server.escalations (workspace_id, responded_at DESC)
  WHERE status = 'responded';
CREATE INDEX idx_bead_claims_workspace_expires ON server.bead_claims (workspace_id, expires_at)
  WHERE expires_at IS NOT NULL;
