package io.beadhub.projects;

import io.beadhub.common.Access;
import io.beadhub.common.ApiError;
import io.beadhub.db.Database;
import io.beadhub.http.Router;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /v1/projects/current} (spec 10 §7.3). Project lists and deletes are deliberately not served. */
public final class ProjectRoutes {
  private ProjectRoutes() {
  }

  public static void register(Router r, Database db) {
    r.get("/v1/projects/current", Access.PUBLIC, req -> {
      ProjectStore.Project p = db.read(h -> ProjectStore.findLive(h, req.caller().projectId()))
          .orElseThrow(() -> ApiError.notFound("Project not found"));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("project_id", p.projectId());
      out.put("slug", p.slug());
      out.put("name", p.name());
      return out;
    });
  }
}
