package io.beadhub.sync;

import io.beadhub.beads.Ingest;
import io.beadhub.beads.IssueRecord;
import io.beadhub.beads.IssueStore;
import io.beadhub.beads.JsonRecords;
import io.beadhub.beads.RecordValidator;
import io.beadhub.beads.Rejection;
import io.beadhub.claims.Claims;
import io.beadhub.common.Caller;
import io.beadhub.common.Times;
import io.beadhub.dataplane.BeadWriteHook;
import io.beadhub.db.Database;
import io.beadhub.events.Event;
import io.beadhub.events.EventBus;
import io.beadhub.projects.ProjectStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The optional push of records the export leaves out (spec 60 §5.10): the same ingest and write
 * hook as a sync, with source {@code push} and an expiry; exported keys are left alone.
 */
public record EphemeralService(Database db, Claims claims, EventBus bus, BeadWriteHook hook, Clock clock) {
  public record Skipped(int line, String id, String reason) {
  }

  public record PushResponse(int accepted, int inserted, int updated, int unchanged, List<String> conflicts,
                             int tombstoned, List<Rejection> rejected, List<Skipped> skipped, String expiresAt) {
  }

  public PushResponse push(Caller c, String repo, String branch, List<JsonRecords.Parsed> items, int ttlSeconds) {
    RecordValidator.Result valid = RecordValidator.validate(items, branch);
    List<Event> events = new ArrayList<>();
    PushResponse out = db.tx(h -> {
      Instant now = clock.instant();
      Instant expires = now.plusSeconds(ttlSeconds);
      SyncStore.Writer w = SyncStore.writer(h, c.projectId(), c.agentId());
      UUID writer = w.workspaceId();
      String alias = w.alias();
      String slug = ProjectStore.slug(h, c.projectId());
      SyncStatements.lock(h, c.projectId(), repo, branch);
      Map<String, IssueStore.Stored> stored = IssueStore.load(h, c.projectId(), repo, branch,
          valid.records().stream().map(IssueRecord::beadId).toList());
      List<IssueRecord> kept = new ArrayList<>();
      List<Skipped> skipped = new ArrayList<>();
      for (IssueRecord x : valid.records()) {
        IssueStore.Stored s = stored.get(x.beadId());
        if (s != null && s.live() && "export".equals(s.source())) {
          skipped.add(new Skipped(x.line(), x.beadId(), "exported"));
        } else {
          kept.add(x);
        }
      }
      Ingest.Request req = new Ingest.Request(c.projectId(), slug, repo, branch, writer, writer, alias,
          Ingest.Mode.PUSH, new RecordValidator.Result(kept, valid.rejected(), valid.presentIds()), List.of(),
          Set.of());
      SyncStatements.Applied applied = SyncStatements.apply(h, claims, hook, req, now, null);
      events.addAll(applied.events());
      List<String> conflicts = applied.outcome().conflicts();
      String[] refreshed = kept.stream().filter(x -> !x.tombstone() && !conflicts.contains(x.beadId()))
          .map(IssueRecord::beadId).toArray(String[]::new);
      EphemeralStore.expireAt(h, c.projectId(), repo, branch, refreshed, expires);
      Ingest.Stats s = applied.outcome().stats();
      return new PushResponse(kept.size(), s.inserted(), s.updated(), s.unchanged(), conflicts, s.tombstoned(),
          applied.outcome().rejectedShown(), skipped, Times.isoOffset(expires));
    });
    bus.publish(events);
    return out;
  }
}
