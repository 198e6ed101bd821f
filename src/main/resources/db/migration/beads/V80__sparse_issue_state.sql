-- beads.issue_state keeps a row only for an issue with something to say (blocked, a blocker, a reason,
-- a deferral; dataplane.StateRefresh); readers take a missing row as not blocked and not deferred.
DELETE FROM beads.issue_state
 WHERE NOT blocked AND blocked_reasons = '[]'::jsonb AND blocked_by = '[]'::jsonb AND defer_max IS NULL
   AND NOT ancestor_deferred;
