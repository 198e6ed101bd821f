package io.beadhub.beads;

import io.beadhub.projects.ProjectStore;

import io.beadhub.claims.Claims;
import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.common.Times;
import io.beadhub.db.Database;
import io.beadhub.events.EventBus;
import io.beadhub.notifications.OutboxSignal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Uploads and the read side of {@code /v1/beads} (spec 40 §5). */
public final class BeadsService {
  public record UploadResponse(String status, String repo, String branch, int issuesSynced, int issuesAdded,
                               int issuesUpdated, List<String> conflicts, int conflictsCount, int notificationsSent,
                               int notificationsFailed, String syncedAt, int issuesUnchanged, int issuesRemoved,
                               List<Rejection> rejected) {
  }

  /** A ready issue with its row. */
  public record Ready(BeadsStore.Row row, String[] claimedBy) {
  }

  private final Database db;
  private final Claims claims;
  private final EventBus bus;
  private final OutboxSignal outbox;
  private final Clock clock;

  private final io.beadhub.dataplane.BeadWriteHook writeHook;

  public BeadsService(Database db, Claims claims, EventBus bus, OutboxSignal outbox, Clock clock) {
    this(db, claims, bus, outbox, clock, io.beadhub.dataplane.BeadWriteHook.NONE);
  }

  public BeadsService(Database db, Claims claims, EventBus bus, OutboxSignal outbox, Clock clock,
                      io.beadhub.dataplane.BeadWriteHook writeHook) {
    this.writeHook = writeHook;
    this.db = db;
    this.claims = claims;
    this.bus = bus;
    this.outbox = outbox;
    this.clock = clock;
  }

  private record Uploaded(IngestTx.Applied applied, Instant at) {
  }

  public UploadResponse upload(Caller c, String repo, String branch, List<JsonRecords.Parsed> items, String source) {
    RecordValidator.Result records = RecordValidator.validate(items, branch);
    Uploaded done = db.tx(h -> {
      Instant now = clock.instant();
      UUID writer = c.agentId() == null ? null : h.createQuery("""
          SELECT workspace_id FROM server.workspaces WHERE workspace_id = :a AND project_id = :p AND deleted_at IS NULL
          """).bind("a", c.agentId()).bind("p", c.projectId()).mapTo(UUID.class).findOne().orElse(null);
      String alias = writer == null ? null : h.createQuery("SELECT alias FROM server.workspaces WHERE workspace_id = :w")
          .bind("w", writer).mapTo(String.class).one();
      String slug = ProjectStore.slug(h, c.projectId());
      Ingest.Request req = new Ingest.Request(c.projectId(), slug, repo, branch, writer, writer, alias,
          Ingest.Mode.UPLOAD, records, List.of(), Set.of());
      IngestTx.lock(h, req);
      IngestTx.Applied applied = IngestTx.apply(h, claims, writeHook, req, now);
      IssueStore.recordSync(h, c.projectId(), repo, branch, false, writer, now);
      Ingest.Stats s = applied.outcome().stats();
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("project_id", c.projectId().toString());
      details.put("repo", repo);
      details.put("branch", branch);
      details.put("issues_synced", s.received());
      details.put("issues_added", s.inserted());
      details.put("issues_updated", s.updated());
      details.put("source", source);
      IngestTx.audit(h, c.projectId(), writer, alias, "beads_uploaded", details);
      return new Uploaded(applied, now);
    });
    IngestTx.afterCommit(db, bus, outbox, c.projectId(), done.applied(), done.applied().events());
    Ingest.Outcome o = done.applied().outcome();
    Ingest.Stats s = o.stats();
    // Delivery runs off the request path (OutboxSweeper): no entry is processed during this request.
    return new UploadResponse("completed", repo, branch, s.received(),
        s.inserted(), s.updated(), o.conflicts(), o.conflicts().size(), 0, 0,
        Times.isoOffset(done.at()), s.unchanged(), o.tombstoneRemovals(), o.rejectedShown());
  }

  /** A page of the list. */
  public record Page(List<BeadsStore.Row> rows, boolean hasMore, Instant syncedAt) {
  }

  public Page list(UUID project, BeadsStore.Filter f, BeadsStore.After after, int limit, boolean raw) {
    return db.read(h -> {
      List<BeadsStore.Row> rows = BeadsStore.list(h, project, f, after, limit + 1, raw);
      boolean more = rows.size() > limit;
      Instant synced = BeadsStore.lastSync(h, project, f.repo()).orElse(null);
      return new Page(more ? rows.subList(0, limit) : rows, more, synced);
    });
  }

  public record Detail(BeadsStore.Row row, List<String[]> alsoIn, UUID projectId) {
  }

  public Detail get(UUID project, String beadId, String repo, String branch) {
    return db.read(h -> {
      List<BeadsStore.Row> rows = BeadsStore.byBeadId(h, project, beadId, repo, branch);
      if (rows.isEmpty()) {
        throw ApiError.notFound("Issue not found");
      }
      BeadsStore.Row row = rows.get(0);
      List<String[]> also = BeadsStore.alsoIn(h, project, beadId).stream()
          .filter(x -> !(x[0].equals(row.repo()) && x[1].equals(row.branch()))).toList();
      return new Detail(row, also, project);
    });
  }

  /** Ready issues (spec 40 §5.5, 60 §4.6) in the requested order: one query over the stored state. */
  public List<Ready> ready(BeadsStore.ReadyQuery q, String parent) {
    return db.read(h -> {
      BeadsStore.ReadyQuery query = q;
      if (parent != null) {
        query = new BeadsStore.ReadyQuery(q.project(), q.caller(), q.repo(), q.branch(), q.limit(), q.assignee(),
            q.unassigned(), q.labels(), q.types(), q.priority(), q.sort(), q.includeClaimed(), q.includeEphemeral(),
            parentId(h, q.project(), parent, q.repo(), q.branch()), clock.instant());
      } else {
        query = new BeadsStore.ReadyQuery(q.project(), q.caller(), q.repo(), q.branch(), q.limit(), q.assignee(),
            q.unassigned(), q.labels(), q.types(), q.priority(), q.sort(), q.includeClaimed(), q.includeEphemeral(),
            null, clock.instant());
      }
      List<Ready> out = new ArrayList<>();
      for (BeadsStore.ReadyRow r : BeadsStore.ready(h, query)) {
        out.add(new Ready(r.row(), r.claimedByWorkspace() == null ? null
            : new String[] {r.claimedByWorkspace(), r.claimedByAlias()}));
      }
      return out;
    });
  }

  /** The {@code parent} of the ready list, with the ambiguity rules of spec 60 §1. */
  private static long parentId(org.jdbi.v3.core.Handle h, UUID project, String beadId, String repo, String branch) {
    List<BeadsStore.Row> rows = BeadsStore.byBeadId(h, project, beadId, repo, branch).stream()
        .filter(r -> r.deletedAt() == null).toList();
    if (rows.isEmpty()) {
      throw ApiError.notFound("Issue not found");
    }
    if (repo == null && rows.stream().map(BeadsStore.Row::repo).distinct().count() > 1) {
      throw ApiError.conflict("Ambiguous bead_id: " + beadId + " exists in several repos; pass repo");
    }
    if (branch == null) {
      return rows.stream().filter(r -> r.branch().equals("main")).findFirst().orElse(rows.get(0)).id();
    }
    return rows.get(0).id();
  }
}
