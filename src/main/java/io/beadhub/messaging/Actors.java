package io.beadhub.messaging;

import io.beadhub.projects.ProjectStore;

import io.beadhub.agents.Agent;
import io.beadhub.agents.AgentStore;
import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import org.jdbi.v3.core.Handle;

/** Actor existence (spec 10 §0.4 step 5) and the project slug events carry, inside a transaction. */
public final class Actors {
  public static final String AGENT_NOT_FOUND = "Agent not found";

  private Actors() {
  }

  public static Agent require(Handle h, Caller c) {
    return AgentStore.findLive(h, c.projectId(), c.agentId()).orElseThrow(() -> ApiError.notFound(AGENT_NOT_FOUND));
  }

  /** A project's slug never changes once created, so it is read once per process. */
  public static String projectSlug(Handle h, java.util.UUID projectId) {
    String slug = SLUGS.get(projectId);
    if (slug == null) {
      slug = ProjectStore.slug(h, projectId);
      if (SLUGS.size() >= 100_000) {
        SLUGS.clear();
      }
      SLUGS.put(projectId, slug);
    }
    return slug;
  }

  private static final java.util.Map<java.util.UUID, String> SLUGS = new java.util.concurrent.ConcurrentHashMap<>();
}
