package io.beadhub.mail;

import io.beadhub.events.EventStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** SQL for aweb.messages and the mail side of the rotation acknowledgements. */
public final class MailStore {
  private MailStore() {
  }

  public record NewMessage(UUID messageId, UUID projectId, UUID fromAgentId, UUID toAgentId, String fromAlias,
                    String subject, String body, String priority, UUID threadId, OffsetDateTime createdAt,
                    String fromDid, String toDid, String signature, String signingKeyId, String fromStableId,
                    String toStableId) {
  }

  record Row(UUID messageId, UUID fromAgentId, String fromAlias, String subject, String body, String priority,
             UUID threadId, OffsetDateTime readAt, OffsetDateTime createdAt, String fromDid, String fromStableId,
             String toDid, String toStableId, String signature, String signingKeyId) {
  }

  record Announcement(UUID announcementId, UUID agentId, String oldDid, String newDid, String timestamp,
                      String oldKeySignature) {
  }

  /** Inserts; empty when the message id already exists. */
  static Optional<OffsetDateTime> insert(Handle h, NewMessage m) {
    return h.createQuery("""
            INSERT INTO aweb.messages (message_id, project_id, from_agent_id, to_agent_id, from_alias, subject, body,
                                       priority, thread_id, created_at, from_did, to_did, signature, signing_key_id,
                                       from_stable_id, to_stable_id)
            VALUES (:messageId, :projectId, :fromAgentId, :toAgentId, :fromAlias, :subject, :body, :priority,
                    :threadId, :createdAt, :fromDid, :toDid, :signature, :signingKeyId, :fromStableId, :toStableId)
            ON CONFLICT (message_id) DO NOTHING
            RETURNING created_at
            """)
        .bindMethods(m).mapTo(OffsetDateTime.class).findOne();
  }

  /**
   * An agent's send in one statement: the message, the event, and the acknowledgement of the
   * recipient's rotation announcements by the sender (writing to a rotated agent acknowledges them,
   * 20 §2.1), all or nothing. Empty when the message id already exists.
   */
  static Optional<OffsetDateTime> send(Handle h, NewMessage m, EventStore.Pending event, long[] eventId) {
    // Plain JDBC on the handle's connection: the statement is most of the request, Jdbi's set-up a visible share.
    try (PreparedStatement ps = h.getConnection().prepareStatement(SEND)) {
      int i = 0;
      ps.setObject(++i, m.messageId());
      ps.setObject(++i, m.projectId());
      ps.setObject(++i, m.fromAgentId());
      ps.setObject(++i, m.toAgentId());
      ps.setString(++i, m.fromAlias());
      ps.setString(++i, m.subject());
      ps.setString(++i, m.body());
      ps.setString(++i, m.priority());
      ps.setObject(++i, m.threadId(), Types.OTHER);
      ps.setObject(++i, m.createdAt());
      ps.setString(++i, m.fromDid());
      ps.setString(++i, m.toDid());
      ps.setString(++i, m.signature());
      ps.setString(++i, m.signingKeyId());
      ps.setString(++i, m.fromStableId());
      ps.setString(++i, m.toStableId());
      ps.setObject(++i, m.fromAgentId());
      ps.setObject(++i, m.toAgentId());
      ps.setObject(++i, m.projectId());
      ps.setObject(++i, event.workspaceId());
      ps.setString(++i, event.type());
      ps.setString(++i, event.payloadText());
      ps.setObject(++i, event.createdAt());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        eventId[0] = rs.getLong(2);
        return Optional.of(rs.getObject(1, OffsetDateTime.class));
      }
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException(e, null);
    }
  }

  private static final String SEND = """
      WITH msg AS (
        INSERT INTO aweb.messages (message_id, project_id, from_agent_id, to_agent_id, from_alias, subject, body,
                                   priority, thread_id, created_at, from_did, to_did, signature, signing_key_id,
                                   from_stable_id, to_stable_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS uuid), ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (message_id) DO NOTHING
        RETURNING created_at
      ), ack AS (
        INSERT INTO aweb.rotation_peer_acks (announcement_id, peer_agent_id, acknowledged_at)
        SELECT announcement_id, CAST(? AS uuid), now() FROM aweb.rotation_announcements
         WHERE agent_id = CAST(? AS uuid) AND EXISTS (SELECT 1 FROM msg)
        ON CONFLICT (announcement_id, peer_agent_id) DO UPDATE SET acknowledged_at = now()
      ), ev AS (
        INSERT INTO server.event_queue (project_id, workspace_id, type, payload, created_at)
        SELECT ?, ?, ?, ?, ? FROM msg
        RETURNING row_id AS event_id
      )
      SELECT msg.created_at, ev.event_id FROM msg, ev
      """;

  /**
   * The stored time of {@code m} when a message with its id was already stored by the same send: same
   * project, sender, recipient, content, time and identity fields. Empty when the id belongs to
   * another message (or to none).
   */
  static Optional<OffsetDateTime> sameSend(Handle h, NewMessage m) {
    return h.createQuery("""
            SELECT created_at FROM aweb.messages
             WHERE message_id = :messageId AND project_id = :projectId AND from_agent_id = :fromAgentId
               AND to_agent_id = :toAgentId AND subject = :subject AND body = :body AND priority = :priority
               AND thread_id IS NOT DISTINCT FROM CAST(:threadId AS uuid) AND created_at = :createdAt
               AND from_did IS NOT DISTINCT FROM CAST(:fromDid AS text) AND to_did IS NOT DISTINCT FROM CAST(:toDid AS text)
               AND signature IS NOT DISTINCT FROM CAST(:signature AS text)
               AND signing_key_id IS NOT DISTINCT FROM CAST(:signingKeyId AS text)
            """)
        .bindMethods(m).mapTo(OffsetDateTime.class).findOne();
  }

  /**
   * A plain server-originated mail (notifications, escalation answers): no identity fields, a new
   * id, sent now. Returns the message id.
   */
  public static UUID deliver(Handle h, UUID projectId, UUID fromAgentId, String fromAlias, UUID toAgentId,
                             String subject, String body, String priority, UUID threadId, OffsetDateTime now) {
    UUID id = UUID.randomUUID();
    insert(h, new NewMessage(id, projectId, fromAgentId, toAgentId, fromAlias, subject, body, priority, threadId, now,
        null, null, null, null, null, null));
    return id;
  }

  /** The inbox's owner (a live agent of a live project) and its page of messages, newest first. */
  record InboxPage(String ownerAlias, String ownerNamespace, List<Row> rows, Map<UUID, Announcement> announcements) {
  }

  /**
   * An inbox page in one statement: the owner's liveness and address, its messages, and for each distinct
   * sender (looked up once, not once per message) the latest rotation announcement the owner has not
   * acknowledged. Empty when the owner is not a live agent of a live project.
   */
  static Optional<InboxPage> inbox(Connection conn, UUID projectId, UUID owner, boolean unreadOnly, int limit,
                                   UUID threadId, String fromAlias) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(INBOX[(unreadOnly ? 1 : 0) + (threadId != null ? 2 : 0)
        + (fromAlias != null ? 4 : 0)])) {
      int i = 0;
      ps.setObject(++i, owner);
      ps.setObject(++i, projectId);
      ps.setObject(++i, projectId);
      ps.setObject(++i, owner);
      if (threadId != null) {
        ps.setObject(++i, threadId);
      }
      if (fromAlias != null) {
        ps.setString(++i, fromAlias);
      }
      ps.setInt(++i, limit);
      ps.setObject(++i, owner);
      String ownerAlias = null;
      String ownerNamespace = null;
      boolean found = false;
      List<Row> rows = new ArrayList<>();
      Map<UUID, Announcement> announcements = new HashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found = true;
          ownerAlias = rs.getString(1);
          ownerNamespace = rs.getString(2);
          UUID messageId = rs.getObject(3, UUID.class);
          if (messageId == null) {
            continue;
          }
          Row row = new Row(messageId, rs.getObject(4, UUID.class), rs.getString(5), rs.getString(6),
              rs.getString(7), rs.getString(8), rs.getObject(9, UUID.class), rs.getObject(10, OffsetDateTime.class),
              rs.getObject(11, OffsetDateTime.class), rs.getString(12), rs.getString(13), rs.getString(14),
              rs.getString(15), rs.getString(16), rs.getString(17));
          rows.add(row);
          UUID announcementId = rs.getObject(18, UUID.class);
          if (announcementId != null) {
            announcements.put(row.fromAgentId(), new Announcement(announcementId, row.fromAgentId(), rs.getString(19),
                rs.getString(20), rs.getString(21), rs.getString(22)));
          }
        }
      }
      return found ? Optional.of(new InboxPage(ownerAlias, ownerNamespace, rows, announcements)) : Optional.empty();
    }
  }

  /*
   * Runs on a plain JDBC connection (as the status snapshot does): at thousands of inbox reads a second,
   * Jdbi's per-statement set-up is a visible share of the request. One text per combination of filters,
   * each with only the conditions it uses: with optional conditions ("? IS NULL OR …") PostgreSQL found no
   * generic plan as cheap as a custom one and planned every call, which cost more than running it.
   */
  private static final String[] INBOX = new String[8];

  static {
    for (int f = 0; f < 8; f++) {
      INBOX[f] = inboxSql((f & 1) != 0, (f & 2) != 0, (f & 4) != 0);
    }
  }

  private static String inboxSql(boolean unreadOnly, boolean byThread, boolean byAlias) {
    return """
      WITH me AS (
        SELECT a.alias, n.slug AS ns_slug FROM aweb.agents a
          JOIN aweb.projects p ON p.project_id = a.project_id
          LEFT JOIN aweb.namespaces n ON n.namespace_id = p.namespace_id
         WHERE a.agent_id = ? AND a.project_id = ? AND a.deleted_at IS NULL AND p.deleted_at IS NULL
      ), m AS (
        SELECT message_id, from_agent_id, from_alias, subject, body, priority, thread_id, read_at,
               created_at, from_did, from_stable_id, to_did, to_stable_id, signature, signing_key_id
          FROM aweb.messages
         WHERE project_id = ? AND to_agent_id = ?""" + (unreadOnly ? " AND read_at IS NULL" : "")
        + (byThread ? " AND thread_id = ?" : "") + (byAlias ? " AND from_alias = ?" : "") + """

         ORDER BY created_at DESC, message_id DESC
         LIMIT ?
      ), ra AS (
        SELECT l.* FROM (
          SELECT DISTINCT ON (agent_id) agent_id, announcement_id, old_did, new_did, rotation_timestamp,
                 old_key_signature
            FROM aweb.rotation_announcements
           WHERE agent_id IN (SELECT from_agent_id FROM m)
           ORDER BY agent_id, created_at DESC, announcement_id DESC) l
         WHERE NOT EXISTS (SELECT 1 FROM aweb.rotation_peer_acks a
                            WHERE a.announcement_id = l.announcement_id AND a.peer_agent_id = ?
                              AND a.acknowledged_at IS NOT NULL)
      )
      SELECT me.alias, me.ns_slug, m.message_id, m.from_agent_id, m.from_alias, m.subject, m.body, m.priority,
             m.thread_id, m.read_at, m.created_at, m.from_did, m.from_stable_id, m.to_did, m.to_stable_id,
             m.signature, m.signing_key_id, ra.announcement_id, ra.old_did, ra.new_did, ra.rotation_timestamp,
             ra.old_key_signature
        FROM me
        LEFT JOIN m ON true
        LEFT JOIN ra ON ra.agent_id = m.from_agent_id
       ORDER BY m.created_at DESC, m.message_id DESC
      """;
  }

  /** Records that {@code recipient} was shown these announcements (the first showing wins). */
  static void markNotified(Handle h, UUID recipient, Collection<Announcement> shown, OffsetDateTime now) {
    if (shown.isEmpty()) {
      return;
    }
    h.createUpdate("""
            INSERT INTO aweb.rotation_peer_acks (announcement_id, peer_agent_id, notified_at)
            SELECT unnest(:ids), :me, :now
            ON CONFLICT (announcement_id, peer_agent_id) DO NOTHING
            """)
        .bind("ids", shown.stream().map(Announcement::announcementId).toArray(UUID[]::new)).bind("me", recipient)
        .bind("now", now)
        .execute();
  }

  record AckTarget(UUID toAgentId, String fromAlias, String subject, OffsetDateTime readAt) {
  }

  static Optional<AckTarget> findForAck(Handle h, UUID projectId, UUID messageId) {
    return h.createQuery("""
            SELECT to_agent_id, from_alias, subject, read_at FROM aweb.messages
             WHERE project_id = :project AND message_id = :id FOR UPDATE
            """)
        .bind("project", projectId).bind("id", messageId)
        .map((rs, c) -> new AckTarget(rs.getObject("to_agent_id", UUID.class), rs.getString("from_alias"),
            rs.getString("subject"), rs.getObject("read_at", OffsetDateTime.class)))
        .findOne();
  }

  record ReplyTarget(UUID toAgentId, String fromAlias, String subject, UUID threadId) {
  }

  static Optional<ReplyTarget> findForReply(Handle h, UUID projectId, UUID messageId) {
    return h.createQuery("""
            SELECT to_agent_id, from_alias, subject, thread_id FROM aweb.messages
             WHERE project_id = :project AND message_id = :id
            """)
        .bind("project", projectId).bind("id", messageId)
        .map((rs, c) -> new ReplyTarget(rs.getObject("to_agent_id", UUID.class), rs.getString("from_alias"),
            rs.getString("subject"), rs.getObject("thread_id", UUID.class)))
        .findOne();
  }

  static OffsetDateTime markRead(Handle h, UUID messageId, OffsetDateTime now) {
    return h.createQuery("UPDATE aweb.messages SET read_at = :now WHERE message_id = :id RETURNING read_at")
        .bind("id", messageId).bind("now", now).mapTo(OffsetDateTime.class).one();
  }

  private static final String UNREAD_COUNT = """
      SELECT count(*) FROM aweb.messages WHERE project_id = :project AND to_agent_id = :owner AND read_at IS NULL
      """;

  public static int unreadCount(Handle h, UUID projectId, UUID owner) {
    return h.createQuery(UNREAD_COUNT).bind("project", projectId).bind("owner", owner).mapTo(Integer.class).one();
  }

  /** As above, as a statement of {@code b}. */
  public static io.beadhub.db.Batch.Result<Integer> unreadCount(io.beadhub.db.Batch b, UUID projectId, UUID owner) {
    return b.query(UNREAD_COUNT, q -> q.bind("project", projectId).bind("owner", owner), (rs, c) -> rs.getInt(1));
  }
}
