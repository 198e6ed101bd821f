package io.beadhub.beads;

import io.beadhub.db.Database;

/** The statements of {@link PlannerStats}: ANALYZE or VACUUM (ANALYZE) of the beads tables, in auto-commit. */
final class PlannerStatsStore {
  /**
   * Moves the GIN indexes' pending entries (trigram search, labels) into the indexes. Left there, the
   * first write to fill the pending list past its limit merges them all, and after a bulk load that is
   * the next small sync, which then takes seconds instead of milliseconds.
   */
  private static final String CLEAN_PENDING = """
      SELECT gin_clean_pending_list(i.indexrelid)
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
       WHERE a.amname = 'gin' AND i.indrelid = 'beads.issues'::regclass""";
  /**
   * The sample of this ANALYZE (300 blocks per unit): what it must fix is a new project's rows missing
   * from the statistics, which a small sample does. The default sample reads a large share of the issues
   * table, a core's work competing with the next requests; autovacuum's own analyze later refines the
   * statistics at its gentle pace.
   */
  static final int STATISTICS_TARGET = 10;
  private static final String TABLES = "beads.issues, beads.issue_deps, beads.issue_state, beads.issue_parents";

  private PlannerStatsStore() {
  }

  /** ANALYZE the beads tables and clean the GIN pending lists; with {@code vacuum}, VACUUM (ANALYZE) them. */
  static void refresh(Database db, boolean vacuum) {
    db.jdbc(c -> {
      try (var st = c.createStatement()) { // auto-commit: VACUUM cannot run in a transaction
        st.execute("SET default_statistics_target = " + STATISTICS_TARGET);
        try {
          st.execute((vacuum ? "VACUUM (ANALYZE) " : "ANALYZE ") + TABLES);
          if (!vacuum) {
            st.execute(CLEAN_PENDING); // VACUUM does it itself
          }
        } finally {
          st.execute("RESET default_statistics_target");
        }
      }
      return null;
    });
  }
}
