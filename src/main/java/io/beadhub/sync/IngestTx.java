package io.beadhub.sync;

import io.beadhub.beads.Ingest;
import io.beadhub.beads.IssueStore;
import io.beadhub.beads.PlannerStats;
import io.beadhub.claims.Claims;
import io.beadhub.common.ApiError;
import io.beadhub.common.Json;
import io.beadhub.dataplane.BeadWriteHook;
import io.beadhub.db.Batch;
import io.beadhub.db.Database;
import io.beadhub.events.Event;
import io.beadhub.events.EventBus;
import io.beadhub.notifications.Outbox;
import io.beadhub.notifications.OutboxSignal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * The shared in-transaction part of sync and uploads: the repo lock, the records, the claim
 * reconciliation of spec 40 §1.6 and the notification intents. Callers add their own steps
 * (command-line claims, bookkeeping, audit) in the same transaction.
 */
public final class IngestTx {
  /** The ingest outcome plus every event recorded, in order, to publish after commit. */
  public record Applied(Ingest.Outcome outcome, List<Event> events, int intents) {
  }

  private IngestTx() {
  }

  /**
   * What follows the commit of an ingest: {@code events} (the ingest's and any the caller added in the
   * same transaction) published, the planner statistics refreshed after a large write, the notification
   * outbox woken when the ingest recorded intents.
   */
  public static void afterCommit(Database db, EventBus bus, OutboxSignal outbox, UUID project, Applied a,
                                 List<Event> events) {
    bus.publish(events);
    PlannerStats.afterWrite(db, a.outcome().stats().inserted(), a.outcome().stats().overwritten());
    if (a.intents() > 0) {
      outbox.wake(project);
    }
  }

  /** Runs {@code b}, which takes the repo lock ({@link IssueStore#lock}), or answers 503. */
  public static void runLocked(Handle h, Batch b, String repo) {
    try {
      b.run(h);
    } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
      if (IssueStore.lockTimedOut(e)) {
        throw busy(repo);
      }
      throw e;
    }
  }

  /** Takes the (project, repo, branch) lock or answers 503. */
  public static void lock(Handle h, Ingest.Request r) {
    Batch b = new Batch();
    IssueStore.lock(b, r.project(), r.repo(), r.branch());
    runLocked(h, b, r.repo());
  }

  /** The answer when the repo lock was not had in time. */
  private static ApiError busy(String repo) {
    return new ApiError(503, "Sync busy for repo " + repo + "; retry").header("Retry-After", "1");
  }

  /** What an ingest reads before it writes: the stored rows it classifies against, the hook's snapshot. */
  public record Reads(Batch.Result<IssueStore.Stored> stored, Supplier<BeadWriteHook.Snapshot> snapshot) {
  }

  /**
   * Adds the reads of an ingest of {@code touched} ({@link Ingest#touched}) to {@code b}: the caller's
   * opening batch, after the repo lock.
   */
  public static Reads read(Batch b, BeadWriteHook hook, UUID project, String repo, String branch,
                           Set<String> touched) {
    return new Reads(IssueStore.load(b, project, repo, branch, touched),
        hook.before(b, project, repo, branch, touched));
  }

  public static Applied apply(Handle h, Claims claims, Ingest.Request r, Instant now) {
    return apply(h, claims, BeadWriteHook.NONE, r, now);
  }

  /** As above, with the data plane's hook around the write (state refresh, spec 60 §6 events). */
  public static Applied apply(Handle h, Claims claims, BeadWriteHook hook, Ingest.Request r, Instant now) {
    Batch b = new Batch();
    Reads reads = read(b, hook, r.project(), r.repo(), r.branch(), Ingest.touched(r));
    b.run(h);
    return apply(h, claims, hook, r, now, reads, (batch, stats) -> { });
  }

  /**
   * As above, from reads the caller has run ({@link #read}). The write goes in one round trip with the
   * hook's reads of the written rows, the subscribers of the changed beads and what {@code alongside}
   * adds (given the stats: the caller's bookkeeping).
   */
  public static Applied apply(Handle h, Claims claims, BeadWriteHook hook, Ingest.Request r, Instant now,
                              Reads reads, BiConsumer<Batch, Ingest.Stats> alongside) {
    var write = new BeadWriteHook.Write(r.project(), r.slug(), r.repo(), r.branch(), r.writer(), r.stream(),
        r.alias());
    Ingest.Staged staged = Ingest.stage(h, r, now, IssueStore.byBeadId(reads.stored().list()));
    Ingest.Outcome unsent = staged.unsent();
    Batch b = staged.batch();
    BeadWriteHook.After after = hook.after(b, write, reads.snapshot().get(),
        new BeadWriteHook.Written(unsent.written(), unsent.liveSetChanged()));
    Batch.Result<Outbox.Subscriber> subscribers = r.mode() == Ingest.Mode.PUSH ? null
        : Outbox.subscribers(b, r.project(), r.repo(), unsent.changes());
    alongside.accept(b, unsent.stats());
    b.run(h);
    Ingest.Outcome o = staged.outcome();
    List<Event> events = new ArrayList<>(o.events());
    events.addAll(after.finish(h, now));
    if (!o.closedIds().isEmpty()) {
      events.addAll(claims.release(h, r.project(), r.slug(), r.repo(), o.closedIds(), "closed_in_sync", now));
    }
    Map<String, List<String>> byReason = new LinkedHashMap<>();
    o.removedIds().forEach((id, reason) -> byReason.computeIfAbsent(reason, k -> new ArrayList<>()).add(id));
    byReason.forEach((reason, ids) -> events.addAll(claims.release(h, r.project(), r.slug(), r.repo(), ids, reason,
        now)));
    int intents = Outbox.recordIntents(h, r.project(), r.repo(), r.branch(), o.changes(), subscribers, now);
    return new Applied(o, events, intents);
  }

  /** The audit row (spec 50 §5.4); parameters :p :ws :type :alias :details. Also a step of the sync's last statement. */
  public static final String AUDIT = """
      INSERT INTO server.audit_log (project_id, workspace_id, event_type, alias, resource, details)
      VALUES (:p, :ws, :type, :alias, 'beads', CAST(:details AS jsonb))""";

  public static void audit(Handle h, java.util.UUID project, java.util.UUID workspace, String alias, String type,
                           Map<String, Object> details) {
    h.createUpdate(AUDIT).bind("p", project).bind("ws", workspace).bind("type", type).bind("alias", alias)
        .bind("details", io.beadhub.common.Json.string(details)).execute();
  }

}
