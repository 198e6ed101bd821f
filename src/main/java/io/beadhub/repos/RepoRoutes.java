package io.beadhub.repos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.common.Access;
import io.beadhub.common.Cursor;
import io.beadhub.common.Times;
import io.beadhub.common.Uuids;
import io.beadhub.http.Body;
import io.beadhub.http.Query;
import io.beadhub.http.Router;
import io.beadhub.http.ValidationError;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** {@code /v1/repos/*} (spec 30 §3). */
public final class RepoRoutes {
  private RepoRoutes() {
  }

  public static void register(Router r, RepoService s) {
    r.post("/v1/repos/lookup", Access.OPTIONAL,
        req -> s.lookup(req.caller(), RepoOrigins.required(req.body(), "origin_url", 2048)));
    r.post("/v1/repos/ensure", Access.PROJECT, req -> {
      Body b = req.body();
      String raw = b.requiredStr("project_id");
      UUID project = Uuids.parseCanonical(raw).orElseThrow(
          () -> ValidationError.body("project_id", "Invalid project_id: must be a valid UUID", raw));
      String origin = b.requiredStr("origin_url", 1, 2048);
      String canonical = RepoOrigins.required(b, "origin_url", 2048);
      return s.ensure(req.caller(), project, origin.trim(), canonical);
    });
    r.get("/v1/repos", Access.PROJECT, req -> {
      Query q = req.query();
      String rawProject = q.filter("project_id", 1000);
      UUID project = rawProject == null ? null : Uuids.parse(rawProject).orElseThrow(
          () -> ValidationError.query("project_id", "Invalid project_id format", rawProject));
      int limit = q.integer("limit", 50, 1, 200);
      ObjectNode cursor = Cursor.decode(q.str("cursor"));
      OffsetDateTime after = null;
      UUID afterId = null;
      String ts = Cursor.text(cursor, "created_at");
      if (ts != null) {
        after = Times.parseWithOffset(ts).map(t -> t.atOffset(ZoneOffset.UTC))
            .orElseThrow(() -> Cursor.invalid("bad created_at"));
        String id = Cursor.text(cursor, "id");
        if (id != null) {
          afterId = Uuids.parse(id).orElseThrow(() -> Cursor.invalid("bad id"));
        }
      }
      return s.list(req.caller(), project, after, afterId, limit);
    });
    r.delete("/v1/repos/{repo_id}", Access.PROJECT,
        req -> s.delete(req.caller(), req.pathUuid("repo_id", "Invalid repo_id format")));
  }
}
