-- Mail, chat and reservations of the aweb protocol layer (spec 20 §1).

CREATE TABLE aweb.messages (
  message_id     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id     uuid NOT NULL REFERENCES aweb.projects (project_id),
  from_agent_id  uuid NOT NULL REFERENCES aweb.agents (agent_id),
  to_agent_id    uuid NOT NULL REFERENCES aweb.agents (agent_id),
  from_alias     text NOT NULL,
  subject        text NOT NULL DEFAULT '',
  body           text NOT NULL,
  priority       text NOT NULL DEFAULT 'normal',
  thread_id      uuid NULL,
  read_at        timestamptz NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  from_did       text NULL,
  to_did         text NULL,
  signature      text NULL,
  signing_key_id text NULL,
  from_stable_id text NULL,
  to_stable_id   text NULL
);
CREATE INDEX idx_messages_inbox ON aweb.messages (project_id, to_agent_id, created_at DESC);
CREATE INDEX idx_messages_unread ON aweb.messages (project_id, to_agent_id, read_at) WHERE read_at IS NULL;
CREATE INDEX idx_messages_project_created ON aweb.messages (project_id, created_at DESC);
CREATE INDEX idx_messages_thread ON aweb.messages (project_id, to_agent_id, thread_id) WHERE thread_id IS NOT NULL;

CREATE TABLE aweb.chat_sessions (
  session_id       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id       uuid NOT NULL REFERENCES aweb.projects (project_id),
  participant_hash text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT chat_sessions_project_participants_key UNIQUE (project_id, participant_hash)
);
CREATE INDEX idx_chat_sessions_project_created ON aweb.chat_sessions (project_id, created_at DESC);

CREATE TABLE aweb.chat_session_participants (
  session_id uuid NOT NULL REFERENCES aweb.chat_sessions (session_id) ON DELETE CASCADE,
  agent_id   uuid NOT NULL REFERENCES aweb.agents (agent_id),
  alias      text NOT NULL,
  joined_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, agent_id)
);
CREATE INDEX idx_chat_session_participants_agent ON aweb.chat_session_participants (agent_id);

CREATE TABLE aweb.chat_messages (
  message_id     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  session_id     uuid NOT NULL REFERENCES aweb.chat_sessions (session_id) ON DELETE CASCADE,
  from_agent_id  uuid NOT NULL REFERENCES aweb.agents (agent_id),
  from_alias     text NOT NULL,
  body           text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  sender_leaving boolean NOT NULL DEFAULT false,
  hang_on        boolean NOT NULL DEFAULT false,
  from_did       text NULL,
  to_did         text NULL,
  signature      text NULL,
  signing_key_id text NULL,
  from_stable_id text NULL,
  to_stable_id   text NULL,
  seq            bigint GENERATED ALWAYS AS IDENTITY UNIQUE
);
CREATE INDEX idx_chat_messages_session_created ON aweb.chat_messages (session_id, created_at);
CREATE INDEX idx_chat_messages_session_seq ON aweb.chat_messages (session_id, seq);

CREATE TABLE aweb.chat_read_receipts (
  session_id           uuid NOT NULL REFERENCES aweb.chat_sessions (session_id) ON DELETE CASCADE,
  agent_id             uuid NOT NULL REFERENCES aweb.agents (agent_id),
  last_read_message_id uuid NULL REFERENCES aweb.chat_messages (message_id) ON DELETE SET NULL,
  last_read_at         timestamptz NULL,
  last_read_seq        bigint NULL,
  PRIMARY KEY (session_id, agent_id)
);

CREATE TABLE aweb.reservations (
  project_id      uuid NOT NULL REFERENCES aweb.projects (project_id),
  resource_key    text NOT NULL,
  holder_agent_id uuid NOT NULL REFERENCES aweb.agents (agent_id),
  holder_alias    text NOT NULL,
  acquired_at     timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,
  metadata_json   jsonb NOT NULL DEFAULT '{}',
  reservation_id  uuid NOT NULL DEFAULT gen_random_uuid(),
  PRIMARY KEY (project_id, resource_key)
);
CREATE INDEX idx_reservations_project_expires ON aweb.reservations (project_id, expires_at);
CREATE INDEX idx_reservations_project_holder ON aweb.reservations (project_id, holder_agent_id);
