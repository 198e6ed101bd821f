package io.beadhub.beads;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.ApiError;
import io.beadhub.common.Cursor;
import io.beadhub.common.Json;
import io.beadhub.common.Times;
import io.beadhub.db.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** The read side of {@code /v1/beads} (spec 40 §5.3–5.5). */
public record BeadsService(Database db, Clock clock) {
  /** A page of the issue list: the filters, the cursor of the page before (null: the first), the page size. */
  public record ListRequest(BeadsStore.Filter filter, String cursor, int limit, boolean full) {
  }

  /** One issue: in {@code repo} and {@code branch} when given. */
  public record GetRequest(String beadId, String repo, String branch, boolean full) {
  }

  public IssueViews.IssueList list(UUID project, ListRequest r) {
    BeadsStore.After after = after(Cursor.decode(r.cursor()));
    Instant now = clock.instant();
    return db.read(h -> {
      List<BeadsStore.Row> rows = BeadsStore.list(h, project, r.filter(), after, r.limit() + 1, r.full(), now);
      boolean more = rows.size() > r.limit();
      List<BeadsStore.Row> page = more ? rows.subList(0, r.limit()) : rows;
      Instant synced = BeadsStore.lastSync(h, project, r.filter().repo()).orElse(null);
      List<IssueViews.Item> items = page.stream().map(row -> IssueViews.item(row, r.full())).toList();
      return new IssueViews.IssueList(items, items.size(), more,
          more && !page.isEmpty() ? cursor(page.get(page.size() - 1)) : null, Times.isoOffset(synced));
    });
  }

  public IssueViews.Detail get(UUID project, GetRequest r) {
    Instant now = clock.instant();
    return db.read(h -> {
      List<BeadsStore.Row> rows = BeadsStore.byBeadId(h, project, r.beadId(), r.repo(), r.branch(), now);
      if (rows.isEmpty()) {
        throw ApiError.notFound("Issue not found");
      }
      BeadsStore.Row row = rows.get(0);
      List<IssueViews.Place> also = BeadsStore.alsoIn(h, project, r.beadId()).stream()
          .filter(x -> !(x.repo().equals(row.repo()) && x.branch().equals(row.branch()))).toList();
      return new IssueViews.Detail(IssueViews.head(row), row.blocked(), row.source(),
          Times.isoOffset(row.deletedAt()), row.removalReason(), project.toString(), row.description(), also,
          IssueViews.jsonOr(row.reasonsJson(), Json.MAPPER.createArrayNode()), r.full() ? Json.tree(row.raw()) : null);
    });
  }

  /**
   * Ready issues (spec 40 §5.5, 60 §4.6) in the requested order: one query over the stored state;
   * {@code parent} (may be null) narrows them to its descendants.
   */
  public IssueViews.ReadyList ready(BeadsStore.ReadyQuery q, String parent) {
    return db.read(h -> {
      Long under = parent == null ? null : parentId(h, q.project(), parent, q.repo(), q.branch());
      List<IssueViews.ReadyItem> items = BeadsStore.ready(h, q.at(under, clock.instant())).stream()
          .map(IssueViews::ready).toList();
      return new IssueViews.ReadyList(items, items.size());
    });
  }

  /** The {@code parent} of the ready list, with the ambiguity rules of spec 60 §1. */
  private long parentId(Handle h, UUID project, String beadId, String repo, String branch) {
    List<BeadsStore.Row> rows = BeadsStore.byBeadId(h, project, beadId, repo, branch, clock.instant()).stream()
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

  /** The list's cursor after {@code last}: its sort key. */
  private static String cursor(BeadsStore.Row last) {
    ObjectNode c = Json.object();
    c.put("sort_time", Times.isoOffset(last.sortTime()));
    c.put("priority", last.priority());
    c.put("bead_id", last.beadId());
    c.put("repo", last.repo());
    c.put("branch", last.branch());
    return Cursor.encode(c);
  }

  /** The sort key a cursor holds: none (first page) when it has none of its keys, else all of them. */
  private static BeadsStore.After after(ObjectNode c) {
    if (c == null) {
      return null;
    }
    boolean t = c.hasNonNull("sort_time");
    boolean p = c.hasNonNull("priority");
    boolean b = c.hasNonNull("bead_id");
    if (!t && !p && !b) {
      return null;
    }
    if (!(t && p && b)) {
      throw ApiError.unprocessable("Invalid cursor: incomplete sort key (missing sort_time, priority, or bead_id)");
    }
    Instant time = RecordValidator.time(c.get("sort_time"));
    if (time == null) {
      throw ApiError.unprocessable("Invalid cursor: bad timestamp (" + c.get("sort_time").asText() + ")");
    }
    if (!c.get("priority").canConvertToInt()) {
      throw ApiError.unprocessable("Invalid cursor: bad priority");
    }
    return new BeadsStore.After(time, c.get("priority").asInt(), c.get("bead_id").asText(),
        c.path("repo").asText(""), c.path("branch").asText(""));
  }
}
