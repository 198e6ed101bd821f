package io.beadhub.sync;

import io.beadhub.beads.Ingest;
import io.beadhub.beads.IssueStore;
import io.beadhub.beads.PlannerStats;
import io.beadhub.claims.ClaimStore;
import io.beadhub.claims.Claims;
import io.beadhub.common.ApiError;
import io.beadhub.dataplane.BeadWriteHook;
import io.beadhub.db.Batch;
import io.beadhub.db.Database;
import io.beadhub.events.Event;
import io.beadhub.events.EventBus;
import io.beadhub.events.EventStore;
import io.beadhub.notifications.Outbox;
import io.beadhub.notifications.OutboxSignal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The statements of a sync in the order they run, grouped into their round trips (docs/sync.md says
 * what each one reads or writes and why it is in its round trip). A round trip is a {@link Batch}: its
 * statements go to PostgreSQL as one text, each with its own parameters. Every statement's SQL is
 * written once, in the Store of its tables; this class decides which statements go together and in what
 * order. Uploads, the ephemeral push and the expiry job take the same ingest steps after their own
 * opening ({@link #lock}, {@link #apply(Handle, Claims, BeadWriteHook, Ingest.Request, Instant, Function)}).
 */
final class SyncStatements {
  private SyncStatements() {
  }

  /** What an ingest reads before it writes: the stored rows it classifies against, the hook's snapshot. */
  record Reads(Batch.Result<IssueStore.Stored> stored, Supplier<BeadWriteHook.Snapshot> snapshot) {
  }

  /** The ingest part of a sync's opening: the rows it may write ({@code touched}, null: every row) and its hook. */
  record Ingesting(BeadWriteHook hook, Set<String> touched) {
  }

  /**
   * What the opening of a bdh request read: its workspace check, the claims on the beads it claims
   * (none read: empty) and, for a sync, the ingest's reads (null for a pre-flight).
   */
  record Opened(Batch.Result<SyncStore.Checked> checked, Batch.Result<ClaimStore.Claim> holding, Reads reads) {
    List<ClaimStore.Claim> held() {
      return holding == null ? List.of() : holding.list();
    }
  }

  /**
   * Round trip 1 of a sync ({@code ingest} given) or a pre-flight ({@code ingest} null): the workspace
   * check, the repo lock (a sync), the claim locks of the beads {@code claiming} names, the touch, the
   * claims on those beads, then the stored rows and the hook's snapshot (a sync). Every lock is taken
   * before the touch's row lock, the repo lock before the claim locks; the claims are read under their
   * locks. The caller's checks run after; a failing one rolls the touch back with the transaction.
   */
  static Opened open(Handle h, BdhRequest req, UUID project, String repo, String branch, List<String> claiming,
                     Ingesting ingest, Instant now) {
    Batch b = new Batch();
    Batch.Result<SyncStore.Checked> checked = SyncStore.check(b, req.workspaceId(), project, repo, branch);
    if (ingest != null) {
      IssueStore.lock(b, project, repo, branch);
    }
    ClaimStore.lock(b, project, repo, claiming);
    SyncStore.touch(b, req, project, now);
    Batch.Result<ClaimStore.Claim> holding = claiming.isEmpty() ? null
        : ClaimStore.holding(b, project, repo, claiming, now);
    Reads reads = ingest == null ? null : read(b, ingest.hook(), project, repo, branch, ingest.touched());
    if (ingest == null) {
      b.run(h);
    } else {
      runLocked(h, b, repo);
    }
    return new Opened(checked, holding, reads);
  }

  /** The opening of an upload, push or expiry: the repo lock alone, or a 503. */
  static void lock(Handle h, UUID project, String repo, String branch) {
    Batch b = new Batch();
    IssueStore.lock(b, project, repo, branch);
    runLocked(h, b, repo);
  }

  /** Adds an ingest's reads of the rows {@code touched} names ({@link Ingest#touched}) to {@code b}. */
  private static Reads read(Batch b, BeadWriteHook hook, UUID project, String repo, String branch,
                            Set<String> touched) {
    return new Reads(IssueStore.load(b, project, repo, branch, touched),
        hook.before(b, project, repo, branch, touched));
  }

  /** The ingest outcome, every event recorded (in order, to publish after commit) and the bookkeeping's live count. */
  record Applied(Ingest.Outcome outcome, List<Event> events, int intents, Integer liveCount) {
  }

  /** As below, after a round trip of its own for the reads (an upload, a push). */
  static Applied apply(Handle h, Claims claims, BeadWriteHook hook, Ingest.Request r, Instant now,
                       Function<Ingest.Stats, SyncStore.Bookkeeping> bookkeeping) {
    Batch b = new Batch();
    Reads reads = read(b, hook, r.project(), r.repo(), r.branch(), Ingest.touched(r));
    b.run(h);
    return apply(h, claims, hook, r, now, reads, bookkeeping);
  }

  /**
   * Round trip 2, the write, classified in memory against {@code reads}: the records (with their labels
   * and edges), the removals, the events, the hook's reads of the written rows, the subscribers of the
   * changed beads and, given {@code bookkeeping} (null: none), the sync state, audit row and live count.
   * Then the hook's own work (state refresh, its events), the release of the claims on closed and removed
   * beads, and the notification intents.
   */
  static Applied apply(Handle h, Claims claims, BeadWriteHook hook, Ingest.Request r, Instant now, Reads reads,
                       Function<Ingest.Stats, SyncStore.Bookkeeping> bookkeeping) {
    Ingest.Staged staged = Ingest.stage(h, r, IssueStore.byBeadId(reads.stored().list()));
    Ingest.Outcome unsent = staged.unsent();
    boolean push = r.mode() == Ingest.Mode.PUSH;
    Batch b = new Batch();
    IssueStore.upsert(b, r.project(), r.repo(), r.branch(), staged.writes(), push ? "push" : "export", r.writer(),
        r.closedByWriter(), now);
    IssueStore.markRemoved(b, staged.absent(), "absent_from_full_sync", now);
    IssueStore.markRemoved(b, staged.deleted(), "deleted_ids", now);
    Supplier<List<Event>> recorded = r.stream() == null || push ? List::of
        : EventStore.recordAll(b, r.project(), r.slug(), staged.events(), now);
    BeadWriteHook.After after = hook.after(b, write(r), reads.snapshot().get(),
        new BeadWriteHook.Written(unsent.written(), unsent.liveSetChanged()));
    Batch.Result<Outbox.Subscriber> subscribers = push ? null
        : Outbox.subscribers(b, r.project(), r.repo(), unsent.changes());
    SyncStore.Bookkeeping k = bookkeeping == null ? null : bookkeeping.apply(unsent.stats());
    Batch.Result<Integer> live = k == null ? null : SyncStore.finish(b, r.project(), r.repo(), r.branch(), k, now);
    b.run(h);

    Ingest.Outcome o = staged.outcome(recorded.get());
    List<Event> events = new ArrayList<>(o.events());
    events.addAll(after.finish(h, now));
    if (!o.closedIds().isEmpty()) {
      events.addAll(claims.release(h, r.project(), r.slug(), r.repo(), o.closedIds(), "closed_in_sync", now));
    }
    Map<String, List<String>> byReason = new LinkedHashMap<>();
    o.removedIds().forEach((id, reason) -> byReason.computeIfAbsent(reason, x -> new ArrayList<>()).add(id));
    byReason.forEach((reason, ids) -> events.addAll(claims.release(h, r.project(), r.slug(), r.repo(), ids, reason,
        now)));
    int intents = Outbox.recordIntents(h, r.project(), r.repo(), r.branch(), o.changes(), subscribers, now);
    return new Applied(o, events, intents, live == null ? null : live.one());
  }

  private static BeadWriteHook.Write write(Ingest.Request r) {
    return new BeadWriteHook.Write(r.project(), r.slug(), r.repo(), r.branch(), r.writer(), r.stream(), r.alias());
  }

  /**
   * What follows the commit of an ingest: {@code events} (the ingest's and any the caller added in the
   * same transaction) published, the planner statistics refreshed after a large write, the notification
   * outbox woken when the ingest recorded intents.
   */
  static void afterCommit(Database db, EventBus bus, OutboxSignal outbox, UUID project, Applied a,
                          List<Event> events) {
    bus.publish(events);
    PlannerStats.afterWrite(db, a.outcome().stats().inserted(), a.outcome().stats().overwritten());
    if (a.intents() > 0) {
      outbox.wake(project);
    }
  }

  /** Runs {@code b}, which takes the repo lock ({@link IssueStore#lock}), or answers 503. */
  private static void runLocked(Handle h, Batch b, String repo) {
    try {
      b.run(h);
    } catch (UnableToExecuteStatementException e) {
      if (IssueStore.lockTimedOut(e)) {
        throw new ApiError(503, "Sync busy for repo " + repo + "; retry").header("Retry-After", "1");
      }
      throw e;
    }
  }
}
