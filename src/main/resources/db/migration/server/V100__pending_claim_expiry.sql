-- Expired pending claims are removed by a background sweep over every project (PendingClaimSweeper),
-- no longer by each pre-flight for its own repo: the sweep reads them by expiry alone.
CREATE INDEX IF NOT EXISTS idx_bead_claims_pending_expires ON server.bead_claims (expires_at)
  WHERE state = 'pending';
DROP INDEX IF EXISTS server.idx_bead_claims_pending_expiry;

