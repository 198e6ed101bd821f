package io.beadhub.status;

import io.beadhub.common.Access;
import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.common.Uuids;
import io.beadhub.db.Database;
import io.beadhub.http.Query;
import io.beadhub.http.Reply;
import io.beadhub.http.Router;
import io.beadhub.http.ValidationError;
import io.beadhub.workspaces.WorkspaceInfo;
import io.beadhub.workspaces.WorkspaceListing;
import io.beadhub.workspaces.WorkspaceRoutes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** {@code GET /v1/status} and {@code GET /v1/status/stream} (spec 30 §6). */
public final class StatusRoutes {
  private static final List<String> CATEGORIES = List.of("bead", "chat", "escalation", "message", "reservation");

  private StatusRoutes() {
  }

  public static void register(Router r, StatusService status, StatusStream stream, Database db) {
    r.get("/v1/status", Access.PUBLIC, req -> {
      Query q = req.query();
      UUID ws = workspaceId(q);
      UUID repo = null;
      String rawRepo = q.str("repo_id");
      if (rawRepo != null) {
        if (rawRepo.length() != 36) {
          throw ValidationError.of(rawRepo.length() < 36 ? "string_too_short" : "string_too_long",
              List.of("query", "repo_id"), "String should have " + (rawRepo.length() < 36 ? "at least" : "at most")
                  + " 36 characters", rawRepo);
        }
        repo = Uuids.parse(rawRepo).orElseThrow(() -> ApiError.unprocessable("Invalid repo_id format: expected UUID"));
      }
      return status.snapshot(req.caller(), ws, repo);
    });
    r.get("/v1/status/stream", Access.PUBLIC, req -> {
      Query q = req.query();
      UUID ws = workspaceId(q);
      String repo = WorkspaceRoutes.repoFilter(q);
      String human = q.filter("human_name", 64);
      int limit = q.integer("limit", 200, 1, 1000);
      Set<String> categories = categories(q.str("event_types"));
      Long last = lastEventId(req.ctx().header("Last-Event-ID"));
      if (last == null) {
        last = lastEventId(q.str("last_event_id"));
      }
      List<UUID> set = subscribed(db, req.caller(), ws, repo, human, limit);
      stream.serve(req.ctx(), new StatusStream.Subscription(req.caller().projectId(), set, categories, last));
      return Reply.HANDLED;
    });
  }

  private static UUID workspaceId(Query q) {
    String raw = q.str("workspace_id");
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    return Uuids.parse(raw).orElseThrow(() -> ApiError.unprocessable("Invalid workspace_id format"));
  }

  /** The fixed subscribed set: workspace > repo > human_name > project, newest update first, cut at limit. */
  private static List<UUID> subscribed(Database db, Caller c, UUID ws, String repo, String human, int limit) {
    return db.read(h -> {
      if (ws != null) {
        if (StatusStore.workspace(h, c.projectId(), ws).isEmpty()) {
          throw ApiError.notFound("Workspace not found");
        }
        return List.of(ws);
      }
      WorkspaceListing.Filter f = new WorkspaceListing.Filter(repo != null ? null : human, repo, null, null, false,
          null, null);
      List<UUID> ids = WorkspaceListing.list(h, c.projectId(), f, limit).stream()
          .map(WorkspaceInfo.Row::w).map(w -> w.workspaceId()).toList();
      if (ids.isEmpty() && (repo != null || human != null)) {
        throw ApiError.notFound("No workspaces found for the provided filter");
      }
      return new ArrayList<>(ids);
    });
  }

  static Set<String> categories(String raw) {
    if (raw == null) {
      return null;
    }
    Set<String> out = new TreeSet<>();
    Set<String> bad = new TreeSet<>();
    for (String part : raw.split(",")) {
      String p = part.trim().toLowerCase(Locale.ROOT);
      if (p.isEmpty()) {
        continue;
      }
      (CATEGORIES.contains(p) ? out : bad).add(p);
    }
    if (!bad.isEmpty()) {
      throw ApiError.unprocessable("Invalid event types: {" + String.join(", ", bad.stream().map(b -> "'" + b + "'")
          .toList()) + "}. Valid types: ['bead', 'chat', 'escalation', 'message', 'reservation']");
    }
    return out.isEmpty() ? null : out;
  }

  static Long lastEventId(String raw) {
    if (raw == null) {
      return null;
    }
    try {
      long n = Long.parseLong(raw.trim());
      return n < 0 ? null : n;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
