-- Commit-ordered event ids (docs/events.md). Writers insert their events into server.event_queue in the
-- transaction of the change; the sequencer moves committed rows into server.events, numbering them in one
-- serialized transaction at a time, so an event id becomes visible only after every lower id is visible.

CREATE TABLE server.event_queue (
  row_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id   uuid NOT NULL,
  workspace_id uuid NOT NULL,
  type         text NOT NULL,
  -- The event JSON as the writer built it (live frames send it as is); the check makes sure the numbering
  -- pass can store it as jsonb, so one bad row can never stop the queue.
  payload      text NOT NULL CHECK (payload::jsonb IS NOT NULL),
  created_at   timestamptz NOT NULL DEFAULT now()
);
-- Rows live for milliseconds; vacuum the queue often so its index stays small.
ALTER TABLE server.event_queue SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
                                    autovacuum_vacuum_insert_threshold = 1000);

-- The last id handed out; its row lock serializes numbering passes (across replicas too).
CREATE TABLE server.event_counter (
  singleton     boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_event_id bigint NOT NULL
);
INSERT INTO server.event_counter (last_event_id)
SELECT GREATEST(COALESCE((SELECT max(event_id) FROM server.events), 0),
                COALESCE((SELECT last_value FROM pg_sequences
                           WHERE schemaname = 'server' AND sequencename = 'events_event_id_seq'), 0));

-- Per project, the highest event id numbered: where a live stream stands, and what it missed.
CREATE TABLE server.event_heads (
  project_id    uuid PRIMARY KEY,
  last_event_id bigint NOT NULL
);
INSERT INTO server.event_heads (project_id, last_event_id)
SELECT project_id, max(event_id) FROM server.events GROUP BY project_id;

ALTER TABLE server.events ALTER COLUMN event_id DROP IDENTITY;
-- Catch-up reads of a project's events after a cursor.
CREATE INDEX idx_events_project ON server.events (project_id, event_id);
