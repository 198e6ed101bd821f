package io.beadhub.beads;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.Access;
import io.beadhub.common.ApiError;
import io.beadhub.common.Cursor;
import io.beadhub.common.Json;
import io.beadhub.common.Times;
import io.beadhub.common.Uuids;
import io.beadhub.http.Query;
import io.beadhub.http.Router;
import io.beadhub.http.ValidationError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** HTTP for {@code /v1/beads} (spec 40 §5). */
public final class BeadsRoutes {

  private BeadsRoutes() {
  }

  public static void register(Router r, BeadsService beads) {
    r.get("/v1/beads/issues", Access.PUBLIC, req -> list(req.query(), req.ctx().queryParams("label"), req.caller().projectId(), beads));
    r.get("/v1/beads/issues/{bead_id}", Access.PUBLIC, req -> {
      Query q = req.query();
      String repo = q.str("repo");
      if (repo != null && !Formats.isRepo(repo)) {
        throw ApiError.unprocessable("Invalid repo: " + repo);
      }
      String branch = q.str("branch");
      if (branch != null && !Formats.isBranch(branch)) {
        throw ApiError.unprocessable("Invalid branch name: " + branch);
      }
      boolean full = q.bool("full", false);
      String id = req.path("bead_id");
      if (!Formats.isBeadId(id)) {
        throw ApiError.notFound("Issue not found");
      }
      return BeadViews.detail(beads.get(req.caller().projectId(), id, repo, branch), full);
    });
    r.get("/v1/beads/ready", Access.PUBLIC, req -> {
      Query q = req.query();
      String ws = q.str("workspace_id");
      UUID caller = null;
      if (ws != null && !ws.isEmpty()) {
        caller = Uuids.parse(ws).orElseThrow(() -> ApiError.unprocessable("Invalid workspace_id format"));
      }
      String repo = repoFilter(q);
      String branch = branchFilter(q);
      int limit = q.integer("limit", 10, 1, 10_000);
      List<String> labels = req.ctx().queryParams("label").isEmpty() ? null : req.ctx().queryParams("label");
      List<String> types = values(q.filter("type", 1000), "Invalid issue type: ");
      String p = q.str("priority");
      Integer priority = p == null ? null : q.integer("priority", 0, 0, 4);
      String sort = q.str("sort") == null ? "priority" : q.str("sort");
      if (!List.of("priority", "hybrid", "oldest").contains(sort)) {
        throw ValidationError.of("literal_error", List.of("query", "sort"),
            "Input should be 'priority', 'hybrid' or 'oldest'", sort);
      }
      List<BeadsService.Ready> ready = beads.ready(new BeadsStore.ReadyQuery(req.caller().projectId(), caller, repo,
          branch, limit, q.filter("assignee", 255), q.bool("unassigned", false), labels, types, priority, sort,
          q.bool("include_claimed", false), q.bool("include_ephemeral", false), null, null),
          q.filter("parent", 255));
      return BeadViews.ready(ready);
    });
  }

  private static String repoFilter(Query q) {
    String repo = q.filter("repo", 255);
    if (repo != null && !Formats.isRepo(repo)) {
      throw ApiError.unprocessable("Invalid repo: " + Formats.first(repo, 50));
    }
    return repo;
  }

  private static String branchFilter(Query q) {
    String b = q.filter("branch", 255);
    if (b != null && !Formats.isBranch(b)) {
      throw ApiError.unprocessable("Invalid branch name: " + Formats.first(b, 50));
    }
    return b;
  }

  private static List<String> values(String raw, String message) {
    if (raw == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    for (String v : raw.split(",")) {
      String t = v.trim();
      if (Formats.VALUE.matcher(t).matches()) {
        out.add(t);
      } else {
        bad.add(t);
      }
    }
    if (!bad.isEmpty()) {
      throw ApiError.unprocessable(message + String.join(", ", bad));
    }
    return out;
  }

  private static Object list(Query q, List<String> labelParams, UUID project, BeadsService beads) {
    String repo = repoFilter(q);
    String branch = branchFilter(q);
    List<String> statuses = values(q.filter("status", 1000), "Invalid status: ");
    List<String> types = values(q.filter("type", 1000), "Invalid issue type: ");
    String assignee = q.filter("assignee", 255);
    String createdBy = q.filter("created_by", 255);
    List<String> labels = labelParams.isEmpty() ? null : labelParams;
    String labelPrefix = q.filter("label_prefix", 255);
    String parent = q.filter("parent", 255);
    String text = q.filter("q", 255);
    boolean removed = q.bool("include_removed", false);
    String fields = q.str("fields") == null ? "basic" : q.str("fields");
    if (!fields.equals("basic") && !fields.equals("full")) {
      throw ValidationError.of("literal_error", List.of("query", "fields"), "Input should be 'basic' or 'full'", fields);
    }
    int limit = q.integer("limit", 50, 1, 200);
    BeadsStore.After after = after(Cursor.decode(q.str("cursor")));
    BeadsStore.Filter f = new BeadsStore.Filter(repo, branch, statuses, types, assignee, createdBy, labels,
        labelPrefix, text, removed, parent);
    BeadsService.Page page = beads.list(project, f, after, limit, fields.equals("full"));
    List<Map<String, Object>> items = new ArrayList<>();
    for (BeadsStore.Row row : page.rows()) {
      items.add(BeadViews.item(row, fields.equals("full")));
    }
    String next = null;
    if (page.hasMore() && !page.rows().isEmpty()) {
      BeadsStore.Row last = page.rows().get(page.rows().size() - 1);
      ObjectNode c = Json.object();
      c.put("sort_time", Times.isoOffset(last.sortTime()));
      c.put("priority", last.priority());
      c.put("bead_id", last.beadId());
      c.put("repo", last.repo());
      c.put("branch", last.branch());
      next = Cursor.encode(c);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("issues", items);
    out.put("count", items.size());
    out.put("has_more", page.hasMore());
    out.put("next_cursor", next);
    out.put("synced_at", Times.isoOffset(page.syncedAt()));
    return out;
  }

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
