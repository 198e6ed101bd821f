-- The sender's view of its mail (GET /v1/messages/sent, docs/delivery.md), newest first.
CREATE INDEX idx_messages_sent ON aweb.messages (project_id, from_agent_id, created_at DESC);
