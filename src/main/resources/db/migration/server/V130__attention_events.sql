-- Attention (docs/delivery.md): the events that say "blocked work became ready" and "your pending claim
-- went stale", read per workspace, newest first, over the last 24 h. Only these types enter the index, so
-- every other event insert pays only the predicate.
CREATE INDEX idx_events_attention ON server.events (workspace_id, type, created_at DESC)
  WHERE type IN ('bead.ready', 'claim.stale');
