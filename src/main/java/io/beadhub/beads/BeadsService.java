package io.beadhub.beads;

import io.beadhub.common.ApiError;
import io.beadhub.db.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The read side of {@code /v1/beads} (spec 40 §5.3–5.5). */
public final class BeadsService {
  /** A ready issue with its row. */
  public record Ready(BeadsStore.Row row, String[] claimedBy) {
  }

  private final Database db;
  private final Clock clock;

  public BeadsService(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
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
