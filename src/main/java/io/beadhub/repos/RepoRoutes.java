package io.beadhub.repos;

import io.beadhub.common.Access;
import io.beadhub.common.Cursor;
import io.beadhub.common.Uuids;
import io.beadhub.http.Body;
import io.beadhub.http.Query;
import io.beadhub.http.Router;
import io.beadhub.http.ValidationError;
import java.util.UUID;

/** {@code /v1/repos/*} (spec 30 §3). */
public final class RepoRoutes {
  private RepoRoutes() {
  }

  public static void register(Router r, RepoService s) {
    r.post("/v1/repos/lookup", Access.OPTIONAL,
        req -> s.lookup(req.caller(), RepoOrigins.required(req.body(), "origin_url", 2048)))
        .returns(RepoStore.Candidate.class).accepts(RepoRequests.Lookup.class);
    r.post("/v1/repos/ensure", Access.PROJECT, req -> {
      Body b = req.body();
      String raw = b.requiredStr("project_id");
      UUID project = Uuids.parseCanonical(raw).orElseThrow(
          () -> ValidationError.body("project_id", "Invalid project_id: must be a valid UUID", raw));
      String origin = b.requiredStr("origin_url", 1, 2048);
      String canonical = RepoOrigins.required(b, "origin_url", 2048);
      return s.ensure(req.caller(), project, origin.trim(), canonical);
    }).returns(RepoService.Ensured.class).accepts(RepoRequests.Ensure.class);
    r.get("/v1/repos", Access.PROJECT, req -> {
      Query q = req.query();
      String rawProject = q.filter("project_id", 1000);
      UUID project = rawProject == null ? null : Uuids.parse(rawProject).orElseThrow(
          () -> ValidationError.query("project_id", "Invalid project_id format", rawProject));
      int limit = q.integer("limit", 50, 1, 200);
      PageCursor after = PageCursor.decode(q.str("cursor"), "created_at", "id", ts -> Cursor.invalid("bad created_at"));
      return s.list(req.caller(), project, after, limit);
    }).returns(RepoService.Page.class);
    r.delete("/v1/repos/{repo_id}", Access.PROJECT,
        req -> s.delete(req.caller(), req.pathUuid("repo_id", "Invalid repo_id format")))
        .returns(RepoService.Deleted.class);
  }
}
