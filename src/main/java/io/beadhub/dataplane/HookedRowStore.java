package io.beadhub.dataplane;

import io.beadhub.db.Batch;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The reads of the data-plane events ({@link DataPlaneEvents}): the hooked and mail rows of the written
 * (repo, branch), before a write and after it, each a statement of the writer's round trip.
 */
final class HookedRowStore {
  /** A row as the events compare it. */
  record Row(String beadId, String status, boolean live, boolean mail, String title, String assignee,
             List<String> labels, String sender, String createdBy) {
  }

  /** A row that became ready, with whom it is assigned to. */
  record Ready(String repo, String branch, String beadId, String title, String assignee) {
  }

  private HookedRowStore() {
  }

  /** The assigned rows among {@code ids} (rows that just became ready), by primary key. */
  static List<Ready> assigned(Handle h, UUID project, List<Long> ids) {
    return h.createQuery("""
            SELECT repo, branch, bead_id, title, assignee FROM beads.issues
             WHERE id = ANY(:ids) AND project_id = :p AND assignee IS NOT NULL AND assignee <> ''
             ORDER BY id
            """)
        .bind("ids", ids.toArray(new Long[0])).bind("p", project)
        .map((rs, c) -> new Ready(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5)))
        .list();
  }

  private static final String HOOKED_OR_MAIL = """
      SELECT bead_id, status, deleted_at IS NULL AS live, is_mail, title, assignee, labels, sender, created_by
        FROM beads.issues
       WHERE project_id = :p AND repo = :r AND branch = :b
         AND (deleted_at IS NULL AND (status = 'hooked' OR is_mail))""";

  private static final String HOOKED_OR_MAIL_OR = """
      SELECT bead_id, status, deleted_at IS NULL AS live, is_mail, title, assignee, labels, sender, created_by
        FROM beads.issues
       WHERE project_id = :p AND repo = :r AND branch = :b
         AND ((deleted_at IS NULL AND (status = 'hooked' OR is_mail)) OR bead_id = ANY(:keys))""";

  /*
   * The keyed reads find the rows by key first (the OFFSET 0 keeps the subquery apart): given the filter
   * too, the planner read every mail row of the repo through its partial index.
   */
  private static final String HOOKED_OR_MAIL_AMONG = """
      SELECT bead_id, status, deleted_at IS NULL AS live, is_mail, title, assignee, labels, sender, created_by
        FROM (SELECT * FROM beads.issues
               WHERE project_id = :p AND repo = :r AND branch = :b AND bead_id = ANY(:keys) OFFSET 0) x
       WHERE deleted_at IS NULL AND (status = 'hooked' OR is_mail)""";

  private static final String HOOKED_OR_MAIL_OR_WAS_AMONG = """
      SELECT bead_id, status, deleted_at IS NULL AS live, is_mail, title, assignee, labels, sender, created_by
        FROM (SELECT * FROM beads.issues
               WHERE project_id = :p AND repo = :r AND branch = :b AND bead_id = ANY(:keys) OFFSET 0) x
       WHERE deleted_at IS NULL AND (status = 'hooked' OR is_mail) OR bead_id = ANY(:was)""";

  /** Every hooked or mail row of (repo, branch). */
  static Batch.Result<Row> hookedOrMail(Batch b, UUID project, String repo, String branch) {
    return read(b, HOOKED_OR_MAIL, project, repo, branch, List.of(), List.of());
  }

  /** Every hooked or mail row of (repo, branch), and the rows bearing {@code ids} whatever they are. */
  static Batch.Result<Row> hookedOrMailOr(Batch b, UUID project, String repo, String branch,
                                          Collection<String> ids) {
    return read(b, ids.isEmpty() ? HOOKED_OR_MAIL : HOOKED_OR_MAIL_OR, project, repo, branch, ids, List.of());
  }

  /** The hooked or mail rows among those bearing {@code keys}. */
  static Batch.Result<Row> hookedOrMailAmong(Batch b, UUID project, String repo, String branch,
                                             Collection<String> keys) {
    return read(b, HOOKED_OR_MAIL_AMONG, project, repo, branch, keys, List.of());
  }

  /** Among the rows bearing {@code keys}: the hooked or mail ones, and those bearing {@code was}. */
  static Batch.Result<Row> hookedOrMailOrAmong(Batch b, UUID project, String repo, String branch,
                                               Collection<String> keys, Collection<String> was) {
    return read(b, HOOKED_OR_MAIL_OR_WAS_AMONG, project, repo, branch, keys, was);
  }

  private static Batch.Result<Row> read(Batch b, String sql, UUID project, String repo, String branch,
                                        Collection<String> keys, Collection<String> was) {
    return b.query(sql, q -> q.bind("p", project).bind("r", repo).bind("b", branch)
            .bind("keys", keys.toArray(new String[0])).bind("was", was.toArray(new String[0])),
        (rs, c) -> new Row(rs.getString("bead_id"), rs.getString("status"), rs.getBoolean("live"),
            rs.getBoolean("is_mail"), rs.getString("title"), rs.getString("assignee"),
            Arrays.asList((String[]) rs.getArray("labels").getArray()), rs.getString("sender"),
            rs.getString("created_by")));
  }
}
