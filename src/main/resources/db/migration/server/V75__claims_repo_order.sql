-- The pre-flight lists a repo's claims newest first, 200 at most (ClaimStore.ofRepo): without an index in
-- that order it read, joined and sorted every claim of the repo (2.7 ms for 1,800 pending claims) per call.
CREATE INDEX IF NOT EXISTS idx_bead_claims_repo_order ON server.bead_claims (project_id, repo, claimed_at DESC, id DESC);

-- Every pre-flight purges the repo's expired pending claims (ClaimStore.purgeExpired): read them by expiry
-- instead of scanning all the repo's claims.
CREATE INDEX IF NOT EXISTS idx_bead_claims_pending_expiry ON server.bead_claims (project_id, repo, expires_at)
  WHERE state = 'pending';
