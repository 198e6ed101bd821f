-- Keep records up to a page inline and uncompressed: with the default target (2 kB) a third of the
-- tracker's records had their raw JSON compressed (pglz) and moved to the TOAST table on every write,
-- the largest CPU item of rewriting a record after its indexes.
ALTER TABLE beads.issues SET (toast_tuple_target = 8160);
