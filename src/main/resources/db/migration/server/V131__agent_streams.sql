-- Open GET /v1/agents/me/events streams, on every replica (docs/delivery.md): the wake worker of any replica
-- skips an event for an agent whose stream was open when the event was created. The replica holding a stream
-- refreshes heartbeat_at; a row whose heartbeat is older than the worker's TTL (its replica died) covers
-- events only up to that heartbeat. Closed and dead rows are deleted after 10 minutes.
CREATE TABLE server.agent_streams (
  stream_id    uuid PRIMARY KEY,
  agent_id     uuid NOT NULL,
  project_id   uuid NOT NULL REFERENCES server.projects (id) ON DELETE CASCADE,
  replica_id   uuid NOT NULL,
  opened_at    timestamptz NOT NULL,
  heartbeat_at timestamptz NOT NULL,
  closed_at    timestamptz NULL
);
CREATE INDEX idx_agent_streams_agent ON server.agent_streams (agent_id, opened_at);
CREATE INDEX idx_agent_streams_replica ON server.agent_streams (replica_id) WHERE closed_at IS NULL;
