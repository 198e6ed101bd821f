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
 * ANALYZE, the GIN pending lists are cleaned too ({@link PlannerStatsStore}).
 */
public final class PlannerStats {
  /** New live rows in one write from which the statistics are refreshed. */
  public static final int BULK_ROWS = 1_000;
  /**
   * Overwritten rows in one write from which the tables are vacuumed too (below it autovacuum keeps up;
   * vacuuming after every 1,000-row rewrite cost the next sync more CPU than it saved).
   */
  public static final int BULK_REWRITES = 5_000;
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
          PlannerStatsStore.refresh(db, full);
        }
      } catch (RuntimeException e) {
        log.debug("beads ANALYZE/VACUUM failed (autovacuum will do it later)", e);
      } finally {
        job.running().set(false);
      }
    });
  }
}
