package io.beadhub.dataplane;

import io.beadhub.beads.Formats;
import io.beadhub.common.Access;
import io.beadhub.common.ApiError;
import io.beadhub.http.Query;
import io.beadhub.http.Req;
import io.beadhub.http.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** HTTP of the data-plane views (spec 60 §5). Every route is a GET a public reader may call. */
public final class DataPlaneRoutes {
  public static final Set<String> KINDS = Set.of("blocks", "conditional_blocks", "waits_for", "parent_blocked",
      "unresolved", "external", "status");

  private DataPlaneRoutes() {
  }

  public static void register(Router r, DataPlaneService s) {
    r.get("/v1/beads/hook", Access.PUBLIC, req -> s.hook(req.caller().projectId(), who(req.query()),
        Formats.repoFilter(req.query()))).returns(DataPlaneViews.Hook.class);
    r.get("/v1/beads/inbox", Access.PUBLIC, req -> {
      Query q = req.query();
      return s.inbox(req.caller().projectId(), new DataPlaneService.InboxQuery(who(q), q.bool("unread_only", false),
          q.bool("include_cc", true), Formats.repoFilter(q), q.integer("limit", 50, 1, 200), q.str("cursor")));
    }).returns(DataPlaneViews.Inbox.class);
    r.get("/v1/beads/sent", Access.PUBLIC, req -> {
      Query q = req.query();
      return s.sent(req.caller().projectId(), new DataPlaneService.SentQuery(who(q), Formats.repoFilter(q),
          q.integer("limit", 50, 1, 200), q.str("cursor")));
    }).returns(DataPlaneViews.Sent.class);
    r.get("/v1/beads/threads/{thread_id}", Access.PUBLIC, req -> {
      String t = req.path("thread_id");
      if (t.isEmpty() || t.length() > 255 || t.chars().anyMatch(Character::isISOControl)) {
        throw ApiError.unprocessable("Invalid thread_id");
      }
      return s.thread(req.caller().projectId(), t, Formats.repoFilter(req.query()));
    }).returns(DataPlaneViews.Thread.class);
    r.get("/v1/beads/molecules/{bead_id}", Access.PUBLIC, req -> {
      int depth = req.query().integer("max_depth", 10, 1, 20);
      return s.tree(req.caller().projectId(), bead(req), depth);
    }).returns(DataPlaneViews.Tree.class);
    r.get("/v1/beads/molecules/{bead_id}/progress", Access.PUBLIC,
        req -> s.progress(req.caller().projectId(), bead(req))).returns(DataPlaneViews.Progress.class);
    r.get("/v1/beads/blocked", Access.PUBLIC, req -> {
      Query q = req.query();
      String kind = q.filter("kind", 255);
      if (kind != null && !KINDS.contains(kind)) {
        throw ApiError.unprocessable("Invalid kind: " + kind);
      }
      List<String> labels = req.ctx().queryParams("label").isEmpty() ? null : req.ctx().queryParams("label");
      String types = q.filter("type", 1000);
      List<String> typeList = null;
      if (types != null) {
        typeList = new ArrayList<>();
        for (String t : types.split(",")) {
          if (!t.trim().isEmpty()) {
            typeList.add(t.trim());
          }
        }
      }
      DataPlaneService.BlockedFilter f = new DataPlaneService.BlockedFilter(Formats.repoFilter(q),
          Formats.branchFilter(q), q.filter("assignee", 255), typeList, labels, kind);
      return s.blocked(req.caller().projectId(), f, q.integer("limit", 50, 1, 200), q.str("cursor"));
    }).returns(DataPlaneViews.BlockedList.class);
    r.get("/v1/beads/routes", Access.PUBLIC, req -> s.routes(req.caller().projectId()))
        .returns(DataPlaneViews.Routes.class);
  }

  /** {@code GET /v1/beads/stale} (§5.8). */
  public static void registerStale(Router r, StaleService s) {
    r.get("/v1/beads/stale", Access.PUBLIC, req -> {
      Query q = req.query();
      String kind = q.str("kind");
      if (kind != null && !kind.equals("claims") && !kind.equals("hooks")) {
        throw ApiError.unprocessable("Invalid kind: " + kind + ". Valid: claims, hooks");
      }
      Integer older = q.str("older_than_seconds") == null ? null
          : q.integer("older_than_seconds", 14_400, 60, 2_592_000);
      return s.stale(req.caller().projectId(), new StaleService.StaleQuery(kind == null || kind.equals("claims"),
          kind == null || kind.equals("hooks"), older, q.integer("limit", 100, 1, 500)));
    }).returns(StaleService.StaleReport.class);
  }

  private static DataPlaneService.AgentRef who(Query q) {
    return new DataPlaneService.AgentRef(q.str("agent"), q.str("workspace_id"));
  }

  /** The bead of a molecule path, with its optional repo and branch. */
  private static DataPlaneService.BeadRef bead(Req req) {
    Query q = req.query();
    return new DataPlaneService.BeadRef(req.path("bead_id"), Formats.repoFilter(q), Formats.branchFilter(q));
  }
}
