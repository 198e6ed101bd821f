package io.beadhub.chat;

import io.beadhub.common.Cursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** SQL for chat sessions, participants, messages and read cursors (spec 20 §1.2–1.5). */
final class ChatStore {
  private ChatStore() {
  }

  record Message(UUID messageId, UUID sessionId, UUID fromAgentId, String fromAlias, String body,
                 OffsetDateTime createdAt, boolean senderLeaving, boolean hangOn, String fromDid, String toDid,
                 String signature, String signingKeyId, String fromStableId, String toStableId, long seq) {
  }

  record NewMessage(UUID messageId, UUID sessionId, UUID fromAgentId, String fromAlias, String body,
                    OffsetDateTime createdAt, boolean leaving, boolean hangOn, String fromDid, String toDid,
                    String signature, String signingKeyId, String fromStableId, String toStableId) {
  }

  record Inserted(long seq, OffsetDateTime createdAt) {
  }

  record Cursor(UUID agentId, String alias, UUID messageId, Long seq, OffsetDateTime at) {
  }

  private static final String MESSAGE_COLUMNS = """
      message_id, session_id, from_agent_id, from_alias, body, created_at, sender_leaving, hang_on, from_did,
      to_did, signature, signing_key_id, from_stable_id, to_stable_id, seq
      """;

  static Message mapMessage(ResultSet rs) throws SQLException {
    return new Message(rs.getObject("message_id", UUID.class), rs.getObject("session_id", UUID.class),
        rs.getObject("from_agent_id", UUID.class), rs.getString("from_alias"), rs.getString("body"),
        rs.getObject("created_at", OffsetDateTime.class), rs.getBoolean("sender_leaving"),
        rs.getBoolean("hang_on"), rs.getString("from_did"), rs.getString("to_did"), rs.getString("signature"),
        rs.getString("signing_key_id"), rs.getString("from_stable_id"), rs.getString("to_stable_id"),
        rs.getLong("seq"));
  }

  /** Finds or creates the session of a participant set; concurrent creators get the same row. */
  static UUID findOrCreateSession(Handle h, UUID projectId, String hash) {
    Optional<UUID> created = h.createQuery("""
            INSERT INTO aweb.chat_sessions (project_id, participant_hash) VALUES (:p, :hash)
            ON CONFLICT (project_id, participant_hash) DO NOTHING RETURNING session_id
            """)
        .bind("p", projectId).bind("hash", hash).mapTo(UUID.class).findOne();
    return created.orElseGet(() -> h.createQuery("""
            SELECT session_id FROM aweb.chat_sessions WHERE project_id = :p AND participant_hash = :hash
            """)
        .bind("p", projectId).bind("hash", hash).mapTo(UUID.class).one());
  }

  static void upsertParticipants(Handle h, UUID sessionId, List<Participant> ps) {
    h.createUpdate("""
            INSERT INTO aweb.chat_session_participants (session_id, agent_id, alias)
            SELECT :s, a, al FROM unnest(:agents, :aliases) AS t(a, al)
            ON CONFLICT (session_id, agent_id) DO UPDATE SET alias = EXCLUDED.alias
            """)
        .bind("s", sessionId).bind("agents", ps.stream().map(Participant::agentId).toArray(UUID[]::new))
        .bind("aliases", ps.stream().map(Participant::alias).toArray(String[]::new)).execute();
  }

  /** True when the session exists in the project. */
  static boolean sessionExists(Handle h, UUID projectId, UUID sessionId) {
    return h.createQuery("SELECT 1 FROM aweb.chat_sessions WHERE session_id = :s AND project_id = :p")
        .bind("s", sessionId).bind("p", projectId).mapTo(Integer.class).findOne().isPresent();
  }

  /** Participants ordered by alias (code-point order). */
  static List<Participant> participants(Handle h, UUID sessionId) {
    return h.createQuery("""
            SELECT agent_id, alias FROM aweb.chat_session_participants WHERE session_id = :s
             ORDER BY alias COLLATE "C", agent_id
            """)
        .bind("s", sessionId).map((rs, c) -> new Participant(rs.getObject(1, UUID.class), rs.getString(2))).list();
  }

  /**
   * Inserts; empty when the message id already exists. The session row is locked first, until the
   * transaction ends, so the sends of one session take their seq and commit one after another: a stream
   * that has read up to seq n never later finds a message of its session below n.
   */
  static Optional<Inserted> insertMessage(Handle h, NewMessage m) {
    return h.createQuery("""
            INSERT INTO aweb.chat_messages (message_id, session_id, from_agent_id, from_alias, body, created_at,
                                            sender_leaving, hang_on, from_did, to_did, signature, signing_key_id,
                                            from_stable_id, to_stable_id)
            SELECT :id, l.session_id, :from, :alias, :body, :created, :leaving, :hangOn, :fromDid, :toDid, :signature,
                   :keyId, :fromStable, :toStable
              FROM (SELECT session_id FROM aweb.chat_sessions WHERE session_id = :s FOR NO KEY UPDATE) l
            ON CONFLICT (message_id) DO NOTHING
            RETURNING seq, created_at
            """)
        .bind("id", m.messageId()).bind("s", m.sessionId()).bind("from", m.fromAgentId())
        .bind("alias", m.fromAlias()).bind("body", m.body()).bind("created", m.createdAt())
        .bind("leaving", m.leaving()).bind("hangOn", m.hangOn()).bind("fromDid", m.fromDid())
        .bind("toDid", m.toDid()).bind("signature", m.signature()).bind("keyId", m.signingKeyId())
        .bind("fromStable", m.fromStableId()).bind("toStable", m.toStableId())
        .map((rs, c) -> new Inserted(rs.getLong(1), rs.getObject(2, OffsetDateTime.class))).findOne();
  }

  /**
   * Whether a message with {@code m}'s id is stored as the same send: same session, sender, body, time,
   * flags and identity fields.
   */
  static boolean sameMessage(Handle h, NewMessage m) {
    return h.createQuery("""
            SELECT EXISTS (
              SELECT 1 FROM aweb.chat_messages
               WHERE message_id = :id AND session_id = :s AND from_agent_id = :from AND body = :body
                 AND created_at = :created AND sender_leaving = :leaving AND hang_on = :hangOn
                 AND from_did IS NOT DISTINCT FROM CAST(:fromDid AS text)
                 AND to_did IS NOT DISTINCT FROM CAST(:toDid AS text)
                 AND signature IS NOT DISTINCT FROM CAST(:signature AS text)
                 AND signing_key_id IS NOT DISTINCT FROM CAST(:keyId AS text))
            """)
        .bind("id", m.messageId()).bind("s", m.sessionId()).bind("from", m.fromAgentId()).bind("body", m.body())
        .bind("created", m.createdAt()).bind("leaving", m.leaving()).bind("hangOn", m.hangOn())
        .bind("fromDid", m.fromDid()).bind("toDid", m.toDid()).bind("signature", m.signature())
        .bind("keyId", m.signingKeyId())
        .mapTo(Boolean.class).one();
  }

  /** The reader's cursor, locked; empty when it has none. */
  static Optional<Long> cursorForUpdate(Handle h, UUID sessionId, UUID agentId) {
    return h.createQuery("""
            SELECT COALESCE(last_read_seq, 0) FROM aweb.chat_read_receipts
             WHERE session_id = :s AND agent_id = :a FOR UPDATE
            """)
        .bind("s", sessionId).bind("a", agentId).mapTo(Long.class).findOne();
  }

  /** Moves the cursor to the message if it is newer; true when it moved. */
  static boolean advanceCursor(Handle h, UUID sessionId, UUID agentId, UUID messageId, long seq,
                               OffsetDateTime now) {
    return h.createUpdate("""
            INSERT INTO aweb.chat_read_receipts (session_id, agent_id, last_read_message_id, last_read_seq, last_read_at)
            VALUES (:s, :a, :m, :seq, :now)
            ON CONFLICT (session_id, agent_id) DO UPDATE
               SET last_read_message_id = EXCLUDED.last_read_message_id, last_read_seq = EXCLUDED.last_read_seq,
                   last_read_at = EXCLUDED.last_read_at
             WHERE aweb.chat_read_receipts.last_read_seq IS NULL
                OR aweb.chat_read_receipts.last_read_seq < EXCLUDED.last_read_seq
            """)
        .bind("s", sessionId).bind("a", agentId).bind("m", messageId).bind("seq", seq).bind("now", now)
        .execute() == 1;
  }

  /** The seq of a message of the session. */
  static Optional<Long> seqOf(Handle h, UUID sessionId, UUID messageId) {
    return h.createQuery("SELECT seq FROM aweb.chat_messages WHERE session_id = :s AND message_id = :m")
        .bind("s", sessionId).bind("m", messageId).mapTo(Long.class).findOne();
  }

  static int countFromOthers(Handle h, UUID sessionId, UUID me, long afterSeq, long upToSeq) {
    return h.createQuery("""
            SELECT count(*) FROM aweb.chat_messages
             WHERE session_id = :s AND from_agent_id <> :me AND seq > :after AND seq <= :upTo
            """)
        .bind("s", sessionId).bind("me", me).bind("after", afterSeq).bind("upTo", upToSeq)
        .mapTo(Integer.class).one();
  }

  /** Agents whose latest message in the session is a leaving message. */
  static List<UUID> leftAgents(Handle h, UUID sessionId) {
    return h.createQuery("""
            SELECT from_agent_id FROM (
              SELECT DISTINCT ON (from_agent_id) from_agent_id, sender_leaving FROM aweb.chat_messages
               WHERE session_id = :s ORDER BY from_agent_id, seq DESC) l
             WHERE sender_leaving
            """)
        .bind("s", sessionId).mapTo(UUID.class).list();
  }

  /** The latest {@code limit} messages (optionally only unread from others), ascending by seq. */
  static List<Message> history(Handle h, UUID sessionId, UUID me, boolean unreadOnly, int limit) {
    return h.createQuery("SELECT * FROM (SELECT " + MESSAGE_COLUMNS + """
              FROM aweb.chat_messages m
             WHERE session_id = :s
               AND (NOT :unread OR (from_agent_id <> :me AND seq > COALESCE(
                    (SELECT last_read_seq FROM aweb.chat_read_receipts r WHERE r.session_id = :s AND r.agent_id = :me),
                    0)))
             ORDER BY seq DESC LIMIT :limit) t ORDER BY seq
            """)
        .bind("s", sessionId).bind("me", me).bind("unread", unreadOnly).bind("limit", limit)
        .map((rs, c) -> mapMessage(rs)).list();
  }

  /** Messages with seq above {@code afterSeq}, ascending, at most {@code limit}. */
  static List<Message> since(Handle h, UUID sessionId, long afterSeq, int limit) {
    return h.createQuery("SELECT " + MESSAGE_COLUMNS + """
              FROM aweb.chat_messages WHERE session_id = :s AND seq > :after ORDER BY seq LIMIT :limit
            """)
        .bind("s", sessionId).bind("after", afterSeq).bind("limit", limit).map((rs, c) -> mapMessage(rs)).list();
  }

  /**
   * A page of a stream's replay: messages with seq in ({@code afterSeq}, {@code maxSeq}], created after
   * {@code after} unless it is null, ascending, at most {@code limit}.
   */
  static List<Message> replayPage(Handle h, UUID sessionId, OffsetDateTime after, long afterSeq, long maxSeq,
                                  int limit) {
    return h.createQuery("SELECT " + MESSAGE_COLUMNS + """
              FROM aweb.chat_messages
             WHERE session_id = :s AND seq > :afterSeq AND seq <= :maxSeq
               AND (CAST(:after AS timestamptz) IS NULL OR created_at > :after)
             ORDER BY seq LIMIT :limit
            """)
        .bind("s", sessionId).bind("after", after).bind("afterSeq", afterSeq).bind("maxSeq", maxSeq)
        .bind("limit", limit).map((rs, c) -> mapMessage(rs)).list();
  }

  static long maxSeq(Handle h, UUID sessionId) {
    return h.createQuery("SELECT COALESCE(max(seq), 0) FROM aweb.chat_messages WHERE session_id = :s")
        .bind("s", sessionId).mapTo(Long.class).one();
  }

  record Own(long seq, OffsetDateTime createdAt) {
  }

  /** The requester's own most recent message in the session. */
  static Optional<Own> latestOwn(Handle h, UUID sessionId, UUID me) {
    return h.createQuery("""
            SELECT seq, created_at FROM aweb.chat_messages WHERE session_id = :s AND from_agent_id = :me
             ORDER BY seq DESC LIMIT 1
            """)
        .bind("s", sessionId).bind("me", me)
        .map((rs, c) -> new Own(rs.getLong(1), rs.getObject(2, OffsetDateTime.class))).findOne();
  }

  /** The cursors of the other participants, with their participant aliases. */
  static List<Cursor> othersCursors(Handle h, UUID sessionId, UUID me) {
    return h.createQuery("""
            SELECT r.agent_id, p.alias, r.last_read_message_id, r.last_read_seq, r.last_read_at
              FROM aweb.chat_read_receipts r
              JOIN aweb.chat_session_participants p ON p.session_id = r.session_id AND p.agent_id = r.agent_id
             WHERE r.session_id = :s AND r.agent_id <> :me
            """)
        .bind("s", sessionId).bind("me", me)
        .map((rs, c) -> new Cursor(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
            (Long) rs.getObject(4), rs.getObject(5, OffsetDateTime.class)))
        .list();
  }

  record PendingRow(UUID sessionId, String lastMessage, String lastFrom, int unread, OffsetDateTime lastActivity) {
  }

  /** Sessions of {@code me} with unread messages from others, newest last message first. */
  static List<PendingRow> pending(Handle h, UUID projectId, UUID me) {
    return h.createQuery("""
            SELECT p.session_id, last.body, last.from_alias, u.unread, last.created_at
              FROM aweb.chat_session_participants p
              JOIN aweb.chat_sessions s ON s.session_id = p.session_id AND s.project_id = :project
              LEFT JOIN aweb.chat_read_receipts r ON r.session_id = p.session_id AND r.agent_id = p.agent_id
              CROSS JOIN LATERAL (
                SELECT count(*) AS unread FROM aweb.chat_messages m
                 WHERE m.session_id = p.session_id AND m.from_agent_id <> :me
                   AND m.seq > COALESCE(r.last_read_seq, 0)) u
              CROSS JOIN LATERAL (
                SELECT body, from_alias, created_at, seq FROM aweb.chat_messages m
                 WHERE m.session_id = p.session_id ORDER BY seq DESC LIMIT 1) last
             WHERE p.agent_id = :me AND u.unread > 0
             ORDER BY last.seq DESC
            """)
        .bind("project", projectId).bind("me", me)
        .map((rs, c) -> new PendingRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getInt(4),
            rs.getObject(5, OffsetDateTime.class)))
        .list();
  }

  record SessionRow(UUID sessionId, OffsetDateTime createdAt) {
  }

  static List<SessionRow> sessionsOf(Handle h, UUID projectId, UUID me) {
    return h.createQuery("""
            SELECT s.session_id, s.created_at
              FROM aweb.chat_session_participants p
              JOIN aweb.chat_sessions s ON s.session_id = p.session_id AND s.project_id = :project
             WHERE p.agent_id = :me
             ORDER BY s.created_at DESC, s.session_id
            """)
        .bind("project", projectId).bind("me", me)
        .map((rs, c) -> new SessionRow(rs.getObject(1, UUID.class), rs.getObject(2, OffsetDateTime.class))).list();
  }

  /** Participants of several sessions at once, each list in alias order. */
  static java.util.Map<UUID, List<Participant>> participantsOf(Handle h, List<UUID> sessionIds) {
    java.util.Map<UUID, List<Participant>> out = new java.util.HashMap<>();
    if (sessionIds.isEmpty()) {
      return out;
    }
    h.createQuery("""
            SELECT session_id, agent_id, alias FROM aweb.chat_session_participants WHERE session_id = ANY(:ids)
             ORDER BY session_id, alias COLLATE "C", agent_id
            """)
        .bind("ids", sessionIds.toArray(new UUID[0]))
        .map((rs, c) -> java.util.Map.entry(rs.getObject(1, UUID.class),
            new Participant(rs.getObject(2, UUID.class), rs.getString(3))))
        .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>()).add(e.getValue()));
    return out;
  }

  /** Whether the project is still live (streams end when it is deleted). */
  static boolean projectLive(Handle h, UUID projectId) {
    return h.createQuery("SELECT 1 FROM aweb.projects WHERE project_id = :p AND deleted_at IS NULL")
        .bind("p", projectId).mapTo(Integer.class).findOne().isPresent();
  }
}
