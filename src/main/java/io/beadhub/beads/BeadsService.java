package io.beadhub.beads;

import io.beadhub.auth.Caller;
import io.beadhub.claims.Claims;
import io.beadhub.common.Times;
import io.beadhub.db.Database;
import io.beadhub.events.Event;
import io.beadhub.events.EventBus;
import io.beadhub.http.ApiError;
import io.beadhub.notifications.OutboxSignal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
  public record Ready(BeadsStore.Row row, Graph.Node node, String[] claimedBy) {
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

  public UploadResponse upload(Caller c, String repo, String branch, List<JsonRecords.Parsed> items, String source) {
    RecordValidator.Result records = RecordValidator.validate(items, branch, true);
    List<Event> events = new ArrayList<>();
    Object[] out = new Object[3];
    db.tx(h -> {
      Instant now = clock.instant();
      UUID writer = c.agentId() == null ? null : h.createQuery("""
          SELECT workspace_id FROM server.workspaces WHERE workspace_id = :a AND project_id = :p AND deleted_at IS NULL
          """).bind("a", c.agentId()).bind("p", c.projectId()).mapTo(UUID.class).findOne().orElse(null);
      String alias = writer == null ? null : h.createQuery("SELECT alias FROM server.workspaces WHERE workspace_id = :w")
          .bind("w", writer).mapTo(String.class).one();
      String slug = IngestTx.projectSlug(h, c.projectId());
      Ingest.Request req = new Ingest.Request(c.projectId(), slug, repo, branch, writer, writer, alias,
          Ingest.Mode.UPLOAD, records, List.of(), Set.of());
      IngestTx.lock(h, req);
      IngestTx.Applied applied = IngestTx.apply(h, claims, writeHook, req, now);
      events.addAll(applied.events());
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
      out[0] = applied.outcome();
      out[1] = now;
      out[2] = applied.intents();
      return null;
    });
    bus.publish(events);
    if ((Integer) out[2] > 0) {
      outbox.wake(c.projectId());
    }
    Ingest.Outcome o = (Ingest.Outcome) out[0];
    Ingest.Stats s = o.stats();
    List<Rejection> rejected = o.rejected().size() > 100 ? o.rejected().subList(0, 100) : o.rejected();
    // Delivery runs off the request path (OutboxSweeper): no entry is processed during this request.
    return new UploadResponse("completed", repo, branch, s.received(),
        s.inserted(), s.updated(), o.conflicts(), o.conflicts().size(), 0, 0,
        Times.isoOffset((Instant) out[1]), s.unchanged(), o.tombstoneRemovals(), rejected);
  }

  /** A page of the list plus the graph for blocked state. */
  public record Page(List<BeadsStore.Row> rows, boolean hasMore, Graph graph, Instant syncedAt) {
  }

  public Page list(UUID project, BeadsStore.Filter f, BeadsStore.After after, int limit, boolean raw,
                   String parent) {
    return db.read(h -> {
      Graph g = BeadsStore.graph(h, project);
      BeadsStore.Filter filter = f;
      List<BeadsStore.Row> rows;
      if (parent != null) {
        // Direct children of the parent bead via resolved edges: filter in memory over the live graph.
        Set<Long> kids = new java.util.HashSet<>();
        for (Graph.Node n : g.nodes()) {
          for (Graph.Node p : g.parentsOf(n)) {
            if (p.beadId().equals(parent)) {
              kids.add(n.id());
            }
          }
        }
        rows = BeadsStore.list(h, project, filter, after, 100_000, raw).stream()
            .filter(r -> kids.contains(r.id())).limit(limit + 1L).toList();
      } else {
        rows = BeadsStore.list(h, project, filter, after, limit + 1, raw);
      }
      boolean more = rows.size() > limit;
      Instant synced = BeadsStore.lastSync(h, project, f.repo()).orElse(null);
      return new Page(more ? rows.subList(0, limit) : rows, more, g, synced);
    });
  }

  public record Detail(BeadsStore.Row row, List<String[]> alsoIn, Graph graph, UUID projectId) {
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
      return new Detail(row, also, BeadsStore.graph(h, project), project);
    });
  }

  /** Ready issues (spec 40 §5.5, 60 §4.6) in the requested order. */
  public List<Ready> ready(UUID project, UUID caller, String repo, String branch, int limit, String assignee,
                           boolean unassigned, List<String> labels, List<String> types, Integer priority,
                           String sort, boolean includeClaimed, boolean includeEphemeral) {
    return db.read(h -> {
      Instant now = clock.instant();
      Graph g = BeadsStore.graph(h, project);
      Map<String, List<String[]>> held = BeadsStore.claimsOf(h, project, now);
      List<Long> ids = new ArrayList<>();
      Map<Long, String[]> claimedBy = new java.util.HashMap<>();
      for (Graph.Node n : g.nodes()) {
        if ((repo != null && !repo.equals(n.repo())) || (branch != null && !branch.equals(n.branch()))) {
          continue;
        }
        if (types != null && !types.contains(n.type())) {
          continue;
        }
        if (labels != null && !n.labels().containsAll(labels)) {
          continue;
        }
        if (!g.readyIgnoringClaims(n, now, includeEphemeral)) {
          continue;
        }
        String[] other = null;
        for (String[] c : held.getOrDefault(n.repo() + "\u0000" + n.beadId(), List.of())) {
          if (caller == null || !c[0].equals(caller.toString())) {
            other = c;
            break;
          }
        }
        if (other != null && !includeClaimed) {
          continue;
        }
        if (other != null) {
          claimedBy.put(n.id(), other);
        }
        ids.add(n.id());
      }
      Map<Long, Graph.Node> nodes = new java.util.HashMap<>();
      g.nodes().forEach(n -> nodes.put(n.id(), n));
      List<Ready> out = new ArrayList<>();
      for (BeadsStore.Row r : BeadsStore.rowsById(h, ids)) {
        if (assignee != null && !assignee.equals(r.assignee())) {
          continue;
        }
        if (unassigned && r.assignee() != null && !r.assignee().isEmpty()) {
          continue;
        }
        if (priority != null && r.priority() != priority) {
          continue;
        }
        out.add(new Ready(r, nodes.get(r.id()), claimedBy.get(r.id())));
      }
      Comparator<Ready> ties = Comparator.comparing((Ready x) -> x.row().beadId())
          .thenComparing(x -> x.row().repo()).thenComparing(x -> x.row().branch());
      Comparator<Ready> created = Comparator.comparing((Ready x) -> x.row().createdAt(),
          Comparator.nullsLast(Comparator.naturalOrder()));
      Comparator<Ready> order = switch (sort) {
        case "oldest" -> created.thenComparing(ties);
        case "hybrid" -> {
          Instant recent = now.minusSeconds(48 * 3600);
          Comparator<Ready> bucket = Comparator.comparing((Ready x) ->
              x.row().createdAt() != null && x.row().createdAt().isAfter(recent) ? 0 : 1);
          yield bucket.thenComparing((a, b) -> {
            boolean ra = a.row().createdAt() != null && a.row().createdAt().isAfter(recent);
            return ra ? Integer.compare(a.row().priority(), b.row().priority()) : 0;
          }).thenComparing(created).thenComparing(ties);
        }
        default -> Comparator.comparingInt((Ready x) -> x.row().priority()).thenComparing(ties);
      };
      out.sort(order);
      return out.size() > limit ? out.subList(0, limit) : out;
    });
  }
}
