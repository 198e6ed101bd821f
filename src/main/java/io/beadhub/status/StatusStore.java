package io.beadhub.status;

import io.beadhub.beads.IssueTitles;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * SQL of the status snapshot (spec 30 §6.1). The snapshot is one statement: the project header, the
 * workspace set and the active claims (with claimant counts and titles) come back as the rows of one
 * UNION ALL. It runs on a plain JDBC connection: at thousands of
 * requests a second, Jdbi's per-statement set-up cost more than the query.
 */
public final class StatusStore {
  /** A workspace of the snapshot's set. */
  public record Ws(UUID workspaceId, String alias, String humanName) {
  }

  /** One active claim of the set, as status shows it. */
  public record Claim(UUID workspaceId, String repo, String beadId, String alias, String humanName,
                      OffsetDateTime claimedAt, long claimantCount, String title, long ord) {
  }

  /** What one snapshot reads: header, the set (in set order) and its claims (newest first). */
  public record Snapshot(String slug, int pendingEscalations, List<UUID> workspaces, List<Claim> claims) {
  }

  /** Which workspaces make the set. */
  public enum Scope { PROJECT, REPO, WORKSPACE }

  private StatusStore() {
  }

  private static final String CLAIMANTS = """
      (SELECT count(*) FROM server.bead_claims o
        WHERE o.project_id = c.project_id AND o.repo = c.repo AND o.bead_id = c.bead_id AND o.state = 'active')""";

  /*
   * Three branches of one UNION ALL, told apart by the first column: 0 the header (slug, pending
   * escalations), 1 the workspace set with its order, 2 the project's active claims with their order,
   * claimant counts and titles. Each branch is a plain indexed read of its own; the project id is bound
   * where it is used, so PostgreSQL keeps one generic plan instead of planning every call (a CTE of
   * parameters made it re-plan each time, and planning cost more than running).
   */
  private static String sql(Scope scope, boolean countEscalations) {
    String escalations = !countEscalations ? "0::bigint" : """
        (SELECT count(*) FROM server.escalations x
           JOIN server.workspaces xw ON xw.workspace_id = x.workspace_id AND xw.deleted_at IS NULL
          WHERE x.project_id = ? AND x.status = 'pending' AND (x.expires_at IS NULL OR x.expires_at > ?))""";
    String inSet = switch (scope) {
      case PROJECT -> "";
      case REPO -> " AND w.repo_id = ?";
      case WORKSPACE -> " AND w.workspace_id = ?";
    };
    String claimsOfSet = switch (scope) {
      case PROJECT -> "";
      case REPO -> " AND c.workspace_id IN (SELECT r.workspace_id FROM server.workspaces r"
          + " WHERE r.project_id = ? AND r.repo_id = ? AND r.deleted_at IS NULL)";
      case WORKSPACE -> " AND c.workspace_id = ?";
    };
    return """
        SELECT 0, 0::bigint, NULL::uuid,
               coalesce((SELECT slug FROM server.projects WHERE id = ? AND deleted_at IS NULL),
                        (SELECT slug FROM aweb.projects WHERE project_id = ?), ''),
               NULL::text, NULL::text, NULL::text, NULL::text, NULL::timestamptz,\s""" + escalations + """

        UNION ALL
        (SELECT 1, row_number() OVER (ORDER BY w.updated_at DESC, w.workspace_id DESC), w.workspace_id,
               NULL, NULL, NULL, NULL, NULL, NULL, NULL
          FROM server.workspaces w
         WHERE w.project_id = ? AND w.deleted_at IS NULL""" + inSet + """

         ORDER BY w.updated_at DESC, w.workspace_id DESC LIMIT\s""" + SET_LIMIT + """
        )
        UNION ALL
        SELECT 2, row_number() OVER (ORDER BY c.claimed_at DESC, c.id DESC), c.workspace_id, c.repo, c.bead_id,
               c.alias, c.human_name, ti.title, c.claimed_at,""" + CLAIMANTS + """

          FROM server.bead_claims c
          LEFT JOIN LATERAL (
            SELECT i.title FROM beads.issues i
             WHERE i.project_id = c.project_id AND i.repo = c.repo AND i.bead_id = c.bead_id
             ORDER BY\s""" + IssueTitles.BRANCHLESS_PREFERENCE + """

             LIMIT 1) ti ON true
         WHERE c.project_id = ? AND c.state = 'active'""" + claimsOfSet + "\n";
  }

  /** At most this many workspaces make the set (newest update first). */
  static final int SET_LIMIT = 200;

  /** Statements by scope; [0] without the escalation count, [1] with it. */
  private static final String[][] SQL = new String[Scope.values().length][2];

  static {
    for (Scope s : Scope.values()) {
      SQL[s.ordinal()][0] = sql(s, false);
      SQL[s.ordinal()][1] = sql(s, true);
    }
  }

  /**
   * The snapshot of {@code scope}; {@code id} is the repo or workspace id (null for the project).
   * {@code countEscalations} false: the count is not wanted (public readers) and reads as 0; escalations
   * whose expiry is not after {@code now} are not pending.
   */
  public static Snapshot read(Connection conn, Scope scope, UUID projectId, UUID id, boolean countEscalations,
                              Instant now) throws SQLException {
    String slug = "";
    int escalations = 0;
    UUID[] bySetOrder = new UUID[SET_LIMIT];
    int setSize = 0;
    List<Claim> claims = new ArrayList<>();
    try (PreparedStatement ps = conn.prepareStatement(SQL[scope.ordinal()][countEscalations ? 1 : 0])) {
      int i = 0;
      ps.setObject(++i, projectId);
      ps.setObject(++i, projectId);
      if (countEscalations) {
        ps.setObject(++i, projectId);
        ps.setObject(++i, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
      }
      ps.setObject(++i, projectId);
      if (scope != Scope.PROJECT) {
        ps.setObject(++i, id);
      }
      ps.setObject(++i, projectId);
      if (scope == Scope.REPO) {
        ps.setObject(++i, projectId);
      }
      if (scope != Scope.PROJECT) {
        ps.setObject(++i, id);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          switch (rs.getInt(1)) {
            case 0 -> {
              slug = rs.getString(4);
              escalations = rs.getInt(10);
            }
            // a UNION ALL promises no row order: each workspace goes where its row number says
            case 1 -> {
              bySetOrder[(int) rs.getLong(2) - 1] = rs.getObject(3, UUID.class);
              setSize++;
            }
            default -> claims.add(new Claim(rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getObject(9, OffsetDateTime.class), rs.getLong(10),
                rs.getString(8), rs.getLong(2)));
          }
        }
      }
    }
    List<UUID> set = Arrays.asList(bySetOrder).subList(0, setSize);
    // The project's claims that belong to a workspace outside the set (a deleted one, or past the limit)
    // are not shown.
    Set<UUID> members = new HashSet<>(set);
    claims.removeIf(cl -> !members.contains(cl.workspaceId()));
    claims.sort(Comparator.comparingLong(Claim::ord));
    return new Snapshot(slug, escalations, set, claims);
  }

  /** One live workspace of the project (the stream's workspace filter). */
  public static List<Ws> workspace(Handle h, UUID projectId, UUID workspaceId) {
    return h.createQuery("""
            SELECT workspace_id, alias, human_name FROM server.workspaces
             WHERE workspace_id = :id AND project_id = :project AND deleted_at IS NULL
            """)
        .bind("id", workspaceId).bind("project", projectId)
        .map((rs, c) -> new Ws(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3))).list();
  }
}
