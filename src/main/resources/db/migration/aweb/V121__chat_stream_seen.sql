-- Tracked delivery (docs/delivery.md): the newest message of a chat session written to a participant's
-- open chat stream. It counts as seen (delivery state, escalate-if-unread) as a read receipt does, and
-- is kept apart from the read receipts, whose meaning spec 20 fixes.
CREATE TABLE aweb.chat_stream_seen (
  session_id      uuid NOT NULL REFERENCES aweb.chat_sessions (session_id) ON DELETE CASCADE,
  agent_id        uuid NOT NULL REFERENCES aweb.agents (agent_id),
  seen_message_id uuid NOT NULL REFERENCES aweb.chat_messages (message_id) ON DELETE CASCADE,
  seen_at         timestamptz NOT NULL,
  PRIMARY KEY (session_id, agent_id)
);
