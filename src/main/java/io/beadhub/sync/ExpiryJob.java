package io.beadhub.sync;

import io.beadhub.beads.Ingest;
import io.beadhub.claims.Claims;
import io.beadhub.common.ApiError;
import io.beadhub.dataplane.BeadWriteHook;
import io.beadhub.db.Database;
import io.beadhub.db.DatabaseUnavailable;
import io.beadhub.events.Event;
import io.beadhub.events.EventBus;
import io.beadhub.events.EventStore;
import io.beadhub.projects.ProjectStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes pushed rows whose {@code expires_at} has passed (spec 60 §5.10): per (project, repo,
 * branch), under the sync lock and inside the write hook (blocked state of dependents refreshed),
 * releasing their claims and recording {@code bead.removed} (reason {@code expired}). Reads already
 * treat such rows as removed; the job makes it durable. Safe on several replicas (the lock, and the
 * update only takes rows not yet removed).
 */
public final class ExpiryJob implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ExpiryJob.class);
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("ephemeral-expiry").factory());
  private final Database db;
  private final Claims claims;
  private final EventBus bus;
  private final BeadWriteHook hook;
  private final Clock clock;

  public ExpiryJob(Database db, Claims claims, EventBus bus, BeadWriteHook hook, Clock clock, long periodSeconds) {
    this.db = db;
    this.claims = claims;
    this.bus = bus;
    this.hook = hook;
    this.clock = clock;
    timer.scheduleWithFixedDelay(this::sweep, periodSeconds, periodSeconds, TimeUnit.SECONDS);
  }

  /** One sweep; returns how many rows were removed. */
  public int sweep() {
    int n = 0;
    try {
      Instant now = clock.instant();
      List<EphemeralStore.Group> groups = db.read(h -> EphemeralStore.expiredGroups(h, now));
      for (EphemeralStore.Group g : groups) {
        try {
          n += expire(g);
        } catch (ApiError busy) {
          // the repo is being synced; the next sweep takes it
        }
      }
    } catch (RuntimeException e) {
      if (DatabaseUnavailable.is(e)) {
        log.warn("ephemeral expiry sweep skipped, database unavailable: {}", DatabaseUnavailable.rootCause(e));
      } else {
        log.warn("ephemeral expiry sweep failed", e);
      }
    }
    return n;
  }

  private int expire(EphemeralStore.Group g) {
    List<Event> events = new ArrayList<>();
    int n = db.tx(h -> {
      Instant now = clock.instant();
      String slug = ProjectStore.slug(h, g.project());
      SyncStatements.lock(h, g.project(), g.repo(), g.branch());
      BeadWriteHook.Write w = new BeadWriteHook.Write(g.project(), slug, g.repo(), g.branch(), null, null, null);
      BeadWriteHook.Snapshot before = hook.before(h, w);
      List<EphemeralStore.Expired> rows = EphemeralStore.expire(h, g, now);
      if (rows.isEmpty()) {
        return 0;
      }
      List<EventStore.NewEvent> removed = new ArrayList<>();
      for (EphemeralStore.Expired x : rows) {
        removed.add(Ingest.removedEvent(x.writer() == null ? g.project() : x.writer(), g.project(), g.repo(),
            g.branch(), x.beadId(), x.title(), "expired"));
      }
      events.addAll(EventStore.recordAll(h, g.project(), slug, removed, now));
      events.addAll(claims.release(h, g.project(), slug, g.repo(),
          rows.stream().map(EphemeralStore.Expired::beadId).toList(), "expired", now));
      events.addAll(hook.after(h, w, before, now));
      return rows.size();
    });
    bus.publish(events);
    return n;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
