package io.beadhub.dataplane;

import io.beadhub.db.Batch;
import io.beadhub.events.Event;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * Called by every writer of beads.issues (sync, uploads, ephemeral push, expiry) inside its
 * transaction: {@link #before} just before the rows of one (repo, branch) are written,
 * {@link #after} right after. The data plane refreshes the materialised blocked state (spec 60
 * §4.7) and records the data-plane events (spec 60 §6), which the caller publishes after commit.
 */
public interface BeadWriteHook {
  /** Who wrote: {@code writer} may be null; {@code stream} is the writer's event stream (null: none). */
  record Write(UUID project, String slug, String repo, String branch, UUID writer, UUID stream, String alias) {
  }

  /** An opaque snapshot of the rows the events compare against. */
  interface Snapshot {
  }

  /**
   * Adds to {@code b} the reads of the snapshot, over the rows of (repo, branch) bearing one of
   * {@code beadIds} (null: any row); the supplier yields it once {@code b} has run.
   */
  Supplier<Snapshot> before(Batch b, UUID project, String repo, String branch, Collection<String> beadIds);

  /** The snapshot of every row of {@code w}'s (repo, branch), read now. */
  default Snapshot before(Handle h, Write w) {
    Batch b = new Batch();
    Supplier<Snapshot> s = before(b, w.project(), w.repo(), w.branch(), null);
    b.run(h);
    return s.get();
  }

  /**
   * What one write changed: the bead ids of {@code w}'s (repo, branch) whose rows were inserted,
   * revived or removed, or overwritten with different state inputs ({@code IssueRecord.stateKey}: rows
   * whose content was unchanged, or changed only in text the state rules do not read, are not in it);
   * {@code liveSetChanged}: some row became live or stopped being live.
   */
  record Written(java.util.Set<String> beadIds, boolean liveSetChanged) {
    public boolean nothing() {
      return beadIds.isEmpty();
    }
  }

  /** The hook's work once the batch holding its reads has run; returns the events it recorded. */
  interface After {
    List<Event> finish(Handle h, Instant now);
  }

  /**
   * Adds to {@code b}, the write's own batch (after the write's statements), the reads the hook makes of
   * the written rows, and returns the rest of its work. {@code written} null = unknown (every row may
   * have changed); known, it lets the hook skip or narrow its work.
   */
  After after(Batch b, Write w, Snapshot before, Written written);

  /** As above, after a write the caller has already sent, not knowing which rows it changed. */
  default List<Event> after(Handle h, Write w, Snapshot before, Instant now) {
    Batch b = new Batch();
    After a = after(b, w, before, null);
    b.run(h);
    return a.finish(h, now);
  }

  BeadWriteHook NONE = new BeadWriteHook() {
    @Override
    public Supplier<Snapshot> before(Batch b, UUID project, String repo, String branch, Collection<String> beadIds) {
      return () -> null;
    }

    @Override
    public After after(Batch b, Write w, Snapshot before, Written written) {
      return (h, now) -> List.of();
    }
  };
}
