package io.beadhub.workspaces;

import io.beadhub.agents.AgentStore;
import io.beadhub.auth.KeyCache;
import io.beadhub.auth.KeyStore;
import io.beadhub.events.Event;
import io.beadhub.events.EventBus;
import io.beadhub.presence.Presence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;
import io.beadhub.agents.WorkspaceEnding;
import io.beadhub.repos.RepoWorkspaces;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that ends workspaces (spec 30 §2.11): the in-transaction part (soft delete, claim
 * release, optionally the agents and their keys) and the after-commit part (presence, events).
 */
public record WorkspaceCascade(ClaimReleaser claims, Presence presence, EventBus bus, KeyCache keys) implements WorkspaceEnding, RepoWorkspaces {
  private static final Logger log = LoggerFactory.getLogger(WorkspaceCascade.class);

  /** What a cascade did, for the after-commit step and the response. */
  public record Ended(List<UUID> workspaceIds, List<Event> events) {
  }

  /**
   * Locks the agents of these workspaces (agent id = workspace id). Whatever ends agents and workspaces
   * together takes the agent rows first, as deregistration does, so two such requests over the same agent
   * cannot deadlock.
   */
  public void lockAgents(Handle h, List<UUID> workspaceIds) {
    AgentStore.lockAll(h, workspaceIds);
  }

  /** In the caller's transaction: soft-delete the live workspaces among {@code ids} and release their claims. */
  public Ended end(Handle h, UUID projectId, String projectSlug, List<UUID> ids, Instant now) {
    List<UUID> ended = WorkspaceStore.softDelete(h, ids, now);
    List<Event> events = new ArrayList<>(claims.releaseForWorkspaces(h, projectId, projectSlug, ended, now));
    return new Ended(ended, events);
  }

  /**
   * Workspace and repo deletion also end the agents (spec 30 §2.9): soft-deleted, keys deactivated,
   * one {@code workspace_cleanup} log row each.
   */
  public void endAgents(Handle h, UUID projectId, List<UUID> agentIds) {
    List<UUID> changed = AgentStore.softDelete(h, agentIds);
    KeyStore.deactivateForAgents(h, agentIds);
    for (UUID id : changed) {
      AgentStore.log(h, id, projectId, "workspace_cleanup", null, null, null, null, Map.of());
    }
  }

  @Override
  public IntSupplier endWorkspaces(Handle h, UUID projectId, String projectSlug, List<UUID> workspaceIds,
                                   Instant now) {
    Ended e = end(h, projectId, projectSlug, workspaceIds, now);
    return () -> afterCommit(e);
  }

  @Override
  public RepoWorkspaces.Ended endWithAgents(Handle h, UUID projectId, String projectSlug, List<UUID> workspaceIds,
                                            Instant now) {
    lockAgents(h, workspaceIds);
    Ended e = end(h, projectId, projectSlug, workspaceIds, now);
    endAgents(h, projectId, e.workspaceIds());
    return new RepoWorkspaces.Ended(e.workspaceIds().size(), () -> afterCommit(e));
  }

  /**
   * After commit: forgets cached keys of the ended agents (their keys may have been deactivated;
   * workspace id = agent id), clears presence and publishes the recorded events. Returns presence
   * records cleared.
   */
  public int afterCommit(Ended e) {
    keys.invalidateAgents(e.workspaceIds());
    int cleared = 0;
    try {
      cleared = presence.clear(e.workspaceIds().stream().map(UUID::toString).toList());
    } catch (RuntimeException ex) {
      log.warn("presence clear failed for {}", e.workspaceIds(), ex);
    }
    bus.publish(e.events());
    return cleared;
  }
}
