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
 * incremental sync scan the whole repo instead of using their unique index. One ANALYZE at a time,
 * off the request path, after the commit.
 */
public final class PlannerStats {
  /** New live rows in one write from which the statistics are refreshed. */
  public static final int BULK_ROWS = 1_000;
  private static final Logger log = LoggerFactory.getLogger(PlannerStats.class);
  private static final Map<Database, AtomicBoolean> RUNNING = new ConcurrentHashMap<>();
  private static final Map<Database, AtomicBoolean> AGAIN = new ConcurrentHashMap<>();

  private PlannerStats() {
  }

  /** Call after the commit of a write that made {@code inserted} rows live. */
  public static void afterWrite(Database db, int inserted) {
    if (inserted < BULK_ROWS) {
      return;
    }
    AtomicBoolean running = RUNNING.computeIfAbsent(db, d -> new AtomicBoolean());
    AtomicBoolean again = AGAIN.computeIfAbsent(db, d -> new AtomicBoolean());
    again.set(true);
    if (!running.compareAndSet(false, true)) {
      return; // the running one analyzes once more when it is done
    }
    Thread.ofVirtual().name("beads-analyze").start(() -> {
      try {
        while (again.getAndSet(false)) {
          db.tx(h -> {
            h.execute("ANALYZE beads.issues, beads.issue_deps, beads.issue_state, beads.issue_parents");
            return null;
          });
        }
      } catch (RuntimeException e) {
        log.debug("beads ANALYZE failed (autovacuum will analyze later)", e);
      } finally {
        running.set(false);
      }
    });
  }
}
