-- The beads schema holds synced issues (spec 40); its tables arrive with the sync feature.
SELECT 1;
