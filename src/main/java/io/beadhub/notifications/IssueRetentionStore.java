package io.beadhub.notifications;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jdbi.v3.core.Handle;

/** The purge of removed bead records (spec 40 §1.9), run by the hourly sweep. */
final class IssueRetentionStore {
  private IssueRetentionStore() {
  }

  /** Deletes issue rows removed more than 30 days before {@code now}. */
  static int purgeRemoved(Handle h, Instant now) {
    return h.createUpdate("DELETE FROM beads.issues WHERE deleted_at < CAST(:now AS timestamptz) - interval '30 days'")
        .bind("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).execute();
  }
}
