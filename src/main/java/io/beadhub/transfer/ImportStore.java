package io.beadhub.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * The SQL of an import: rows go in as JSON arrays through {@code jsonb_populate_recordset}, so each table
 * takes the columns the export wrote; a column the export lacks (an older server's) gets its default.
 * Table names come only from {@link ExportStore#TABLES} and column names only from the catalog.
 */
public final class ImportStore {
  private ImportStore() {
  }

  /** The columns of {@code table} an insert may name: not the ones the database always generates. */
  static List<String> insertableColumns(Handle h, String table) {
    String[] parts = table.split("\\.", 2);
    return h.createQuery("""
            SELECT column_name FROM information_schema.columns
             WHERE table_schema = :schema AND table_name = :table AND is_generated = 'NEVER'
               AND NOT (is_identity = 'YES' AND identity_generation = 'ALWAYS')
             ORDER BY ordinal_position
            """)
        .bind("schema", parts[0]).bind("table", parts[1]).mapTo(String.class).list();
  }

  /**
   * Inserts the rows of {@code rowsJson} (a JSON array of objects) into {@code table}, naming
   * {@code columns}, in array order. With {@code generated} non-null, returns that generated column's
   * values (ascending, which is array order: a sequence hands out increasing values); else an empty list.
   */
  static List<Long> insert(Handle h, String table, List<String> columns, String rowsJson, String generated) {
    String cols = columns.stream().map(ImportStore::quoted).collect(Collectors.joining(", "));
    String picked = columns.stream().map(c -> "r." + quoted(c)).collect(Collectors.joining(", "));
    String sql = "INSERT INTO " + table + " (" + cols + ")\n"
        + "SELECT " + picked + " FROM jsonb_populate_recordset(NULL::" + table + ", CAST(:rows AS jsonb))"
        + " WITH ORDINALITY AS r\n ORDER BY r.ordinality";
    if (generated == null) {
      h.createUpdate(sql).bind("rows", rowsJson).execute();
      return List.of();
    }
    List<Long> keys = new ArrayList<>(h.createQuery(sql + "\nRETURNING " + quoted(generated))
        .bind("rows", rowsJson).mapTo(Long.class).list());
    keys.sort(null);
    return keys;
  }

  private static String quoted(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /** Why the project cannot be imported here (it, or a live project with its slug, exists), if so. */
  static Optional<String> projectSlotTaken(Handle h, UUID projectId, String slug) {
    return h.createQuery("""
            SELECT CASE WHEN project_id = :id THEN 'a project with id ' || project_id || ' exists'
                        ELSE 'a live project with slug ''' || slug || ''' exists (id ' || project_id || ')' END
              FROM aweb.projects
             WHERE project_id = :id OR (slug = :slug AND tenant_id IS NULL AND deleted_at IS NULL)
            UNION ALL
            SELECT 'a server project with id ' || id || ' exists' FROM server.projects WHERE id = :id
             LIMIT 1
            """)
        .bind("id", projectId).bind("slug", slug).mapTo(String.class).findOne();
  }

  /** Whether a namespace with this id exists here, or ({@code live}) a live one with this slug. */
  static boolean namespaceTaken(Handle h, UUID namespaceId, String slug, boolean live) {
    return h.createQuery("""
            SELECT EXISTS (SELECT 1 FROM aweb.namespaces
                            WHERE namespace_id = :id OR (:live AND slug = :slug AND deleted_at IS NULL))
            """)
        .bind("id", namespaceId).bind("slug", slug).bind("live", live).mapTo(Boolean.class).one();
  }

  /** Serializes with the event sequencer of every running server (docs/events.md): the last id handed out. */
  static long lockEventCounter(Handle h) {
    return h.createQuery("SELECT last_event_id FROM server.event_counter FOR UPDATE").mapTo(Long.class).one();
  }

  /** After the import numbered its events up to {@code last}: the counter and the project's head. */
  static void advanceEvents(Handle h, UUID projectId, long last) {
    h.createUpdate("UPDATE server.event_counter SET last_event_id = :last").bind("last", last).execute();
    h.createUpdate("""
            INSERT INTO server.event_heads (project_id, last_event_id) VALUES (:p, :last)
            ON CONFLICT (project_id) DO UPDATE SET last_event_id = EXCLUDED.last_event_id
            """)
        .bind("p", projectId).bind("last", last).execute();
  }

  /** The references that may point forward in the stream, set once every row is in. */
  static void setActivePolicy(Handle h, UUID projectId, UUID policyId) {
    h.createUpdate("UPDATE server.projects SET active_policy_id = :policy WHERE id = :p")
        .bind("policy", policyId).bind("p", projectId).execute();
  }

  static void setSuccessors(Handle h, Map<UUID, UUID> successorOf) {
    if (successorOf.isEmpty()) {
      return;
    }
    h.createUpdate("""
            UPDATE aweb.agents a SET successor_agent_id = s.successor
              FROM unnest(CAST(:agents AS uuid[]), CAST(:successors AS uuid[])) AS s(agent, successor)
             WHERE a.agent_id = s.agent
            """)
        .bind("agents", successorOf.keySet().toArray(new UUID[0]))
        .bind("successors", successorOf.values().toArray(new UUID[0])).execute();
  }
}
