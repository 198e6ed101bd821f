package io.beadhub.sync;

import io.beadhub.beads.Ingest;
import io.beadhub.beads.JsonRecords;
import io.beadhub.beads.RecordValidator;
import io.beadhub.beads.Rejection;
import io.beadhub.claims.Claims;
import io.beadhub.common.Caller;
import io.beadhub.common.Times;
import io.beadhub.dataplane.BeadWriteHook;
import io.beadhub.db.Database;
import io.beadhub.events.EventBus;
import io.beadhub.notifications.OutboxSignal;
import io.beadhub.projects.ProjectStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** {@code POST /v1/beads/upload} and {@code /upload-jsonl} (spec 40 §5.1–5.2): an ingest like a sync's. */
public record UploadService(Database db, Claims claims, EventBus bus, OutboxSignal outbox, Clock clock,
                            BeadWriteHook writeHook) {
  public record UploadResponse(String status, String repo, String branch, int issuesSynced, int issuesAdded,
                               int issuesUpdated, List<String> conflicts, int conflictsCount, int notificationsSent,
                               int notificationsFailed, String syncedAt, int issuesUnchanged, int issuesRemoved,
                               List<Rejection> rejected) {
  }

  private record Uploaded(SyncStatements.Applied applied, Instant at) {
  }

  public UploadResponse upload(Caller c, String repo, String branch, List<JsonRecords.Parsed> items, String source) {
    RecordValidator.Result records = RecordValidator.validate(items, branch);
    Uploaded done = db.tx(h -> {
      Instant now = clock.instant();
      SyncStore.Writer w = SyncStore.writer(h, c.projectId(), c.agentId());
      UUID ws = w.workspaceId();
      String alias = w.alias();
      String slug = ProjectStore.slug(h, c.projectId());
      Ingest.Request req = new Ingest.Request(c.projectId(), slug, repo, branch, ws, ws, alias,
          Ingest.Mode.UPLOAD, records, List.of(), Set.of());
      SyncStatements.lock(h, c.projectId(), repo, branch);
      SyncStatements.Applied applied = SyncStatements.apply(h, claims, writeHook, req, now,
          s -> new SyncStore.Bookkeeping(false, ws, alias, "beads_uploaded",
              new AuditDetails(c.projectId().toString(), repo, branch, s.received(), s.inserted(), s.updated(),
                  source)));
      return new Uploaded(applied, now);
    });
    SyncStatements.afterCommit(db, bus, outbox, c.projectId(), done.applied(), done.applied().events());
    Ingest.Outcome o = done.applied().outcome();
    Ingest.Stats s = o.stats();
    // Delivery runs off the request path (OutboxSweeper): no entry is processed during this request.
    return new UploadResponse("completed", repo, branch, s.received(),
        s.inserted(), s.updated(), o.conflicts(), o.conflicts().size(), 0, 0,
        Times.isoOffset(done.at()), s.unchanged(), o.tombstoneRemovals(), o.rejectedShown());
  }

  /** The details of an upload's audit row. */
  private record AuditDetails(String projectId, String repo, String branch, int issuesSynced, int issuesAdded,
                              int issuesUpdated, String source) {
  }
}
