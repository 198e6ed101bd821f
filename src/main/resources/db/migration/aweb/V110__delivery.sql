-- Tracked delivery (docs/delivery.md): each agent's consumed-through watermark for mail, and the
-- escalate-if-unread schedule of messages sent with escalate_after_seconds.
CREATE TABLE aweb.delivery_watermarks (
  agent_id          uuid PRIMARY KEY REFERENCES aweb.agents (agent_id),
  project_id        uuid NOT NULL REFERENCES aweb.projects (project_id),
  mail_seen_through timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL
);

CREATE TABLE aweb.unseen_escalations (
  message_id    uuid PRIMARY KEY,
  project_id    uuid NOT NULL REFERENCES aweb.projects (project_id),
  kind          text NOT NULL CHECK (kind IN ('mail', 'chat')),
  escalate_at   timestamptz NOT NULL,
  settled_at    timestamptz NULL,
  escalation_id uuid NULL
);
CREATE INDEX idx_unseen_escalations_due ON aweb.unseen_escalations (escalate_at) WHERE settled_at IS NULL;

-- Attention (GET /v1/attention): a recipient's newest unread mail without walking its read mail (the
-- unread index keyed by read_at, always NULL in it, gave no order), and its urgent unread mail alone.
CREATE INDEX idx_messages_unread_recent ON aweb.messages (project_id, to_agent_id, created_at DESC)
  WHERE read_at IS NULL;
DROP INDEX aweb.idx_messages_unread;
CREATE INDEX idx_messages_unread_urgent ON aweb.messages (project_id, to_agent_id, created_at DESC)
  WHERE read_at IS NULL AND priority IN ('high', 'urgent');

-- Timestamps in JSON built by SQL, in the wire's whole-second form (2026-11-23T12:27:50Z).
CREATE FUNCTION aweb.z_second(t timestamptz) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"');
