package io.beadhub.status;

import io.beadhub.common.Access;
import io.beadhub.common.ApiError;
import io.beadhub.common.Uuids;
import io.beadhub.http.Query;
import io.beadhub.http.Reply;
import io.beadhub.http.Router;
import io.beadhub.repos.RepoQuery;
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

  public static void register(Router r, StatusService status, StatusStream stream) {
    r.get("/v1/status", Access.PUBLIC, req -> {
      Query q = req.query();
      UUID ws = workspaceId(q);
      return status.snapshot(req.caller(), ws, RepoQuery.id(q.str("repo_id")));
    }).returns(StatusSnapshot.class);
    r.get("/v1/status/stream", Access.PUBLIC, req -> {
      Query q = req.query();
      UUID ws = workspaceId(q);
      String repo = RepoQuery.canonical(q);
      String human = q.filter("human_name", 64);
      int limit = q.integer("limit", 200, 1, 1000);
      Set<String> categories = categories(q.str("event_types"));
      Long last = lastEventId(req.ctx().header("Last-Event-ID"));
      if (last == null) {
        last = lastEventId(q.str("last_event_id"));
      }
      List<UUID> set = status.streamSet(req.caller(), new StatusService.StreamFilter(ws, repo, human, limit));
      stream.serve(req.ctx(), new StatusStream.Subscription(req.caller().projectId(), set, categories, last));
      return Reply.HANDLED;
    }).stream("status");
  }

  private static UUID workspaceId(Query q) {
    String raw = q.str("workspace_id");
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    return Uuids.parse(raw).orElseThrow(() -> ApiError.unprocessable("Invalid workspace_id format"));
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
