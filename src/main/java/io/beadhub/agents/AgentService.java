package io.beadhub.agents;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.common.Times;
import io.beadhub.db.Database;
import io.beadhub.names.AliasAllocator;
import io.beadhub.presence.AgentPresence;
import io.beadhub.presence.Presence;
import io.beadhub.presence.PresenceRecord;
import io.beadhub.projects.ProjectStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * The aweb agent lifecycle (spec 10 §7.5–7.10, §7.15–7.16) and the presence-enriched agent list (30 §4.1).
 * Identity claims, rotation and retirement are {@link AgentIdentityService}'s.
 */
public record AgentService(Database db, Presence presence, WorkspaceEnding cascade, Clock clock, int presenceTtl,
                           String serverUrl) {
  public static final String NOT_FOUND = "Agent not found";

  /** One item of {@code GET /v1/agents}. */
  public record AgentItem(UUID agentId, String alias, String humanName, String agentType, String status,
                          String lastSeen, boolean online, String did, String custody, String lifetime,
                          String identityStatus, String accessMode) {
  }

  public record AgentList(UUID projectId, List<AgentItem> agents) {
  }

  /** {@code GET /v1/agents/me}: the list item's fields with the project and addressing. */
  public record Me(UUID agentId, UUID projectId, String alias, String humanName, String agentType, String status,
                   String lastSeen, boolean online, String did, String custody, String lifetime,
                   String identityStatus, String accessMode, String namespaceSlug, String address,
                   String stableId) {
  }

  public record AccessMode(UUID agentId, String accessMode) {
  }

  public record Heartbeat(UUID agentId, String lastSeen, int ttlSeconds) {
  }

  /** {@code GET /v1/agents/resolve/{namespace}/{alias}}. */
  public record Resolved(String did, String stableId, String address, UUID agentId, String humanName,
                         String publicKey, String server, String custody, String lifetime, String status) {
  }

  public record LogItem(UUID logId, String operation, String oldDid, String newDid, String signedBy,
                        String entrySignature, JsonNode metadata, String createdAt) {
    static LogItem of(AgentStore.LogEntry e) {
      return new LogItem(e.logId(), e.operation(), e.oldDid(), e.newDid(), e.signedBy(), e.entrySignature(),
          e.metadata(), Times.isoOffset(e.createdAt()));
    }
  }

  public record Log(UUID agentId, String address, List<LogItem> log) {
  }

  public record Deregistered(UUID agentId, String status) {
  }

  /** {@code POST /v1/agents/suggest-alias-prefix}; {@code projectId} is null for an unknown project. */
  public record AliasPrefix(String projectSlug, UUID projectId, String namePrefix) {
  }

  /** Step 5 of spec 10 §0.4: the actor must be a live agent of the caller's project. */
  public Agent actor(Caller c) {
    return db.read(h -> AgentStore.findLive(h, c.projectId(), c.agentId()))
        .orElseThrow(() -> ApiError.notFound(NOT_FOUND));
  }

  public AgentList list(Caller c) {
    List<Agent> agents = db.read(h -> AgentStore.listLive(h, c.projectId(), false));
    List<String> ids = agents.stream().map(a -> a.agentId().toString()).toList();
    Map<String, PresenceRecord> ws = presence.getMany(ids).stream()
        .collect(Collectors.toMap(PresenceRecord::workspaceId, p -> p, (a, b) -> a));
    Map<String, AgentPresence> ap = presence.getAgents(ids);
    String project = c.projectId().toString();
    return new AgentList(c.projectId(), agents.stream().map(a -> item(a, ws.get(a.agentId().toString()),
        ap.get(a.agentId().toString()), project)).toList());
  }

  static AgentItem item(Agent a, PresenceRecord w, AgentPresence ap, String projectId) {
    PresenceRecord wp = w != null && projectId.equals(w.projectId()) ? w : null;
    AgentPresence agp = ap != null && projectId.equals(ap.projectId()) ? ap : null;
    boolean online = wp != null || agp != null;
    String status = !online ? "offline"
        : (wp != null && wp.status() != null && !wp.status().isEmpty() ? wp.status() : "active");
    String lastSeen = !online ? null : (wp != null ? wp.lastSeen() : agp.lastSeen());
    return new AgentItem(a.agentId(), a.alias(), emptyToNull(a.humanName()), emptyToNull(a.agentType()), status,
        lastSeen, online, a.did(), a.custody(), a.lifetime(), a.status(), a.accessMode());
  }

  public Me me(Caller c) {
    Agent a = actor(c);
    String id = a.agentId().toString();
    AgentItem i = item(a, presence.get(id).orElse(null), presence.getAgent(id).orElse(null),
        c.projectId().toString());
    return new Me(i.agentId(), a.projectId(), i.alias(), i.humanName(), i.agentType(), i.status(), i.lastSeen(),
        i.online(), i.did(), i.custody(), i.lifetime(), i.identityStatus(), i.accessMode(), a.namespaceSlug(),
        a.address(), a.stableId());
  }

  /** {@code PATCH /v1/agents/me} and {@code /{id}}: {@code target} null means the actor. */
  public AccessMode patch(Caller c, UUID target, String accessMode) {
    Agent actor = actor(c);
    Agent a = target == null ? actor : db.read(h -> AgentStore.findLive(h, c.projectId(), target))
        .orElseThrow(() -> ApiError.notFound(NOT_FOUND));
    if (accessMode == null) {
      return new AccessMode(a.agentId(), a.accessMode());
    }
    db.read(h -> {
      AgentStore.setAccessMode(h, a.agentId(), accessMode);
      return null;
    });
    return new AccessMode(a.agentId(), accessMode);
  }

  public Heartbeat heartbeat(Caller c) {
    Agent a = actor(c);
    String lastSeen = presence.upsertAgent(a.agentId().toString(), a.alias(), c.projectId().toString(), presenceTtl);
    return new Heartbeat(a.agentId(), lastSeen, presenceTtl);
  }

  public Resolved resolve(Caller c, String namespace, String alias) {
    Agent a = db.read(h -> byAddress(h, c.projectId(), namespace, alias))
        .orElseThrow(() -> ApiError.notFound(NOT_FOUND));
    return new Resolved(a.did(), a.stableId(), a.address(), a.agentId(), a.humanName(), a.publicKey(), serverUrl,
        a.custody(), a.lifetime(), a.status());
  }

  /** The live agent {@code namespace/alias} of the caller's project: the namespace must be the project's. */
  private static Optional<Agent> byAddress(Handle h, UUID projectId, String namespace, String alias) {
    Optional<ProjectStore.Project> p = ProjectStore.findLive(h, projectId);
    if (p.isEmpty() || !namespace.equals(p.get().namespaceSlug())) {
      return Optional.empty();
    }
    return AgentStore.findLiveByAlias(h, projectId, alias);
  }

  public Log log(Caller c) {
    Agent a = actor(c);
    List<LogItem> entries = db.read(h -> AgentStore.logOf(h, a.agentId())).stream().map(LogItem::of).toList();
    return new Log(a.agentId(), a.address(), entries);
  }

  /** {@code DELETE /v1/agents/me}: the actor deregisters itself. */
  public Deregistered deregisterSelf(Caller c) {
    return deregister(h -> AgentStore.findLiveForUpdate(h, c.projectId(), c.agentId()));
  }

  /** {@code DELETE /v1/agents/{namespace}/{alias}} (spec 10 §7.16). */
  public Deregistered deregisterPeer(Caller c, String namespace, String alias) {
    return deregister(h -> byAddress(h, c.projectId(), namespace, alias)
        .flatMap(a -> AgentStore.findLiveForUpdate(h, c.projectId(), a.agentId())));
  }

  /** Deregistration and its workspace cascade in one transaction (10 §7.15, §9; 30 §2.11). Keys stay active. */
  private Deregistered deregister(Function<Handle, Optional<Agent>> lookup) {
    IntSupplier[] afterCommit = new IntSupplier[1];
    Agent a = db.tx(h -> {
      Agent found = lookup.apply(h).orElseThrow(() -> ApiError.notFound(NOT_FOUND));
      if (found.lifetime().equals("persistent")) {
        throw ApiError.badRequest("Cannot deregister a persistent agent. Use the retire endpoint instead.");
      }
      AgentStore.softDelete(h, List.of(found.agentId()));
      AgentStore.log(h, found.agentId(), found.projectId(), "deregister", found.did(), null, null, null, null);
      String slug = ProjectStore.findLive(h, found.projectId()).map(ProjectStore.Project::slug).orElse("");
      afterCommit[0] = cascade.endWorkspaces(h, found.projectId(), slug, List.of(found.agentId()), clock.instant());
      return found;
    });
    afterCommit[0].getAsInt();
    presence.clear(List.of(a.agentId().toString()));
    return new Deregistered(a.agentId(), "deregistered");
  }

  /** {@code POST /v1/agents/suggest-alias-prefix} (spec 30 §4.3). */
  public AliasPrefix suggestAliasPrefix(String slug) {
    return db.read(h -> {
      Optional<ProjectStore.Project> p = ProjectStore.findLiveBySlug(h, slug);
      if (p.isEmpty()) {
        return new AliasPrefix(slug, null, "alice");
      }
      String prefix = AliasAllocator.suggest(AgentStore.liveAliases(h, p.get().projectId()))
          .orElseThrow(() -> ApiError.conflict("alias_exhausted"));
      return new AliasPrefix(slug, p.get().projectId(), prefix);
    });
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
