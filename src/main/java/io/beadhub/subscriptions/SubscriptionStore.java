package io.beadhub.subscriptions;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** SQL for server.subscriptions (spec 40 §9.7). */
public final class SubscriptionStore {
  public record Row(UUID id, UUID workspaceId, String alias, String beadId, String repo,
                             List<String> eventTypes, OffsetDateTime createdAt) {
  }

  private static final String COLUMNS = "id, workspace_id, alias, bead_id, repo, event_types, created_at";

  private SubscriptionStore() {
  }

  private static Row map(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Row(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class),
        rs.getString("alias"), rs.getString("bead_id"), rs.getString("repo"),
        Arrays.asList((String[]) rs.getArray("event_types").getArray()),
        rs.getObject("created_at", OffsetDateTime.class));
  }

  /** Idempotent on (project, workspace, bead, repo-or-empty): event types replaced, alias refreshed. */
  public static Row upsert(Handle h, UUID project, UUID workspace, String alias, String beadId, String repo,
                                    List<String> types) {
    return h.createQuery("""
        INSERT INTO server.subscriptions (project_id, workspace_id, alias, bead_id, repo, event_types)
        VALUES (:p, :ws, :alias, :bead, :repo, CAST(:types AS text[]))
        ON CONFLICT (project_id, workspace_id, bead_id, (COALESCE(repo, ''))) DO UPDATE SET
          event_types = EXCLUDED.event_types, alias = EXCLUDED.alias
        RETURNING """ + " " + COLUMNS)
        .bind("p", project).bind("ws", workspace).bind("alias", alias).bind("bead", beadId).bind("repo", repo)
        .bind("types", types.toArray(new String[0])).map((rs, c) -> map(rs)).one();
  }

  public static List<Row> list(Handle h, UUID project, UUID workspace) {
    return h.createQuery("SELECT " + COLUMNS + """
         FROM server.subscriptions WHERE project_id = :p AND workspace_id = :ws ORDER BY created_at DESC, id DESC
        """).bind("p", project).bind("ws", workspace).map((rs, c) -> map(rs)).list();
  }

  public static boolean delete(Handle h, UUID project, UUID workspace, UUID id) {
    return h.createUpdate("DELETE FROM server.subscriptions WHERE id = :id AND project_id = :p AND workspace_id = :ws")
        .bind("id", id).bind("p", project).bind("ws", workspace).execute() == 1;
  }
}
