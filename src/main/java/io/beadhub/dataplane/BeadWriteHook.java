package io.beadhub.dataplane;

import io.beadhub.events.Event;
import io.beadhub.db.Batch;
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

  List<Event> after(Handle h, Write w, Snapshot before, Instant now);

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

  /**
   * As {@link #after(Handle, Write, Snapshot, Instant)} when the writer knows which rows it wrote;
   * {@code written} null = unknown. Lets the hook skip or narrow its work.
   */
  default List<Event> after(Handle h, Write w, Snapshot before, Instant now, Written written) {
    return after(h, w, before, now);
  }

  BeadWriteHook NONE = new BeadWriteHook() {
    @Override
    public Supplier<Snapshot> before(Batch b, UUID project, String repo, String branch, Collection<String> beadIds) {
      return () -> null;
    }

    @Override
    public List<Event> after(Handle h, Write w, Snapshot before, Instant now) {
      return List.of();
    }

    @Override
    public List<Event> after(Handle h, Write w, Snapshot before, Instant now, Written written) {
      return List.of();
    }
  };
}
