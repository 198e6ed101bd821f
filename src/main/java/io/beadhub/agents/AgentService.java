package io.beadhub.agents;

import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.db.Database;
import io.beadhub.identity.CanonicalJson;
import io.beadhub.identity.DidKey;
import io.beadhub.names.AliasAllocator;
import io.beadhub.presence.AgentPresence;
import io.beadhub.presence.Presence;
import io.beadhub.presence.PresenceRecord;
import io.beadhub.projects.ProjectStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/** The aweb agent lifecycle (spec 10 §7.5–7.16) and the presence-enriched agent list (30 §4.1). */
public final class AgentService {
  public static final String NOT_FOUND = "Agent not found";

  /** One item of {@code GET /v1/agents}. */
  public record AgentItem(UUID agentId, String alias, String humanName, String agentType, String status,
                          String lastSeen, boolean online, String did, String custody, String lifetime,
                          String identityStatus, String accessMode) {
  }

  private final Database db;
  private final Presence presence;
  private final WorkspaceEnding cascade;
  private final Clock clock;
  private final int presenceTtl;
  private final String serverUrl;

  public AgentService(Database db, Presence presence, WorkspaceEnding cascade, Clock clock, int presenceTtl,
                      String serverUrl) {
    this.db = db;
    this.presence = presence;
    this.cascade = cascade;
    this.clock = clock;
    this.presenceTtl = presenceTtl;
    this.serverUrl = serverUrl;
  }

  /** Step 5 of spec 10 §0.4: the actor must be a live agent of the caller's project. */
  public Agent actor(Caller c) {
    return db.read(h -> AgentStore.findLive(h, c.projectId(), c.agentId()))
        .orElseThrow(() -> ApiError.notFound(NOT_FOUND));
  }

  public Map<String, Object> list(Caller c) {
    List<Agent> agents = db.read(h -> AgentStore.listLive(h, c.projectId(), false));
    List<String> ids = agents.stream().map(a -> a.agentId().toString()).toList();
    Map<String, PresenceRecord> ws = presence.getMany(ids).stream()
        .collect(Collectors.toMap(PresenceRecord::workspaceId, p -> p, (a, b) -> a));
    Map<String, AgentPresence> ap = presence.getAgents(ids);
    String project = c.projectId().toString();
    List<AgentItem> items = agents.stream().map(a -> item(a, ws.get(a.agentId().toString()),
        ap.get(a.agentId().toString()), project)).toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("project_id", c.projectId());
    out.put("agents", items);
    return out;
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

  public Map<String, Object> me(Caller c) {
    Agent a = actor(c);
    String id = a.agentId().toString();
    AgentItem item = item(a, presence.get(id).orElse(null), presence.getAgent(id).orElse(null),
        c.projectId().toString());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("agent_id", item.agentId());
    out.put("project_id", a.projectId());
    out.put("alias", item.alias());
    out.put("human_name", item.humanName());
    out.put("agent_type", item.agentType());
    out.put("status", item.status());
    out.put("last_seen", item.lastSeen());
    out.put("online", item.online());
    out.put("did", item.did());
    out.put("custody", item.custody());
    out.put("lifetime", item.lifetime());
    out.put("identity_status", item.identityStatus());
    out.put("access_mode", item.accessMode());
    out.put("namespace_slug", a.namespaceSlug());
    out.put("address", a.address());
    out.put("stable_id", a.stableId());
    return out;
  }

  /** {@code PATCH /v1/agents/me} and {@code /{id}}: {@code target} null means the actor. */
  public Map<String, Object> patch(Caller c, UUID target, String accessMode) {
    Agent actor = actor(c);
    Agent a = target == null ? actor : db.read(h -> AgentStore.findLive(h, c.projectId(), target))
        .orElseThrow(() -> ApiError.notFound(NOT_FOUND));
    String mode = a.accessMode();
    if (accessMode != null) {
      db.read(h -> h.createUpdate("UPDATE aweb.agents SET access_mode = :m WHERE agent_id = :id")
          .bind("m", accessMode).bind("id", a.agentId()).execute());
      mode = accessMode;
    }
    return Map.of("agent_id", a.agentId(), "access_mode", mode);
  }

  public Map<String, Object> heartbeat(Caller c) {
    Agent a = actor(c);
    String lastSeen = presence.upsertAgent(a.agentId().toString(), a.alias(), c.projectId().toString(), presenceTtl);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("agent_id", a.agentId());
    out.put("last_seen", lastSeen);
    out.put("ttl_seconds", presenceTtl);
    return out;
  }

  public Map<String, Object> resolve(Caller c, String namespace, String alias) {
    Agent a = db.read(h -> {
      Optional<ProjectStore.Project> p = ProjectStore.findLive(h, c.projectId());
      if (p.isEmpty() || !namespace.equals(p.get().namespaceSlug())) {
        return Optional.<Agent>empty();
      }
      return AgentStore.findLiveByAlias(h, c.projectId(), alias);
    }).orElseThrow(() -> ApiError.notFound(NOT_FOUND));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("did", a.did());
    out.put("stable_id", a.stableId());
    out.put("address", a.address());
    out.put("agent_id", a.agentId());
    out.put("human_name", a.humanName());
    out.put("public_key", a.publicKey());
    out.put("server", serverUrl);
    out.put("custody", a.custody());
    out.put("lifetime", a.lifetime());
    out.put("status", a.status());
    return out;
  }

  public Map<String, Object> log(Caller c) {
    Agent a = actor(c);
    List<Map<String, Object>> entries = db.read(h -> AgentStore.logOf(h, a.agentId())).stream().map(e -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("log_id", e.logId());
      m.put("operation", e.operation());
      m.put("old_did", e.oldDid());
      m.put("new_did", e.newDid());
      m.put("signed_by", e.signedBy());
      m.put("entry_signature", e.entrySignature());
      m.put("metadata", e.metadata());
      m.put("created_at", io.beadhub.common.Times.isoOffset(e.createdAt()));
      return m;
    }).toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("agent_id", a.agentId());
    out.put("address", a.address());
    out.put("log", entries);
    return out;
  }

  /** {@code PUT /v1/agents/me/identity} (spec 10 §7.11). */
  public Map<String, Object> claimIdentity(Caller c, String did, String publicKey, String custody, String lifetime) {
    byte[] raw = DidKey.decodePublicKey(publicKey)
        .orElseThrow(() -> ApiError.badRequest("public_key must be a base64-encoded 32-byte Ed25519 key"));
    if (!DidKey.didOf(raw).equals(did)) {
      throw ApiError.badRequest("DID does not match public_key");
    }
    return db.tx(h -> {
      Agent a = AgentStore.findLiveForUpdate(h, c.projectId(), c.agentId())
          .orElseThrow(() -> ApiError.notFound(NOT_FOUND));
      if (a.did() != null && !a.did().equals(did)) {
        throw ApiError.conflict("Identity already claimed with a different DID");
      }
      if (a.did() == null) {
        String stable = DidKey.stableIdOf(did).orElseThrow();
        h.createUpdate("""
                UPDATE aweb.agents SET did = :did, public_key = :pk, stable_id = :stable, custody = :custody,
                                       lifetime = :lifetime
                 WHERE agent_id = :id
                """)
            .bind("did", did).bind("pk", DidKey.canonicalPublicKey(raw)).bind("stable", stable)
            .bind("custody", custody).bind("lifetime", lifetime).bind("id", a.agentId()).execute();
        AgentStore.log(h, a.agentId(), a.projectId(), "claim_identity", null, did, null, null, null);
        a = AgentStore.findLive(h, c.projectId(), a.agentId()).orElseThrow();
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("agent_id", a.agentId());
      out.put("alias", a.alias());
      out.put("did", a.did());
      out.put("public_key", a.publicKey());
      out.put("stable_id", a.stableId());
      out.put("custody", a.custody());
      out.put("lifetime", a.lifetime());
      return out;
    });
  }

  /** {@code POST /v1/agents/me/identity/reset} (spec 10 §7.12). */
  public Map<String, Object> resetIdentity(Caller c, boolean confirm) {
    if (!confirm) {
      throw ApiError.badRequest("confirm must be true to reset identity");
    }
    return db.tx(h -> {
      Agent a = AgentStore.findLiveForUpdate(h, c.projectId(), c.agentId())
          .orElseThrow(() -> ApiError.notFound(NOT_FOUND));
      if (a.did() != null) {
        h.createUpdate("""
                UPDATE aweb.agents SET did = NULL, public_key = NULL, stable_id = NULL, custody = NULL,
                                       signing_key_enc = NULL
                 WHERE agent_id = :id
                """).bind("id", a.agentId()).execute();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("old_public_key", a.publicKey());
        meta.put("old_stable_id", a.stableId());
        AgentStore.log(h, a.agentId(), a.projectId(), "reset_identity", a.did(), null, null, null, meta);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("agent_id", a.agentId());
      out.put("alias", a.alias());
      out.put("did", null);
      out.put("public_key", null);
      out.put("stable_id", null);
      out.put("custody", null);
      out.put("lifetime", null);
      return out;
    });
  }

  /** The body of {@code PUT /v1/agents/me/rotate}, validated by the route. */
  public record Rotation(String custody, String timestamp, String newDid, String newPublicKey, String signature) {
  }

  /** {@code PUT /v1/agents/me/rotate} (spec 10 §7.13): checks in the table's order. */
  public Map<String, Object> rotate(Caller c, Rotation r) {
    return db.tx(h -> {
      Agent a = AgentStore.findLiveForUpdate(h, c.projectId(), c.agentId())
          .orElseThrow(() -> ApiError.notFound(NOT_FOUND));
      if (a.lifetime().equals("ephemeral")) {
        throw ApiError.badRequest(
            "Cannot rotate key for an ephemeral agent. Deregister and create a new agent instead.");
      }
      if (a.custody() == null) {
        throw ApiError.forbidden("Agent custody is not configured for rotation");
      }
      if (a.custody().equals("self") && r.custody().equals("custodial")) {
        throw ApiError.badRequest("Cannot change a self-custodial agent back to custodial via rotate");
      }
      if (!a.custody().equals("custodial") && r.custody().equals("custodial")) {
        throw ApiError.badRequest("Only custodial agents can request custody='custodial' rotations");
      }
      if (a.did() == null) {
        throw ApiError.forbidden("Agent has no DID to rotate");
      }
      if (a.publicKey() == null) {
        throw ApiError.forbidden("Agent has no public key to verify proof against");
      }
      if (r.custody().equals("custodial")) {
        throw ApiError.badRequest("Custody key not configured");
      }
      byte[] newRaw = DidKey.decodePublicKey(r.newPublicKey()).orElseThrow(() -> ApiError.badRequest(
          "new_public_key must be a base64-encoded 32-byte Ed25519 key (url-safe or standard)"));
      if (!DidKey.didOf(newRaw).equals(r.newDid())) {
        throw ApiError.badRequest("DID does not match new_public_key");
      }
      if (r.signature() == null && a.custody().equals("custodial")) {
        throw ApiError.badRequest("Custody key not configured");
      }
      if (r.signature() == null) {
        throw ApiError.unprocessable("rotation_signature is required");
      }
      byte[] sig = DidKey.decodeStandardBase64(r.signature());
      if (sig == null) {
        throw ApiError.forbidden("Malformed rotation proof encoding");
      }
      String message = CanonicalJson.of(Map.of("new_did", r.newDid(), "old_did", a.did(), "timestamp", r.timestamp()));
      byte[] oldRaw = DidKey.decodePublicKey(a.publicKey()).orElse(null);
      if (oldRaw == null || !DidKey.verify(oldRaw, message, sig)) {
        throw ApiError.forbidden("Invalid rotation proof");
      }
      String newPk = DidKey.canonicalPublicKey(newRaw);
      h.createUpdate("""
              UPDATE aweb.agents SET did = :did, public_key = :pk, custody = 'self', signing_key_enc = NULL
               WHERE agent_id = :id
              """).bind("did", r.newDid()).bind("pk", newPk).bind("id", a.agentId()).execute();
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("timestamp", r.timestamp());
      meta.put("new_custody", "self");
      AgentStore.log(h, a.agentId(), a.projectId(), "rotate", a.did(), r.newDid(), a.did(), r.signature(), meta);
      h.createUpdate("""
              INSERT INTO aweb.rotation_announcements (agent_id, project_id, old_did, new_did, rotation_timestamp,
                                                       old_key_signature)
              VALUES (:agent, :project, :old, :new, :ts, :sig)
              """)
          .bind("agent", a.agentId()).bind("project", a.projectId()).bind("old", a.did()).bind("new", r.newDid())
          .bind("ts", r.timestamp()).bind("sig", r.signature()).execute();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("status", "rotated");
      out.put("old_did", a.did());
      out.put("new_did", r.newDid());
      out.put("new_public_key", newPk);
      out.put("custody", "self");
      return out;
    });
  }

  /** {@code PUT /v1/agents/me/retire} (spec 10 §7.14). */
  public Map<String, Object> retire(Caller c, UUID successorId, String proof, String timestamp) {
    return db.tx(h -> {
      Agent a = AgentStore.findLiveForUpdate(h, c.projectId(), c.agentId())
          .orElseThrow(() -> ApiError.notFound(NOT_FOUND));
      if (a.lifetime().equals("ephemeral")) {
        throw ApiError.badRequest("Cannot retire an ephemeral agent. Use the deregister endpoint instead.");
      }
      if (a.status().equals("retired")) {
        throw ApiError.badRequest("Agent is already retired");
      }
      if (a.status().equals("deregistered")) {
        throw ApiError.badRequest("Agent is already deregistered");
      }
      if (successorId.equals(a.agentId())) {
        throw ApiError.badRequest("An agent cannot name itself as its own successor");
      }
      Agent s = AgentStore.findLive(h, c.projectId(), successorId)
          .orElseThrow(() -> ApiError.notFound("Successor agent not found in this project"));
      if (s.did() == null) {
        throw ApiError.unprocessable("Successor agent has no DID \u2014 cannot build verifiable retirement proof");
      }
      if (proof == null && "custodial".equals(a.custody())) {
        throw ApiError.badRequest("Custody key not configured");
      }
      if (proof == null) {
        throw ApiError.unprocessable("retirement_proof is required for self-custodial agents");
      }
      if (a.publicKey() == null) {
        throw ApiError.forbidden("Agent has no public key to verify proof against");
      }
      byte[] sig = DidKey.decodeStandardBase64(proof);
      if (sig == null) {
        throw ApiError.forbidden("Malformed retirement proof encoding");
      }
      String message = CanonicalJson.of(Map.of("operation", "retire", "successor_address", s.address(),
          "successor_did", s.did(), "timestamp", timestamp));
      byte[] raw = DidKey.decodePublicKey(a.publicKey()).orElse(null);
      if (raw == null || !DidKey.verify(raw, message, sig)) {
        throw ApiError.forbidden("Invalid retirement proof");
      }
      h.createUpdate("UPDATE aweb.agents SET status = 'retired', successor_agent_id = :s WHERE agent_id = :id")
          .bind("s", s.agentId()).bind("id", a.agentId()).execute();
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("successor_agent_id", s.agentId().toString());
      meta.put("successor_did", s.did());
      meta.put("successor_address", s.address());
      AgentStore.log(h, a.agentId(), a.projectId(), "retire", a.did(), null, a.did(), proof, meta);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("status", "retired");
      out.put("agent_id", a.agentId());
      out.put("successor_agent_id", s.agentId());
      return out;
    });
  }

  /** {@code DELETE /v1/agents/me}: the actor deregisters itself. */
  public Map<String, Object> deregisterSelf(Caller c) {
    return deregister(c, h -> AgentStore.findLiveForUpdate(h, c.projectId(), c.agentId()));
  }

  /** {@code DELETE /v1/agents/{namespace}/{alias}} (spec 10 §7.16). */
  public Map<String, Object> deregisterPeer(Caller c, String namespace, String alias) {
    return deregister(c, h -> {
      Optional<ProjectStore.Project> p = ProjectStore.findLive(h, c.projectId());
      if (p.isEmpty() || !namespace.equals(p.get().namespaceSlug())) {
        return Optional.empty();
      }
      return AgentStore.findLiveByAlias(h, c.projectId(), alias)
          .flatMap(a -> AgentStore.findLiveForUpdate(h, c.projectId(), a.agentId()));
    });
  }

  private interface Lookup {
    Optional<Agent> find(Handle h);
  }

  /** Deregistration and its workspace cascade in one transaction (10 §7.15, §9; 30 §2.11). Keys stay active. */
  private Map<String, Object> deregister(Caller c, Lookup lookup) {
    java.util.function.IntSupplier[] afterCommit = new java.util.function.IntSupplier[1];
    Map<String, Object> out = db.tx(h -> {
      Agent a = lookup.find(h).orElseThrow(() -> ApiError.notFound(NOT_FOUND));
      if (a.lifetime().equals("persistent")) {
        throw ApiError.badRequest("Cannot deregister a persistent agent. Use the retire endpoint instead.");
      }
      AgentStore.softDelete(h, List.of(a.agentId()));
      AgentStore.log(h, a.agentId(), a.projectId(), "deregister", a.did(), null, null, null, null);
      String slug = ProjectStore.findLive(h, a.projectId()).map(ProjectStore.Project::slug).orElse("");
      afterCommit[0] = cascade.endWorkspaces(h, a.projectId(), slug, List.of(a.agentId()), clock.instant());
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("agent_id", a.agentId());
      m.put("status", "deregistered");
      return m;
    });
    afterCommit[0].getAsInt();
    presence.clear(List.of(out.get("agent_id").toString()));
    return out;
  }

  /** {@code POST /v1/agents/suggest-alias-prefix} (spec 30 §4.3). */
  public Map<String, Object> suggestAliasPrefix(String slug) {
    return db.read(h -> {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("project_slug", slug);
      Optional<ProjectStore.Project> p = ProjectStore.findLiveBySlug(h, slug);
      if (p.isEmpty()) {
        out.put("project_id", null);
        out.put("name_prefix", "alice");
        return out;
      }
      String prefix = AliasAllocator.suggest(AgentStore.liveAliases(h, p.get().projectId()))
          .orElseThrow(() -> ApiError.conflict("alias_exhausted"));
      out.put("project_id", p.get().projectId());
      out.put("name_prefix", prefix);
      return out;
    });
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
