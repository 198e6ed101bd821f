-- A 10,000-issue load adds about half a million trigram entries. With the default pending list (4 MB)
-- the inserting statement merged the list into the title index itself, once or twice per load (about
-- 0.1 s of a load's 0.5 s of index work). With room for a whole load in the list, the merge happens
-- after the commit: beads.PlannerStats cleans the lists in the background after every bulk write, and
-- autovacuum does after smaller ones. Searches read the list until then (a sequential scan of it).
ALTER INDEX beads.idx_issues_title_trgm SET (gin_pending_list_limit = 32768);
ALTER INDEX beads.idx_issues_bead_trgm SET (gin_pending_list_limit = 32768);
ALTER INDEX beads.idx_issues_labels SET (gin_pending_list_limit = 32768);
