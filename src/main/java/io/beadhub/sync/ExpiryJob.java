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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

  record Group(UUID project, String repo, String branch) {
  }

  record Expired(String beadId, String title, UUID writer) {
  }

  /** One sweep; returns how many rows were removed. */
  public int sweep() {
    int n = 0;
    try {
      Instant now = clock.instant();
      List<Group> groups = db.read(h -> h.createQuery("""
          SELECT DISTINCT project_id, repo, branch FROM beads.issues
           WHERE expires_at IS NOT NULL AND expires_at <= :now AND deleted_at IS NULL
          """).bind("now", java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC)).map((rs, c) -> new Group(rs.getObject("project_id", UUID.class),
          rs.getString("repo"), rs.getString("branch"))).list());
      for (Group g : groups) {
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

  private int expire(Group g) {
    List<Event> events = new ArrayList<>();
    int n = db.tx(h -> {
      Instant now = clock.instant();
      String slug = ProjectStore.slug(h, g.project());
      IngestTx.lock(h, new Ingest.Request(g.project(), slug, g.repo(), g.branch(), null, null, null,
          Ingest.Mode.PUSH, null, List.of(), java.util.Set.of()));
      BeadWriteHook.Write w = new BeadWriteHook.Write(g.project(), slug, g.repo(), g.branch(), null, null, null);
      BeadWriteHook.Snapshot before = hook.before(h, w);
      List<Expired> rows = h.createQuery("""
          UPDATE beads.issues SET deleted_at = :now, removal_reason = 'expired', synced_at = :now
           WHERE project_id = :p AND repo = :r AND branch = :b AND expires_at <= :now AND deleted_at IS NULL
          RETURNING bead_id, title, last_writer_workspace_id
          """).bind("now", java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC)).bind("p", g.project()).bind("r", g.repo()).bind("b", g.branch())
          .map((rs, c) -> new Expired(rs.getString("bead_id"), rs.getString("title"),
              rs.getObject("last_writer_workspace_id", UUID.class))).list();
      if (rows.isEmpty()) {
        return 0;
      }
      List<EventStore.NewEvent> removed = new ArrayList<>();
      for (Expired x : rows) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("project_id", g.project().toString());
        f.put("bead_id", x.beadId());
        f.put("repo", g.repo());
        f.put("branch", g.branch());
        f.put("title", x.title());
        f.put("reason", "expired");
        removed.add(new EventStore.NewEvent(x.writer() == null ? g.project() : x.writer(), "bead.removed", f));
      }
      events.addAll(EventStore.recordAll(h, g.project(), slug, removed, now));
      events.addAll(claims.release(h, g.project(), slug, g.repo(), rows.stream().map(Expired::beadId).toList(),
          "expired", now));
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
