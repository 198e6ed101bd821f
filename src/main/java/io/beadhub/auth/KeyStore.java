package io.beadhub.auth;

import io.beadhub.db.Database;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** SQL for API keys. */
public final class KeyStore implements KeyLookup {
  /** A live key row: active, and its project not deleted. */
  public record KeyRow(UUID apiKeyId, UUID projectId, UUID agentId, UUID userId, String keyHash,
                       OffsetDateTime lastUsedAt) {
  }

  /** How old a key's last use may be before a use is written again. */
  static final long TOUCH_SECONDS = 60;

  private final Database db;

  public KeyStore(Database db) {
    this.db = db;
  }

  @Override
  public Optional<KeyRow> findLive(String keyHash) {
    return db.read(h -> h.createQuery("""
            SELECT k.api_key_id, k.project_id, k.agent_id, k.user_id, k.key_hash, k.last_used_at
              FROM aweb.api_keys k
              JOIN aweb.projects p ON p.project_id = k.project_id
             WHERE k.key_hash = :hash AND k.is_active AND p.deleted_at IS NULL
             LIMIT 1
            """)
        .bind("hash", keyHash)
        .map((rs, ctx) -> new KeyRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
            rs.getObject(3, UUID.class), rs.getObject(4, UUID.class), rs.getString(5),
            rs.getObject(6, OffsetDateTime.class)))
        .findOne());
  }

  /** Whether the project exists and is not deleted. */
  @Override
  public boolean projectLive(UUID projectId) {
    return db.read(h -> h.createQuery("SELECT 1 FROM aweb.projects WHERE project_id = :id AND deleted_at IS NULL")
        .bind("id", projectId).mapTo(Integer.class).findOne().isPresent());
  }

  /** Coalesced: the write is skipped while the stored value is under {@link #TOUCH_SECONDS} old. */
  @Override
  public void touch(UUID apiKeyId, OffsetDateTime now) {
    db.read(h -> h.createUpdate("""
            UPDATE aweb.api_keys SET last_used_at = :now
             WHERE api_key_id = :id AND (last_used_at IS NULL OR last_used_at < :stale)
            """).bind("id", apiKeyId).bind("now", now).bind("stale", now.minusSeconds(TOUCH_SECONDS)).execute());
  }

  /** Inserts a new key for an agent; returns the key id. */
  public static UUID insert(Handle h, UUID projectId, UUID agentId, String key) {
    UUID id = UUID.randomUUID();
    h.createUpdate("""
            INSERT INTO aweb.api_keys (api_key_id, project_id, key_prefix, key_hash, agent_id)
            VALUES (:id, :project, :prefix, :hash, :agent)
            """)
        .bind("id", id).bind("project", projectId).bind("prefix", ApiKeys.prefix(key))
        .bind("hash", ApiKeys.hash(key)).bind("agent", agentId)
        .execute();
    return id;
  }

  /** Deactivates every key of the given agents (workspace and repo deletion). */
  public static int deactivateForAgents(Handle h, java.util.Collection<UUID> agentIds) {
    if (agentIds.isEmpty()) {
      return 0;
    }
    return h.createUpdate("UPDATE aweb.api_keys SET is_active = false WHERE agent_id = ANY(:ids) AND is_active")
        .bind("ids", agentIds.toArray(new UUID[0]))
        .execute();
  }
}
