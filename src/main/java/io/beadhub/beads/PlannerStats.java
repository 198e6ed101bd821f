package io.beadhub.beads;

import io.beadhub.db.Database;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes the planner statistics of the beads tables after a bulk load (spec 40 §1.10). A full sync
 * that brings thousands of rows of a new project leaves the planner believing the project has none
 * until autovacuum's next analyze (a minute or more); meanwhile the small lookups of every following
 * incremental sync scan the whole repo instead of using their unique index. A full sync that rewrites
 * thousands of rows leaves as many dead row versions in every index, faster than autovacuum's default
 * pace reclaims them (each following sync of the repo got slower). So: one ANALYZE (after a bulk
 * rewrite VACUUM (ANALYZE)) at a time, off the request path, after the commit of a bulk write; after an
 * ANALYZE, the GIN pending lists are cleaned too ({@link #CLEAN_PENDING}).
 */
public final class PlannerStats {
  /** New live rows in one write from which the statistics are refreshed. */
  public static final int BULK_ROWS = 1_000;
  /**
   * Overwritten rows in one write from which the tables are vacuumed too (below it autovacuum keeps up;
   * vacuuming after every 1,000-row rewrite cost the next sync more CPU than it saved).
   */
  public static final int BULK_REWRITES = 5_000;
  /**
   * Moves the GIN indexes' pending entries (trigram search, labels) into the indexes. Left there, the
   * first write to fill the pending list past its limit merges them all: after a 10,000-issue load
   * that was the next incremental sync, 1 to 1.3 s instead of milliseconds.
   */
  private static final String CLEAN_PENDING = """
      SELECT gin_clean_pending_list(i.indexrelid)
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
       WHERE a.amname = 'gin' AND i.indrelid = 'beads.issues'::regclass""";
  /**
   * The sample of this ANALYZE (300 blocks per unit): what it must fix is a new project's rows missing
   * from the statistics, which a small sample does. At the default (100) it read 30,000 blocks of the
   * issues table, about a second of a core competing with the next requests; autovacuum's own analyze
   * later refines the statistics at its gentle pace.
   */
  static final int STATISTICS_TARGET = 10;
  private static final Logger log = LoggerFactory.getLogger(PlannerStats.class);
  private static final Map<Database, Job> JOBS = new ConcurrentHashMap<>();

  /** A database's job: running, asked to run (again), asked to vacuum too. */
  private record Job(AtomicBoolean running, AtomicBoolean again, AtomicBoolean vacuum) {
    Job() {
      this(new AtomicBoolean(), new AtomicBoolean(), new AtomicBoolean());
    }
  }

  private PlannerStats() {
  }

  /** Call after the commit of a write that inserted {@code inserted} rows and overwrote {@code overwritten}. */
  public static void afterWrite(Database db, int inserted, int overwritten) {
    boolean vacuum = overwritten >= BULK_REWRITES;
    if (inserted < BULK_ROWS && !vacuum) {
      return;
    }
    Job job = JOBS.computeIfAbsent(db, d -> new Job());
    if (vacuum) {
      job.vacuum().set(true);
    }
    job.again().set(true);
    if (!job.running().compareAndSet(false, true)) {
      return; // the running one analyzes once more when it is done
    }
    Thread.ofVirtual().name("beads-vacuum").start(() -> {
      try {
        while (job.again().getAndSet(false)) {
          boolean full = job.vacuum().getAndSet(false);
          db.jdbc(c -> {
            try (var st = c.createStatement()) { // autocommit: VACUUM cannot run in a transaction
              st.execute("SET default_statistics_target = " + STATISTICS_TARGET);
              try {
                st.execute((full ? "VACUUM (ANALYZE)" : "ANALYZE")
                    + " beads.issues, beads.issue_deps, beads.issue_state, beads.issue_parents");
                if (!full) {
                  st.execute(CLEAN_PENDING); // VACUUM does it itself
                }
              } finally {
                st.execute("RESET default_statistics_target");
              }
            }
            return null;
          });
        }
      } catch (RuntimeException e) {
        log.debug("beads ANALYZE/VACUUM failed (autovacuum will do it later)", e);
      } finally {
        job.running().set(false);
      }
    });
  }
}
