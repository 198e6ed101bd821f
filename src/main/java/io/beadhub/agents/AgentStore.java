package io.beadhub.agents;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.common.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** SQL for aweb.agents and the append-only aweb.agent_log. */
public final class AgentStore {
  private static final String SELECT = """
      SELECT a.agent_id, a.project_id, a.alias, a.human_name, a.agent_type, a.created_at, a.deleted_at,
             a.access_mode, a.did, a.public_key, a.custody, a.lifetime, a.status, a.successor_agent_id,
             a.stable_id, n.slug AS ns_slug
        FROM aweb.agents a
        JOIN aweb.projects p ON p.project_id = a.project_id
        LEFT JOIN aweb.namespaces n ON n.namespace_id = p.namespace_id
      """;

  private AgentStore() {
  }

  static Agent map(ResultSet rs) throws SQLException {
    return new Agent(rs.getObject("agent_id", UUID.class), rs.getObject("project_id", UUID.class),
        rs.getString("alias"), rs.getString("human_name"), rs.getString("agent_type"),
        rs.getObject("created_at", OffsetDateTime.class), rs.getObject("deleted_at", OffsetDateTime.class),
        rs.getString("access_mode"), rs.getString("did"), rs.getString("public_key"), rs.getString("custody"),
        rs.getString("lifetime"), rs.getString("status"), rs.getObject("successor_agent_id", UUID.class),
        rs.getString("stable_id"), rs.getString("ns_slug"));
  }

  /** A live agent of a live project. */
  public static Optional<Agent> findLive(Handle h, UUID projectId, UUID agentId) {
    return h.createQuery(SELECT + """
             WHERE a.agent_id = :id AND a.project_id = :project AND a.deleted_at IS NULL AND p.deleted_at IS NULL
            """)
        .bind("id", agentId).bind("project", projectId).map((rs, c) -> map(rs)).findOne();
  }

  /** Locks these agent rows (any that exist) for the rest of the transaction, in id order. */
  public static void lockAll(Handle h, List<UUID> agentIds) {
    if (!agentIds.isEmpty()) {
      h.createQuery("SELECT 1 FROM aweb.agents WHERE agent_id = ANY(:ids) ORDER BY agent_id FOR UPDATE")
          .bind("ids", agentIds.toArray(new UUID[0])).mapTo(Integer.class).list();
    }
  }

  /** Locks the agent row for the rest of the transaction. */
  public static Optional<Agent> findLiveForUpdate(Handle h, UUID projectId, UUID agentId) {
    h.createQuery("SELECT 1 FROM aweb.agents WHERE agent_id = :id AND project_id = :project FOR UPDATE")
        .bind("id", agentId).bind("project", projectId).mapTo(Integer.class).findOne();
    return findLive(h, projectId, agentId);
  }

  /** The agent row in the project, live or not (introspection, identity check of 10 §5.7). */
  public static Optional<Agent> findAny(Handle h, UUID projectId, UUID agentId) {
    return h.createQuery(SELECT + " WHERE a.agent_id = :id AND a.project_id = :project")
        .bind("id", agentId).bind("project", projectId).map((rs, c) -> map(rs)).findOne();
  }

  /** A mail's sender and recipient, read together: what {@link #findLive} and the recipient look-up would give. */
  public record SenderAndRecipient(Optional<Agent> sender, Optional<Agent> recipient) {
  }

  /**
   * The live sender (as {@link #findLive}) and the recipient by id (as {@link #findLive}) or else by
   * alias (as {@link #findLiveByAlias}), in one round trip. Both absent ids/aliases give an empty recipient.
   */
  public static SenderAndRecipient findSenderAndRecipient(Handle h, UUID projectId, UUID senderId, UUID toId,
                                                          String toAlias) {
    record Found(Agent agent, boolean projectLive) {
    }
    Agent[] found = new Agent[2];
    h.createQuery(SELECT.replace("n.slug AS ns_slug", "n.slug AS ns_slug, p.deleted_at IS NULL AS project_live") + """
             WHERE a.project_id = :project AND a.deleted_at IS NULL
               AND ((a.agent_id IN (:sender, :toId) AND p.deleted_at IS NULL)
                    OR (CAST(:toId AS uuid) IS NULL AND a.alias = :alias))
            """)
        .bind("project", projectId).bind("sender", senderId).bind("toId", toId).bind("alias", toAlias)
        .map((rs, c) -> new Found(map(rs), rs.getBoolean("project_live")))
        .forEach(f -> {
          if (f.agent().agentId().equals(senderId) && f.projectLive()) {
            found[0] = f.agent();
          }
          if (toId != null ? f.agent().agentId().equals(toId) : f.agent().alias().equals(toAlias)) {
            found[1] = f.agent();
          }
        });
    return new SenderAndRecipient(Optional.ofNullable(found[0]), Optional.ofNullable(found[1]));
  }

  public static Optional<Agent> findLiveByAlias(Handle h, UUID projectId, String alias) {
    return h.createQuery(SELECT + " WHERE a.project_id = :project AND a.alias = :alias AND a.deleted_at IS NULL")
        .bind("project", projectId).bind("alias", alias).map((rs, c) -> map(rs)).findOne();
  }

  /** Live agents of a project, ordered by alias (code-point order). */
  public static List<Agent> listLive(Handle h, UUID projectId, boolean includeSystem) {
    return h.createQuery(SELECT + """
             WHERE a.project_id = :project AND a.deleted_at IS NULL
               AND (:system OR a.agent_type <> 'system')
             ORDER BY a.alias COLLATE "C"
            """)
        .bind("project", projectId).bind("system", includeSystem).map((rs, c) -> map(rs)).list();
  }

  /** Aliases of live non-system agents: the input of the alias allocator. */
  public static List<String> liveAliases(Handle h, UUID projectId) {
    return h.createQuery("""
            SELECT alias FROM aweb.agents
             WHERE project_id = :project AND deleted_at IS NULL AND agent_type <> 'system'
            """)
        .bind("project", projectId).mapTo(String.class).list();
  }

  /** New-agent fields; identity material may be null (unclaimed self-custodial agents). */
  public record NewAgent(UUID projectId, UUID namespaceId, String alias, String humanName, String agentType,
                         String lifetime, String custody, String did, String publicKey, String stableId) {
  }

  /** Inserts unless a live agent already holds the alias (or did); empty when nothing was inserted. */
  public static Optional<UUID> insertIfFree(Handle h, NewAgent a) {
    UUID id = UUID.randomUUID();
    int n = h.createUpdate("""
            INSERT INTO aweb.agents (agent_id, project_id, namespace_id, alias, human_name, agent_type, lifetime,
                                     custody, did, public_key, stable_id)
            VALUES (:id, :project, :ns, :alias, :human, :type, :lifetime, :custody, :did, :pk, :stable)
            ON CONFLICT DO NOTHING
            """)
        .bind("id", id).bind("project", a.projectId()).bind("ns", a.namespaceId()).bind("alias", a.alias())
        .bind("human", a.humanName()).bind("type", a.agentType()).bind("lifetime", a.lifetime())
        .bind("custody", a.custody()).bind("did", a.did()).bind("pk", a.publicKey()).bind("stable", a.stableId())
        .execute();
    return n == 1 ? Optional.of(id) : Optional.empty();
  }

  /** Appends to the agent's log; {@code metadata} (a record or map, or null) is stored as its JSON. */
  public static void log(Handle h, UUID agentId, UUID projectId, String operation, String oldDid, String newDid,
                         String signedBy, String signature, Object metadata) {
    h.createUpdate("""
            INSERT INTO aweb.agent_log (agent_id, project_id, operation, old_did, new_did, signed_by,
                                        entry_signature, metadata)
            VALUES (:agent, :project, :op, :old, :new, :signed, :sig, CAST(:meta AS jsonb))
            """)
        .bind("agent", agentId).bind("project", projectId).bind("op", operation).bind("old", oldDid)
        .bind("new", newDid).bind("signed", signedBy).bind("sig", signature)
        .bind("meta", metadata == null ? null : Json.string(metadata))
        .execute();
  }

  /** One agent_log row as the log route shows it. */
  public record LogEntry(UUID logId, String operation, String oldDid, String newDid, String signedBy,
                         String entrySignature, JsonNode metadata, OffsetDateTime createdAt) {
  }

  public static List<LogEntry> logOf(Handle h, UUID agentId) {
    return h.createQuery("""
            SELECT log_id, operation, old_did, new_did, signed_by, entry_signature, metadata::text AS metadata,
                   created_at
              FROM aweb.agent_log WHERE agent_id = :agent ORDER BY created_at, log_id
            """)
        .bind("agent", agentId)
        .map((rs, c) -> new LogEntry(rs.getObject("log_id", UUID.class), rs.getString("operation"),
            rs.getString("old_did"), rs.getString("new_did"), rs.getString("signed_by"),
            rs.getString("entry_signature"),
            rs.getString("metadata") == null ? null : Json.tree(rs.getString("metadata")),
            rs.getObject("created_at", OffsetDateTime.class)))
        .list();
  }

  public static void setAccessMode(Handle h, UUID agentId, String accessMode) {
    h.createUpdate("UPDATE aweb.agents SET access_mode = :accessMode WHERE agent_id = :agentId")
        .bind("accessMode", accessMode).bind("agentId", agentId).execute();
  }

  /** Identity material an agent claims or rotates to (spec 10 §7.11, §7.13). */
  public record Identity(UUID agentId, String did, String publicKey, String stableId, String custody,
                         String lifetime) {
  }

  /** Stores a first claimed identity. */
  public static void claimIdentity(Handle h, Identity i) {
    h.createUpdate("""
            UPDATE aweb.agents SET did = :did, public_key = :publicKey, stable_id = :stableId, custody = :custody,
                                   lifetime = :lifetime
             WHERE agent_id = :agentId
            """)
        .bindMethods(i).execute();
  }

  /** Forgets the agent's identity material (spec 10 §7.12). */
  public static void clearIdentity(Handle h, UUID agentId) {
    h.createUpdate("""
            UPDATE aweb.agents SET did = NULL, public_key = NULL, stable_id = NULL, custody = NULL,
                                   signing_key_enc = NULL
             WHERE agent_id = :agentId
            """).bind("agentId", agentId).execute();
  }

  /** A key rotation (spec 10 §7.13): the new key is self-custodial; the stable id stays. */
  public static void rotateKey(Handle h, UUID agentId, String newDid, String newPublicKey) {
    h.createUpdate("""
            UPDATE aweb.agents SET did = :did, public_key = :publicKey, custody = 'self', signing_key_enc = NULL
             WHERE agent_id = :agentId
            """).bind("did", newDid).bind("publicKey", newPublicKey).bind("agentId", agentId).execute();
  }

  /** A rotation as its peers are told of it (their inboxes show it until they acknowledge it). */
  public record RotationAnnouncement(UUID agentId, UUID projectId, String oldDid, String newDid, String timestamp,
                                     String oldKeySignature) {
  }

  public static void announceRotation(Handle h, RotationAnnouncement a) {
    h.createUpdate("""
            INSERT INTO aweb.rotation_announcements (agent_id, project_id, old_did, new_did, rotation_timestamp,
                                                     old_key_signature)
            VALUES (:agentId, :projectId, :oldDid, :newDid, :timestamp, :oldKeySignature)
            """)
        .bindMethods(a).execute();
  }

  public static void retire(Handle h, UUID agentId, UUID successorId) {
    h.createUpdate("""
            UPDATE aweb.agents SET status = 'retired', successor_agent_id = :successor WHERE agent_id = :agentId
            """)
        .bind("successor", successorId).bind("agentId", agentId).execute();
  }

  /** The first DID the agent was created or claimed with: its stable id derives from it (spec 10 §6.2). */
  public static Optional<String> firstDid(Handle h, UUID agentId) {
    return h.createQuery("""
            SELECT new_did FROM aweb.agent_log
             WHERE agent_id = :agentId AND operation IN ('create', 'claim_identity') AND new_did IS NOT NULL
             ORDER BY created_at, log_id LIMIT 1
            """)
        .bind("agentId", agentId).mapTo(String.class).findOne();
  }

  /** Stores a derived stable id where the row has none. */
  public static void fillStableId(Handle h, UUID agentId, String stableId) {
    h.createUpdate("UPDATE aweb.agents SET stable_id = :stableId WHERE agent_id = :agentId AND stable_id IS NULL")
        .bind("stableId", stableId).bind("agentId", agentId).execute();
  }

  /** Soft-deletes agents as deregistered (frees their aliases); returns the ids actually changed. */
  public static List<UUID> softDelete(Handle h, List<UUID> agentIds) {
    if (agentIds.isEmpty()) {
      return List.of();
    }
    return h.createQuery("""
            UPDATE aweb.agents SET deleted_at = now(), status = 'deregistered', signing_key_enc = NULL
             WHERE agent_id = ANY(:ids) AND deleted_at IS NULL
            RETURNING agent_id
            """)
        .bind("ids", agentIds.toArray(new UUID[0])).mapTo(UUID.class).list();
  }
}
