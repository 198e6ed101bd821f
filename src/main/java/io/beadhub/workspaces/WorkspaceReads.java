package io.beadhub.workspaces;

import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.common.Times;
import io.beadhub.db.Database;
import io.beadhub.presence.Presence;
import io.beadhub.presence.PresenceRecord;
import io.beadhub.repos.PageCursor;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** The workspace listings (spec 30 §2.4–2.7). */
public record WorkspaceReads(Database db, Presence presence, WorkspaceViews views) {

  /** §2.4: the filters with the decoded cursor keys, the page size and what to add to each item. */
  public record ListQuery(WorkspaceFilter filter, int limit, boolean includeClaims, boolean includePresence) {
  }

  /** §2.5; {@code alwaysInclude} (or null) is listed even when the page would cut it. */
  public record TeamQuery(String humanName, String repo, boolean includeClaims, boolean includePresence,
                          boolean onlyWithClaims, UUID alwaysInclude, int limit) {
  }

  public WorkspaceInfo.Page list(Caller c, ListQuery q) {
    int limit = q.limit();
    return db.read(h -> {
      List<WorkspaceInfo.Row> rows = new ArrayList<>(WorkspaceListingStore.list(h, c.projectId(), q.filter(),
          limit + 1));
      boolean more = rows.size() > limit;
      if (more) {
        rows = rows.subList(0, limit);
      }
      String next = null;
      if (more) {
        WorkspaceRow last = rows.get(rows.size() - 1).w();
        next = PageCursor.encode("updated_at", Times.isoOffset(last.updatedAt()), "workspace_id", last.workspaceId());
      }
      List<WorkspaceInfo> items = views.build(h, c.projectId(), rows,
          new WorkspaceViews.Options(q.includeClaims(), q.includePresence(), c.publicReader()));
      return new WorkspaceInfo.Page(items, more, next);
    });
  }

  /** §2.5: candidates from the database, then an in-memory sort with presence; the forced one is never cut. */
  public WorkspaceInfo.Page team(Caller c, TeamQuery q) {
    int limit = q.limit();
    UUID forced = q.alwaysInclude();
    return db.read(h -> {
      int take = q.includePresence() ? Math.min(limit * 5, 500) : limit;
      List<WorkspaceListingStore.TeamRow> cands = WorkspaceListingStore.team(h, c.projectId(), q.humanName(),
          q.repo(), q.onlyWithClaims(), forced, take);
      List<WorkspaceInfo> infos = views.build(h, c.projectId(), cands.stream().map(WorkspaceListingStore.TeamRow::row)
          .toList(), new WorkspaceViews.Options(q.includeClaims(), q.includePresence(), c.publicReader()));
      record Item(WorkspaceListingStore.TeamRow t, WorkspaceInfo info) {
        boolean online() {
          return !"offline".equals(info.status());
        }
      }
      List<Item> items = new ArrayList<>();
      for (int i = 0; i < cands.size(); i++) {
        items.add(new Item(cands.get(i), infos.get(i)));
      }
      Comparator<String> desc = Comparator.nullsLast(Comparator.<String>reverseOrder());
      Comparator<OffsetDateTime> descT = Comparator.nullsLast(Comparator.<OffsetDateTime>reverseOrder());
      items.sort(Comparator.<Item, Boolean>comparing(i -> i.t().claimCount() > 0, Comparator.reverseOrder())
          .thenComparing(Item::online, Comparator.reverseOrder())
          .thenComparing(i -> i.info().lastSeen(), desc)
          .thenComparing(i -> i.t().newestClaim(), descT)
          .thenComparing(i -> i.info().alias()));
      List<Item> out = new ArrayList<>(items.subList(0, Math.min(limit, items.size())));
      if (forced != null && out.stream().noneMatch(i -> i.t().row().w().workspaceId().equals(forced))) {
        items.stream().filter(i -> i.t().row().w().workspaceId().equals(forced)).findFirst().ifPresent(f -> {
          if (out.size() >= limit && !out.isEmpty()) {
            out.remove(out.size() - 1);
          }
          out.add(f);
        });
      }
      return WorkspaceInfo.Page.all(out.stream().map(Item::info).toList());
    });
  }

  /** §2.6: live presence records of the project, newest {@code last_seen} first. */
  public WorkspaceInfo.Page online(Caller c, String humanName) {
    List<PresenceRecord> recs = new ArrayList<>(presence.listByProject(c.projectId().toString()));
    if (humanName != null) {
      recs.removeIf(p -> !humanName.equals(p.humanName()));
    }
    recs.sort(Comparator.comparing((PresenceRecord p) -> p.lastSeen() == null ? "" : p.lastSeen()).reversed());
    return WorkspaceInfo.Page.all(recs.stream().map(p -> WorkspaceViews.online(p, c.publicReader())).toList());
  }

  /** §2.7. */
  public WorkspaceInfo get(Caller c, UUID id) {
    return db.read(h -> {
      WorkspaceInfo.Row row = WorkspaceListingStore.one(h, c.projectId(), id)
          .orElseThrow(() -> ApiError.notFound(WorkspaceAccess.NOT_FOUND));
      return views.build(h, c.projectId(), List.of(row), new WorkspaceViews.Options(true, true, c.publicReader()))
          .get(0);
    });
  }

}
