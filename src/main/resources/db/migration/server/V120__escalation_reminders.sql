-- Re-notifying an escalation nobody has looked at (docs/delivery.md): when a human first viewed it, how
-- many reminders went out and when the last one did. Pending escalations are few (they expire in hours);
-- the reminder worker reads them through this partial index.
ALTER TABLE server.escalations
  ADD COLUMN viewed_at   timestamptz NULL,
  ADD COLUMN reminders   int NOT NULL DEFAULT 0,
  ADD COLUMN reminded_at timestamptz NULL;
CREATE INDEX idx_escalations_unviewed ON server.escalations (created_at)
  WHERE status = 'pending' AND viewed_at IS NULL;
