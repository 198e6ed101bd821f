package io.beadhub.projects;

import io.beadhub.common.Access;
import io.beadhub.http.Router;

/** {@code GET /v1/projects/current} (spec 10 §7.3). Project lists and deletes are deliberately not served. */
public final class ProjectRoutes {
  private ProjectRoutes() {
  }

  public static void register(Router r, ProjectService s) {
    r.get("/v1/projects/current", Access.PUBLIC, req -> s.current(req.caller()))
        .returns(ProjectService.CurrentProject.class);
  }
}
