package io.beadhub.dataplane;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/** The SQL of the mail views over mail beads (spec 60 §5.2–5.4): inbox, sent, thread. */
final class MailboxStore {
  /** Whose mail: the agent's identity set, whether cc'd mail counts, one repo or all (null). */
  record Mailbox(List<String> identities, boolean includeCc, String repo) {
  }

  private MailboxStore() {
  }

  /** The live mail addressed to the mailbox: open or hooked to one of its identities, or open and cc'd to it. */
  private static final String ADDRESSED = " WHERE" + DataPlaneStore.LIVE + """
       AND i.is_mail AND (CAST(:repo AS text) IS NULL OR i.repo = :repo)
       AND ((i.assignee = ANY(:ids) AND i.status IN ('open', 'hooked'))
            OR (:cc AND i.status = 'open' AND i.labels && CAST(:ccl AS text[])))
      """;
  private static final String UNREAD = " AND NOT ('read' = ANY(i.labels))";
  /** After a key of the inbox order: priority, newest first (no creation time last), repo, bead id. */
  private static final String AFTER_INBOX_KEY = """
       AND (i.priority > :kp OR (i.priority = :kp AND (COALESCE(i.created_at, '-infinity') < CAST(:kc AS timestamptz)
            OR (COALESCE(i.created_at, '-infinity') = CAST(:kc AS timestamptz) AND (i.repo, i.bead_id) > (:kr, :kb)))))
      """;
  private static final String INBOX_ORDER = """
       ORDER BY i.priority, COALESCE(i.created_at, '-infinity') DESC, i.repo, i.bead_id LIMIT :limit
      """;
  /** After a key of the sent order: newest first (no creation time last), repo, bead id. */
  private static final String AFTER_SENT_KEY = """
       AND (COALESCE(i.created_at, '-infinity') < CAST(:kc AS timestamptz)
            OR (COALESCE(i.created_at, '-infinity') = CAST(:kc AS timestamptz) AND (i.repo, i.bead_id) > (:kr, :kb)))
      """;

  /** A page of the inbox ({@code limit} rows), after {@code after} (null: the first page). */
  static List<Bead> inbox(Handle h, UUID project, Mailbox m, boolean unreadOnly, DataPlaneCursor.Key after,
                          int limit, Instant now) {
    Query q = DataPlaneStore.q(h, DataPlaneStore.COLUMNS + ADDRESSED + (unreadOnly ? UNREAD : "")
        + (after == null ? "" : AFTER_INBOX_KEY) + INBOX_ORDER, project, now);
    bind(q, m).bind("limit", limit);
    if (after != null) {
      q.bind("kp", after.priority()).bind("kc", after.createdAtOr("-infinity")).bind("kr", after.repo())
          .bind("kb", after.beadId());
    }
    return DataPlaneStore.list(q);
  }

  /** The unread mail addressed to the mailbox. */
  static int unread(Handle h, UUID project, Mailbox m, Instant now) {
    return bind(DataPlaneStore.q(h, "SELECT count(*) FROM beads.issues i" + ADDRESSED + UNREAD, project, now), m)
        .mapTo(Integer.class).one();
  }

  private static Query bind(Query q, Mailbox m) {
    return q.bind("ids", DataPlaneStore.arr(m.identities())).bind("cc", m.includeCc()).bind("repo", m.repo())
        .bind("ccl", m.identities().stream().map(x -> "cc:" + x).toArray(String[]::new));
  }

  /** A page of the mail sent by one of {@code identities}, in {@code repo} (null: any). */
  static List<Bead> sent(Handle h, UUID project, List<String> identities, String repo, DataPlaneCursor.Key after,
                         int limit, Instant now) {
    Query q = DataPlaneStore.q(h, DataPlaneStore.COLUMNS + " WHERE" + DataPlaneStore.LIVE + """
         AND i.is_mail AND (CAST(:repo AS text) IS NULL OR i.repo = :repo)
         AND (i.labels && CAST(:from AS text[]) OR i.sender = ANY(:ids))
        """ + (after == null ? "" : AFTER_SENT_KEY)
        + " ORDER BY COALESCE(i.created_at, '-infinity') DESC, i.repo, i.bead_id LIMIT :limit", project, now)
        .bind("ids", DataPlaneStore.arr(identities)).bind("repo", repo).bind("limit", limit)
        .bind("from", identities.stream().map(x -> "from:" + x).toArray(String[]::new));
    if (after != null) {
      q.bind("kc", after.createdAtOr("-infinity")).bind("kr", after.repo()).bind("kb", after.beadId());
    }
    return DataPlaneStore.list(q);
  }

  /**
   * The live mail of a thread, oldest first: the message {@code threadId} names and the replies to it
   * (at most 50 deep), the messages labelled {@code thread:<id>} and the replies naming it as their thread.
   */
  static List<Bead> thread(Handle h, UUID project, String threadId, String repo, Instant now) {
    return DataPlaneStore.list(DataPlaneStore.q(h, """
        WITH RECURSIVE up(id, hops) AS (
          SELECT i.id, 0 FROM beads.issues i WHERE""" + DataPlaneStore.LIVE + """
             AND i.is_mail AND i.bead_id = :t
          UNION
          SELECT d.issue_id, up.hops + 1 FROM up
            JOIN beads.issues r ON r.id = up.id
            JOIN beads.issue_deps d ON d.project_id = :p AND d.ref_bead = r.bead_id AND d.type = 'replies-to'
           WHERE up.hops < 50
        ), ids AS (
          SELECT id FROM up
          UNION SELECT i.id FROM beads.issues i WHERE i.project_id = :p AND i.labels @> ARRAY[CAST(:tl AS text)]
          UNION SELECT d.issue_id FROM beads.issue_deps d WHERE d.project_id = :p AND d.type = 'replies-to'
                                                            AND d.thread_id = :t
        )
        """ + DataPlaneStore.COLUMNS + " WHERE" + DataPlaneStore.LIVE + """
           AND i.is_mail AND i.id IN (SELECT id FROM ids) AND (CAST(:repo AS text) IS NULL OR i.repo = :repo)
         ORDER BY i.created_at NULLS FIRST, i.repo, i.bead_id
        """, project, now).bind("t", threadId).bind("tl", "thread:" + threadId).bind("repo", repo));
  }
}
