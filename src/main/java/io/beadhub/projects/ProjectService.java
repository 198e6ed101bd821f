package io.beadhub.projects;

import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.db.Database;
import java.util.UUID;

/** The caller's project (spec 10 §7.3). */
public record ProjectService(Database db) {
  /** The body of {@code GET /v1/projects/current}. */
  public record CurrentProject(UUID projectId, String slug, String name) {
  }

  public CurrentProject current(Caller c) {
    ProjectStore.Project p = db.read(h -> ProjectStore.findLive(h, c.projectId()))
        .orElseThrow(() -> ApiError.notFound("Project not found"));
    return new CurrentProject(p.projectId(), p.slug(), p.name());
  }
}
