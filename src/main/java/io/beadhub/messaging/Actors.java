package io.beadhub.messaging;

import io.beadhub.agents.Agent;
import io.beadhub.agents.AgentStore;
import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.projects.ProjectStore;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;

/** Actor existence (spec 10 §0.4 step 5) and the project slug events carry, inside a transaction. */
public final class Actors {
  public static final String AGENT_NOT_FOUND = "Agent not found";
  private static final int MAX_CACHED = 100_000;

  /** A project's slug never changes once created, so it is read once per process. */
  private static final Map<UUID, String> SLUGS = new ConcurrentHashMap<>();
  /**
   * An agent's alias never changes (a new alias is a new agent), so single-statement writes can build
   * their event from it and check the agent's liveness in the statement itself.
   */
  private static final Map<UUID, String> ALIASES = new ConcurrentHashMap<>();

  private Actors() {
  }

  public static Agent require(Handle h, Caller c) {
    Agent a = AgentStore.findLive(h, c.projectId(), c.agentId()).orElseThrow(() -> ApiError.notFound(AGENT_NOT_FOUND));
    remember(ALIASES, a.agentId(), a.alias());
    return a;
  }

  public static String projectSlug(Handle h, UUID projectId) {
    String slug = SLUGS.get(projectId);
    if (slug == null) {
      slug = ProjectStore.slug(h, projectId);
      remember(SLUGS, projectId, slug);
    }
    return slug;
  }

  /** The project's slug if this process has read it already, else null. */
  public static String knownSlug(UUID projectId) {
    return SLUGS.get(projectId);
  }

  /** The agent's alias if this process has seen the agent live already, else null. */
  public static String knownAlias(UUID agentId) {
    return agentId == null ? null : ALIASES.get(agentId);
  }

  private static void remember(Map<UUID, String> cache, UUID key, String value) {
    if (value == null) {
      return;
    }
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    cache.put(key, value);
  }
}
