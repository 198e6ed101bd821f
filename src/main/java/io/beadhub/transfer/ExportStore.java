package io.beadhub.transfer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;

/**
 * The SQL that reads one project for an export: each table's rows as whole-row JSON ({@code to_jsonb}),
 * so a column added by a later migration is exported without a change here. Rows come in a fixed order
 * (primary key, or the server-wide counter they were numbered by), so two exports of the same data are
 * the same bytes. Server-wide numbers (issue ids, chat seqs, event ids) are written as their rank within
 * the project: an import numbers them anew on its own server (docs/export.md).
 */
public final class ExportStore {
  private static final String ISSUE_RANKS = """
      WITH r AS (SELECT id, row_number() OVER (ORDER BY id) AS rank FROM beads.issues WHERE project_id = :p)
      """;
  private static final String CHAT_RANKS = """
      WITH m AS (SELECT cm.message_id, cm.seq, row_number() OVER (ORDER BY cm.seq) AS rank
                   FROM aweb.chat_messages cm JOIN aweb.chat_sessions s ON s.session_id = cm.session_id
                  WHERE s.project_id = :p)
      """;
  private static final String PROJECT_SESSIONS = "(SELECT session_id FROM aweb.chat_sessions WHERE project_id = :p)";

  /**
   * Every exported table, in an order an import can insert them (a row's references come before it), with
   * the query that yields its rows as JSON text.
   */
  static final Map<String, String> TABLES = tables();

  /** Tables of the schemas that are deliberately not exported, and why (docs/export.md). */
  static final Map<String, String> NOT_EXPORTED = Map.ofEntries(
      Map.entry("aweb.api_keys", "key hashes leave the server only with --with-keys"),
      Map.entry("server.mcp_sessions",
          "an MCP client's transport session, bound to a live connection; clients initialize anew"),
      Map.entry("server.event_queue", "its rows (committed, not yet numbered) are written as the last server.events"),
      Map.entry("server.event_counter", "server-wide, not per project; an import advances the target's own"),
      Map.entry("server.event_heads", "derived: an import sets the project's head from the events it numbers"),
      Map.entry("beads.live_counts", "derived: triggers on beads.issues keep it as rows are inserted"),
      Map.entry("beads.repo_prefixes", "derived: triggers on beads.issues keep it as rows are inserted"),
      Map.entry("server.agent_wakes",
          "a wake channel's secret is a credential: agents register their channel on the new server"),
      Map.entry("server.wake_outbox", "wakes in flight to this server's channels"),
      Map.entry("server.wake_cursor", "server-wide: how far this server's wake worker has read its own events"),
      Map.entry("server.agent_streams", "event streams open on this server's replicas, bound to live connections"));

  private ExportStore() {
  }

  private static Map<String, String> tables() {
    Map<String, String> t = new LinkedHashMap<>();
    t.put("aweb.namespaces", """
        SELECT to_jsonb(n)::text FROM aweb.namespaces n
         WHERE n.namespace_id IN (SELECT namespace_id FROM aweb.projects WHERE project_id = :p
                                  UNION SELECT namespace_id FROM aweb.agents WHERE project_id = :p)
         ORDER BY n.namespace_id""");
    t.put("aweb.projects", "SELECT to_jsonb(x)::text FROM aweb.projects x WHERE x.project_id = :p");
    t.put("server.projects", "SELECT to_jsonb(x)::text FROM server.projects x WHERE x.id = :p");
    t.put("server.repos", byProject("server.repos", "id"));
    t.put("aweb.agents", """
        SELECT (CASE WHEN :keys THEN to_jsonb(x) ELSE to_jsonb(x) - 'signing_key_enc' END)::text
          FROM aweb.agents x WHERE x.project_id = :p ORDER BY x.agent_id""");
    t.put("aweb.api_keys", byProject("aweb.api_keys", "api_key_id"));
    t.put("aweb.agent_log", byProject("aweb.agent_log", "log_id"));
    t.put("aweb.rotation_announcements", byProject("aweb.rotation_announcements", "announcement_id"));
    t.put("aweb.rotation_peer_acks", """
        SELECT to_jsonb(x)::text FROM aweb.rotation_peer_acks x
         WHERE x.announcement_id IN (SELECT announcement_id FROM aweb.rotation_announcements WHERE project_id = :p)
         ORDER BY x.announcement_id, x.peer_agent_id""");
    t.put("server.workspaces", byProject("server.workspaces", "workspace_id"));
    t.put("aweb.messages", byProject("aweb.messages", "message_id"));
    t.put("aweb.chat_sessions", byProject("aweb.chat_sessions", "session_id"));
    t.put("aweb.chat_session_participants", "SELECT to_jsonb(x)::text FROM aweb.chat_session_participants x"
        + " WHERE x.session_id IN " + PROJECT_SESSIONS + " ORDER BY x.session_id, x.agent_id");
    t.put("aweb.chat_messages", CHAT_RANKS + """
        SELECT (to_jsonb(x) || jsonb_build_object('seq', m.rank))::text
          FROM aweb.chat_messages x JOIN m ON m.message_id = x.message_id
         ORDER BY x.seq""");
    t.put("aweb.chat_read_receipts", CHAT_RANKS + """
        SELECT (to_jsonb(x) || jsonb_build_object('last_read_seq',
                 CASE WHEN x.last_read_seq IS NULL THEN NULL
                      ELSE (SELECT count(*) FROM m WHERE m.seq <= x.last_read_seq) END))::text
          FROM aweb.chat_read_receipts x
         WHERE x.session_id IN """ + " " + PROJECT_SESSIONS + " ORDER BY x.session_id, x.agent_id");
    t.put("aweb.chat_stream_seen", "SELECT to_jsonb(x)::text FROM aweb.chat_stream_seen x WHERE x.session_id IN "
        + PROJECT_SESSIONS + " ORDER BY x.session_id, x.agent_id");
    t.put("aweb.reservations", byProject("aweb.reservations", "resource_key"));
    t.put("aweb.delivery_watermarks", byProject("aweb.delivery_watermarks", "agent_id"));
    t.put("server.project_policies", byProject("server.project_policies", "policy_id"));
    t.put("server.bead_claims", byProject("server.bead_claims", "id"));
    t.put("server.escalations", byProject("server.escalations", "id"));
    t.put("aweb.unseen_escalations", byProject("aweb.unseen_escalations", "message_id"));
    t.put("server.audit_log", byProject("server.audit_log", "id"));
    t.put("server.subscriptions", byProject("server.subscriptions", "id"));
    t.put("server.notification_outbox", byProject("server.notification_outbox", "id"));
    t.put("beads.sync_state", byProject("beads.sync_state", "repo, x.branch"));
    t.put("beads.issues", ISSUE_RANKS + """
        SELECT (to_jsonb(x) || jsonb_build_object('id', r.rank))::text
          FROM beads.issues x JOIN r ON r.id = x.id
         ORDER BY x.id""");
    t.put("beads.issue_labels", ISSUE_RANKS + """
        SELECT (to_jsonb(x) || jsonb_build_object('issue_id', r.rank))::text
          FROM beads.issue_labels x JOIN r ON r.id = x.issue_id
         ORDER BY x.issue_id, x.label, x.lkey, x.lval""");
    t.put("beads.issue_deps", ISSUE_RANKS + """
        SELECT (to_jsonb(x) || jsonb_build_object('issue_id', r.rank))::text
          FROM beads.issue_deps x JOIN r ON r.id = x.issue_id
         ORDER BY x.issue_id, x.ordinal, x.origin, x.type, x.target_raw""");
    t.put("beads.issue_state", ISSUE_RANKS + """
        SELECT (to_jsonb(x) || jsonb_build_object('issue_id', r.rank))::text
          FROM beads.issue_state x JOIN r ON r.id = x.issue_id
         ORDER BY x.issue_id""");
    t.put("beads.issue_parents", ISSUE_RANKS + """
        SELECT (to_jsonb(x) || jsonb_build_object('child_id', rc.rank, 'parent_id', rp.rank))::text
          FROM beads.issue_parents x JOIN r rc ON rc.id = x.child_id JOIN r rp ON rp.id = x.parent_id
         ORDER BY x.child_id, x.parent_id""");
    // Events committed but not yet numbered follow the numbered ones, as the sequencer would number them.
    t.put("server.events", """
        WITH ev AS (
          SELECT 0 AS queued, x.event_id AS pos, to_jsonb(x) AS j FROM server.events x WHERE x.project_id = :p
          UNION ALL
          SELECT 1, q.row_id, jsonb_build_object('project_id', q.project_id, 'workspace_id', q.workspace_id,
                   'type', q.type, 'payload', q.payload::jsonb, 'created_at', q.created_at)
            FROM server.event_queue q WHERE q.project_id = :p)
        SELECT (j || jsonb_build_object('event_id', row_number() OVER (ORDER BY queued, pos)))::text
          FROM ev ORDER BY queued, pos""");
    return t;
  }

  private static String byProject(String table, String orderBy) {
    return "SELECT to_jsonb(x)::text FROM " + table + " x WHERE x.project_id = :p ORDER BY x." + orderBy;
  }

  /** Starts the export's transaction: one snapshot of every table, read only, times written in UTC. */
  static void beginSnapshot(Handle h) {
    h.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    h.execute("SET LOCAL TimeZone = 'UTC'");
  }

  /** The live project with {@code slug} (single-tenant): its id. */
  static Optional<UUID> projectId(Handle h, String slug) {
    return h.createQuery("""
            SELECT project_id FROM aweb.projects WHERE slug = :slug AND tenant_id IS NULL AND deleted_at IS NULL
            """)
        .bind("slug", slug).mapTo(UUID.class).findOne();
  }

  /** How many rows the export will write, roughly (for the progress line): the big tables only. */
  static long estimatedRows(Handle h, UUID projectId) {
    return h.createQuery("""
            SELECT (SELECT count(*) FROM beads.issues WHERE project_id = :p)
                 + (SELECT count(*) FROM beads.issue_labels WHERE project_id = :p)
                 + (SELECT count(*) FROM beads.issue_deps WHERE project_id = :p)
                 + (SELECT count(*) FROM beads.issue_state WHERE project_id = :p)
                 + (SELECT count(*) FROM server.events WHERE project_id = :p)
                 + (SELECT count(*) FROM aweb.messages WHERE project_id = :p)
                 + (SELECT count(*) FROM aweb.chat_messages m JOIN aweb.chat_sessions s ON s.session_id = m.session_id
                     WHERE s.project_id = :p)
            """)
        .bind("p", projectId).mapTo(Long.class).one();
  }

  /** The highest applied migration of each schema. */
  static Map<String, String> schemaVersions(Handle h) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String schema : List.of("aweb", "server", "beads")) {
      out.put(schema, h.createQuery("SELECT max(version::numeric)::text FROM " + schema
              + ".flyway_schema_history WHERE success AND version IS NOT NULL")
          .mapTo(String.class).findOne().orElse("0"));
    }
    return out;
  }

  /**
   * Streams the rows of {@code table} (one of {@link #TABLES}) as JSON text. Without {@code withKeys} the
   * agents' encrypted signing keys stay behind, like the key hashes.
   */
  static void rows(Handle h, String table, UUID projectId, boolean withKeys, Consumer<String> sink) {
    var q = h.createQuery(TABLES.get(table)).bind("p", projectId);
    if (table.equals("aweb.agents")) {
      q.bind("keys", withKeys);
    }
    q.setFetchSize(1_000).mapTo(String.class).useStream(s -> s.forEach(sink));
  }
}
