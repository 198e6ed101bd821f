package io.beadhub.beads;

import io.beadhub.common.Access;
import io.beadhub.common.ApiError;
import io.beadhub.common.Uuids;
import io.beadhub.http.Query;
import io.beadhub.http.Router;
import io.beadhub.http.ValidationError;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** HTTP for {@code /v1/beads} (spec 40 §5). */
public final class BeadsRoutes {

  private BeadsRoutes() {
  }

  public static void register(Router r, BeadsService beads) {
    r.get("/v1/beads/issues", Access.PUBLIC, req -> beads.list(req.caller().projectId(),
        listRequest(req.query(), req.ctx().queryParams("label")))).returns(IssueViews.IssueList.class);
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
      return beads.get(req.caller().projectId(), new BeadsService.GetRequest(id, repo, branch, full));
    }).returns(IssueViews.Detail.class);
    r.get("/v1/beads/ready", Access.PUBLIC, req -> {
      Query q = req.query();
      String ws = q.str("workspace_id");
      UUID caller = null;
      if (ws != null && !ws.isEmpty()) {
        caller = Uuids.parse(ws).orElseThrow(() -> ApiError.unprocessable("Invalid workspace_id format"));
      }
      String repo = Formats.repoFilter(q);
      String branch = Formats.branchFilter(q);
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
      return beads.ready(new BeadsStore.ReadyQuery(req.caller().projectId(), caller, repo, branch, limit,
          q.filter("assignee", 255), q.bool("unassigned", false), labels, types, priority, sort,
          q.bool("include_claimed", false), q.bool("include_ephemeral", false), null, null),
          q.filter("parent", 255));
    }).returns(IssueViews.ReadyList.class);
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

  private static BeadsService.ListRequest listRequest(Query q, List<String> labelParams) {
    String repo = Formats.repoFilter(q);
    String branch = Formats.branchFilter(q);
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
    return new BeadsService.ListRequest(new BeadsStore.Filter(repo, branch, statuses, types, assignee, createdBy,
        labels, labelPrefix, text, removed, parent), q.str("cursor"), limit, fields.equals("full"));
  }
}
