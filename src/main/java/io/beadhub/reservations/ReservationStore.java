package io.beadhub.reservations;

import io.beadhub.events.EventStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** SQL for aweb.reservations. A row with {@code expires_at <= now} counts as absent (spec 20 §4.1). */
final class ReservationStore {
  private ReservationStore() {
  }

  record Row(UUID reservationId, UUID projectId, String resourceKey, UUID holderAgentId, String holderAlias,
             OffsetDateTime acquiredAt, OffsetDateTime expiresAt, String metadataJson) {
  }

  private static final String COLUMNS = """
      reservation_id, project_id, resource_key, holder_agent_id, holder_alias, acquired_at, expires_at,
      metadata_json::text AS metadata_json
      """;

  private static Row map(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Row(rs.getObject("reservation_id", UUID.class), rs.getObject("project_id", UUID.class),
        rs.getString("resource_key"), rs.getObject("holder_agent_id", UUID.class), rs.getString("holder_alias"),
        rs.getObject("acquired_at", OffsetDateTime.class), rs.getObject("expires_at", OffsetDateTime.class),
        rs.getString("metadata_json"));
  }

  static void deleteExpired(Handle h, UUID projectId, String key, OffsetDateTime now) {
    h.createUpdate("DELETE FROM aweb.reservations WHERE project_id = :p AND resource_key = :k AND expires_at <= :now")
        .bind("p", projectId).bind("k", key).bind("now", now).execute();
  }

  /**
   * Inserts unless the key is taken (a concurrent insert waits for the other and then does nothing),
   * and when the row was inserted also the event, in the same statement; the event's id goes to
   * {@code eventId[0]}.
   */
  static Optional<Row> insertWithEvent(Handle h, UUID projectId, String key, UUID holder, String alias,
                                       OffsetDateTime now, OffsetDateTime expires, String metadataJson,
                                       EventStore.Pending event, long[] eventId) {
    return h.createQuery("""
            WITH r AS (
              INSERT INTO aweb.reservations (project_id, resource_key, holder_agent_id, holder_alias, acquired_at,
                                             expires_at, metadata_json)
              VALUES (:p, :k, :holder, :alias, :now, :expires, CAST(:meta AS jsonb))
              ON CONFLICT (project_id, resource_key) DO NOTHING
              RETURNING *
            ), ev AS (
              INSERT INTO server.event_queue (project_id, workspace_id, type, payload, created_at)
              SELECT :p, :eventWorkspace, :eventType, :payload, :eventAt FROM r
              RETURNING row_id AS event_id
            )
            SELECT ev.event_id, """ + COLUMNS + " FROM r, ev")
        .bind("p", projectId).bind("k", key).bind("holder", holder).bind("alias", alias).bind("now", now)
        .bind("expires", expires).bind("meta", metadataJson)
        .bind("eventWorkspace", event.workspaceId()).bind("eventType", event.type())
        .bind("payload", event.payloadText()).bind("eventAt", event.createdAt())
        .map((rs, c) -> {
          eventId[0] = rs.getLong("event_id");
          return map(rs);
        }).findOne();
  }

  /**
   * The common acquire in one auto-committed statement: inserts when {@code holder} is a live agent of a
   * live project and the key is free, with its event. Empty when nothing was inserted (agent not live,
   * key taken, or an expired row in the way): the caller then takes the transactional path, which tells
   * these apart.
   */
  static Optional<Row> insertIfLiveWithEvent(Connection conn, UUID projectId, String key, UUID holder,
                                             OffsetDateTime now, OffsetDateTime expires, String metadataJson,
                                             EventStore.Pending event, long[] eventId) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(INSERT_IF_LIVE)) {
      int i = 0;
      ps.setObject(++i, holder);
      ps.setObject(++i, projectId);
      ps.setObject(++i, projectId);
      ps.setString(++i, key);
      ps.setObject(++i, now);
      ps.setObject(++i, expires);
      ps.setString(++i, metadataJson);
      ps.setObject(++i, projectId);
      ps.setObject(++i, event.workspaceId());
      ps.setString(++i, event.type());
      ps.setString(++i, event.payloadText());
      ps.setObject(++i, event.createdAt());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        eventId[0] = rs.getLong("event_id");
        return Optional.of(map(rs));
      }
    }
  }

  /* Plain JDBC, as the status snapshot: the statement is the whole request, Jdbi's set-up a visible share. */
  private static final String INSERT_IF_LIVE = """
      WITH me AS (
        SELECT a.agent_id, a.alias FROM aweb.agents a JOIN aweb.projects p ON p.project_id = a.project_id
         WHERE a.agent_id = ? AND a.project_id = ? AND a.deleted_at IS NULL AND p.deleted_at IS NULL
      ), r AS (
        INSERT INTO aweb.reservations (project_id, resource_key, holder_agent_id, holder_alias, acquired_at,
                                       expires_at, metadata_json)
        SELECT ?, ?, me.agent_id, me.alias, ?, ?, CAST(? AS jsonb) FROM me
        ON CONFLICT (project_id, resource_key) DO NOTHING
        RETURNING *
      ), ev AS (
        INSERT INTO server.event_queue (project_id, workspace_id, type, payload, created_at)
        SELECT ?, ?, ?, ?, ? FROM r
        RETURNING row_id AS event_id
      )
      SELECT ev.event_id, """ + COLUMNS + " FROM r, ev";

  /** The live row of a key, locked for the rest of the transaction. */
  static Optional<Row> findLiveForUpdate(Handle h, UUID projectId, String key, OffsetDateTime now) {
    return h.createQuery("SELECT " + COLUMNS + """
             FROM aweb.reservations WHERE project_id = :p AND resource_key = :k AND expires_at > :now FOR UPDATE
            """)
        .bind("p", projectId).bind("k", key).bind("now", now).map((rs, c) -> map(rs)).findOne();
  }

  static OffsetDateTime renew(Handle h, UUID projectId, String key, OffsetDateTime expires) {
    return h.createQuery("""
            UPDATE aweb.reservations SET expires_at = :expires WHERE project_id = :p AND resource_key = :k
            RETURNING expires_at
            """)
        .bind("p", projectId).bind("k", key).bind("expires", expires).mapTo(OffsetDateTime.class).one();
  }

  static void delete(Handle h, UUID projectId, String key) {
    h.createUpdate("DELETE FROM aweb.reservations WHERE project_id = :p AND resource_key = :k")
        .bind("p", projectId).bind("k", key).execute();
  }

  record Deleted(String resourceKey, boolean live) {
  }

  /** Deletes the holder's rows (with a prefix: only those starting with it), sorted by key. */
  static List<Deleted> deleteOwn(Handle h, UUID projectId, UUID holder, String prefix, OffsetDateTime now) {
    return h.createQuery("""
            WITH d AS (
              DELETE FROM aweb.reservations
               WHERE project_id = :p AND holder_agent_id = :holder
                 AND (CAST(:prefix AS text) IS NULL OR starts_with(resource_key, :prefix))
              RETURNING resource_key, expires_at > :now AS live)
            SELECT resource_key, live FROM d ORDER BY resource_key COLLATE "C"
            """)
        .bind("p", projectId).bind("holder", holder).bind("prefix", prefix).bind("now", now)
        .map((rs, c) -> new Deleted(rs.getString(1), rs.getBoolean(2))).list();
  }

  static boolean othersHoldLive(Handle h, UUID projectId, UUID me, String prefix, OffsetDateTime now) {
    return h.createQuery("""
            SELECT EXISTS (SELECT 1 FROM aweb.reservations
                            WHERE project_id = :p AND holder_agent_id <> :me AND expires_at > :now
                              AND starts_with(resource_key, :prefix))
            """)
        .bind("p", projectId).bind("me", me).bind("prefix", prefix).bind("now", now).mapTo(Boolean.class).one();
  }

  static List<Row> listLive(Handle h, UUID projectId, String prefix, String pathPrefix, String alias,
                            OffsetDateTime now) {
    return h.createQuery("SELECT " + COLUMNS + """
              FROM aweb.reservations
             WHERE project_id = :p AND expires_at > :now
               AND (CAST(:prefix AS text) IS NULL OR starts_with(resource_key, :prefix))
               AND (CAST(:pathPrefix AS text) IS NULL OR starts_with(resource_key, :pathPrefix))
               AND (CAST(:alias AS text) IS NULL OR holder_alias = :alias)
             ORDER BY resource_key COLLATE "C"
            """)
        .bind("p", projectId).bind("now", now).bind("prefix", prefix).bind("pathPrefix", pathPrefix)
        .bind("alias", alias).map((rs, c) -> map(rs)).list();
  }
}
