package io.beadhub.mcp;

import io.beadhub.agents.Agent;
import io.beadhub.common.Caller;
import io.beadhub.db.Database;
import io.beadhub.messaging.Actors;
import io.beadhub.workspaces.WorkspaceRow;
import io.beadhub.workspaces.WorkspaceStore;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who the key's agent is, for the identity arguments tools accept for compatibility (spec 90 §1). An
 * agent's alias, type and project slug never change, so they are read once per agent and process.
 */
public final class ActorService {
  /** The actor of every tool call. */
  record Actor(UUID agentId, String alias, String agentType, String projectSlug) {
    boolean human() {
      return "human".equals(agentType);
    }
  }

  private static final int MAX_CACHED = 10_000;

  private final Database db;
  private final Map<UUID, Actor> cache = new ConcurrentHashMap<>();

  public ActorService(Database db) {
    this.db = db;
  }

  /** The caller's live agent; 404 {@code Agent not found} when it is gone (as every actor route answers). */
  Actor actor(Caller c) {
    Actor known = cache.get(c.agentId());
    if (known != null) {
      return known;
    }
    Actor a = db.read(h -> {
      Agent agent = Actors.require(h, c);
      return new Actor(agent.agentId(), agent.alias(), agent.agentType(), Actors.projectSlug(h, c.projectId()));
    });
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    cache.put(a.agentId(), a);
    return a;
  }

  /** The role of the caller's workspace now (it can change), or null. */
  String role(Caller c) {
    return db.read(h -> WorkspaceStore.find(h, c.agentId()).filter(w -> w.live() && w.projectId().equals(c.projectId()))
        .map(WorkspaceRow::role).orElse(null));
  }
}
