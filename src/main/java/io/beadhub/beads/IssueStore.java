package io.beadhub.beads;

import io.beadhub.common.Json;
import io.beadhub.common.Times;
import io.beadhub.db.Batch;
import io.beadhub.db.TextArray;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * SQL for beads.issues and its label/edge tables. Every write is one statement over array
 * parameters (spec 40 §1.10): the statement count of a sync does not grow with its size.
 */
public final class IssueStore {
  /** What classification needs of a stored row. */
  public record Stored(long id, String beadId, Instant updatedAt, String contentHash, Instant deletedAt,
                       String status, int priority, String assignee, UUID lastWriter, String title,
                       String source, String stateKey) {
    public boolean live() {
      return deletedAt == null;
    }
  }

  /**
   * work_mem of an ingest transaction. The upsert reads its array parameters through a function scan and
   * its statement trigger through a transition table, each a tuplestore of the written rows (about 16 MB
   * for 10,000 tracker records): at the default 4 MB both went to temporary files, written and read back.
   */
  static final String INGEST_WORK_MEM = "32MB";

  private IssueStore() {
  }

  static OffsetDateTime odt(Instant t) {
    return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  static Instant inst(java.sql.ResultSet rs, String col) throws SQLException {
    OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /**
   * The repo lock: serialises writers of one (project, repo, branch), waiting at most 5 s. One statement
   * for SET LOCAL lock_timeout = '5s', the lock, SET LOCAL lock_timeout = 0: subqueries with volatile
   * functions are neither pulled up nor pruned, so they run innermost first. A timeout is SQLSTATE 55P03
   * ({@link #lockTimedOut}). It also sets the transaction's work_mem to {@link #INGEST_WORK_MEM}.
   */
  private static final String LOCK = """
      SELECT set_config('lock_timeout', '0', true), set_config('work_mem', '%s', true)
        FROM (SELECT pg_advisory_xact_lock(hashtextextended(:lock_key, 0))
                FROM (SELECT set_config('lock_timeout', '5s', true)) t) l""".formatted(INGEST_WORK_MEM);

  /** True when {@code e} is the lock's timeout. */
  public static boolean lockTimedOut(org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
    return e.getCause() instanceof SQLException s && "55P03".equals(s.getSQLState());
  }

  /** Adds the taking of the repo lock to {@code b}; run it with {@code sync.SyncStatements}. */
  public static void lock(Batch b, UUID project, String repo, String branch) {
    b.update(LOCK, q -> q.bind("lock_key", project + "|" + repo + "|" + branch));
  }

  /** Stored rows of a repo/branch (live or removed); only {@code ids} when not null. */
  public static Map<String, Stored> load(Handle h, UUID project, String repo, String branch, Collection<String> ids) {
    Batch b = new Batch();
    Batch.Result<Stored> rows = load(b, project, repo, branch, ids);
    b.run(h);
    return byBeadId(rows.list());
  }

  /** The stored rows keyed by bead id. */
  public static Map<String, Stored> byBeadId(List<Stored> rows) {
    Map<String, Stored> out = new HashMap<>(rows.size() * 2);
    rows.forEach(s -> out.put(s.beadId(), s));
    return out;
  }

  /** As {@link #load(Handle, UUID, String, String, Collection)}, as a part of {@code b}. */
  public static Batch.Result<Stored> load(Batch b, UUID project, String repo, String branch, Collection<String> ids) {
    String sql = """
        SELECT id, bead_id, updated_at, content_hash, deleted_at, status, priority, assignee,
               last_writer_workspace_id, title, source, state_key
          FROM beads.issues
         WHERE project_id = :p AND repo = :r AND branch = :b
        """ + (ids == null ? "" : " AND bead_id = ANY(:ids)");
    return b.query(sql, q -> {
      q.bind("p", project).bind("r", repo).bind("b", branch);
      if (ids != null) {
        q.bind("ids", ids.toArray(new String[0]));
      }
    }, (rs, c) -> new Stored(rs.getLong("id"), rs.getString("bead_id"), inst(rs, "updated_at"),
        rs.getString("content_hash"), inst(rs, "deleted_at"), rs.getString("status"), rs.getInt("priority"),
        rs.getString("assignee"), rs.getObject("last_writer_workspace_id", UUID.class), rs.getString("title"),
        rs.getString("source"), rs.getString("state_key")));
  }

  private static org.jdbi.v3.core.argument.Argument strs(List<IssueRecord> rs,
                                                       java.util.function.Function<IssueRecord, Object> f) {
    String[] out = new String[rs.size()];
    for (int i = 0; i < out.length; i++) {
      Object v = f.apply(rs.get(i));
      out[i] = v == null ? null : v instanceof Instant t ? Times.isoOffset(t) : v.toString();
    }
    return TextArray.of(out);
  }

  /**
   * Adds to {@code batch} the writing of records (insert, revival or overwrite; tombstones are written
   * removed) with their labels and edges: one statement, whose label and edge parts take the written
   * rows' ids from the upsert's {@code RETURNING} (looked up again by bead id, they cost two index
   * probes per record, and a planner estimate that knew nothing of the rows just inserted).
   */
  public static void upsert(Batch batch, UUID project, String repo, String branch, List<IssueRecord> rs,
                            String source, UUID writer, Collection<String> closedByWriter, Instant now) {
    if (rs.isEmpty()) {
      return;
    }
    batch.update(WRITE, u -> {
      bindUpsert(u, project, repo, branch, rs, source, writer, closedByWriter, now);
      bindLabelsAndEdges(u, rs);
    });
  }

  private static final String UPSERT = """
      INSERT INTO beads.issues (project_id, repo, branch, bead_id, title, description, status, priority, issue_type,
          assignee, owner, created_by, sender, close_reason, external_ref, created_at, updated_at, closed_at,
          started_at, due_at, defer_until, pinned, ephemeral, is_template, mol_type, wisp_type, hook_bead,
          agent_state, role_type, is_mail, attached_molecule, labels, raw, content_hash, state_key, source,
          deleted_at, removal_reason, synced_at, last_writer_workspace_id, closed_by_workspace_id)
      SELECT :p, :r, :b, t.bead_id, t.title, t.description, t.status, t.priority::int, t.issue_type, t.assignee,
             t.owner, t.created_by, t.sender, t.close_reason, t.external_ref, t.created_at::timestamptz,
             t.updated_at::timestamptz, t.closed_at::timestamptz, t.started_at::timestamptz, t.due_at::timestamptz,
             t.defer_until::timestamptz, t.pinned::boolean, t.ephemeral::boolean, t.is_template::boolean,
             t.mol_type, t.wisp_type, t.hook_bead, t.agent_state, t.role_type, t.is_mail::boolean,
             t.attached_molecule, ARRAY(SELECT jsonb_array_elements_text(t.labels::jsonb)), t.raw::jsonb,
             t.content_hash, t.state_key, :source,
             CASE WHEN t.status = 'tombstone' THEN CAST(:now AS timestamptz) END,
             CASE WHEN t.status = 'tombstone' THEN 'tombstone' END,
             CAST(:now AS timestamptz), CAST(:writer AS uuid),
             CASE WHEN t.bead_id = ANY(CAST(:closedBy AS text[])) THEN CAST(:writer AS uuid) END
        FROM unnest(:bead_id::text[], :title::text[], :description::text[], :status::text[], :priority::text[],
                    :issue_type::text[], :assignee::text[], :owner::text[], :created_by::text[], :sender::text[],
                    :close_reason::text[], :external_ref::text[], :created_at::text[], :updated_at::text[],
                    :closed_at::text[], :started_at::text[], :due_at::text[], :defer_until::text[],
                    :pinned::text[], :ephemeral::text[], :is_template::text[], :mol_type::text[], :wisp_type::text[],
                    :hook_bead::text[], :agent_state::text[], :role_type::text[], :is_mail::text[],
                    :attached_molecule::text[], :labels::text[], :raw::text[], :content_hash::text[],
                    :state_key::text[])
          AS t(bead_id, title, description, status, priority, issue_type, assignee, owner, created_by, sender,
               close_reason, external_ref, created_at, updated_at, closed_at, started_at, due_at, defer_until,
               pinned, ephemeral, is_template, mol_type, wisp_type, hook_bead, agent_state, role_type, is_mail,
               attached_molecule, labels, raw, content_hash, state_key)
      ON CONFLICT (project_id, repo, branch, bead_id) DO UPDATE SET
          title = EXCLUDED.title, description = EXCLUDED.description, status = EXCLUDED.status,
          priority = EXCLUDED.priority, issue_type = EXCLUDED.issue_type, assignee = EXCLUDED.assignee,
          owner = EXCLUDED.owner, created_by = COALESCE(EXCLUDED.created_by, beads.issues.created_by),
          sender = EXCLUDED.sender, close_reason = EXCLUDED.close_reason, external_ref = EXCLUDED.external_ref,
          created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at, closed_at = EXCLUDED.closed_at,
          started_at = EXCLUDED.started_at, due_at = EXCLUDED.due_at, defer_until = EXCLUDED.defer_until,
          pinned = EXCLUDED.pinned, ephemeral = EXCLUDED.ephemeral, is_template = EXCLUDED.is_template,
          mol_type = EXCLUDED.mol_type, wisp_type = EXCLUDED.wisp_type, hook_bead = EXCLUDED.hook_bead,
          agent_state = EXCLUDED.agent_state, role_type = EXCLUDED.role_type, is_mail = EXCLUDED.is_mail,
          attached_molecule = EXCLUDED.attached_molecule, labels = EXCLUDED.labels, raw = EXCLUDED.raw,
          content_hash = EXCLUDED.content_hash, state_key = EXCLUDED.state_key, source = EXCLUDED.source,
          expires_at = NULL,
          deleted_at = EXCLUDED.deleted_at, removal_reason = EXCLUDED.removal_reason,
          synced_at = EXCLUDED.synced_at, last_writer_workspace_id = EXCLUDED.last_writer_workspace_id,
          closed_by_workspace_id = COALESCE(EXCLUDED.closed_by_workspace_id, beads.issues.closed_by_workspace_id)
      RETURNING id, bead_id""";

  private static void bindUpsert(Batch.Params u, UUID project, String repo, String branch, List<IssueRecord> rs,
                                 String source, UUID writer, Collection<String> closedByWriter, Instant now) {
    String[] labels = new String[rs.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = io.beadhub.common.Json.string(rs.get(i).labels());
    }
    u.bind("p", project).bind("r", repo).bind("b", branch).bind("source", source).bind("now", odt(now))
        .bind("writer", writer).bind("closedBy", closedByWriter.toArray(new String[0]))
        .bind("bead_id", strs(rs, IssueRecord::beadId)).bind("title", strs(rs, IssueRecord::title))
        .bind("description", strs(rs, IssueRecord::description)).bind("status", strs(rs, IssueRecord::status))
        .bind("priority", strs(rs, IssueRecord::priority)).bind("issue_type", strs(rs, IssueRecord::issueType))
        .bind("assignee", strs(rs, IssueRecord::assignee)).bind("owner", strs(rs, IssueRecord::owner))
        .bind("created_by", strs(rs, IssueRecord::createdBy)).bind("sender", strs(rs, IssueRecord::sender))
        .bind("close_reason", strs(rs, IssueRecord::closeReason))
        .bind("external_ref", strs(rs, IssueRecord::externalRef))
        .bind("created_at", strs(rs, IssueRecord::createdAt)).bind("updated_at", strs(rs, IssueRecord::updatedAt))
        .bind("closed_at", strs(rs, IssueRecord::closedAt)).bind("started_at", strs(rs, IssueRecord::startedAt))
        .bind("due_at", strs(rs, IssueRecord::dueAt)).bind("defer_until", strs(rs, IssueRecord::deferUntil))
        .bind("pinned", strs(rs, IssueRecord::pinned)).bind("ephemeral", strs(rs, IssueRecord::ephemeral))
        .bind("is_template", strs(rs, IssueRecord::isTemplate)).bind("mol_type", strs(rs, IssueRecord::molType))
        .bind("wisp_type", strs(rs, IssueRecord::wispType)).bind("hook_bead", strs(rs, IssueRecord::hookBead))
        .bind("agent_state", strs(rs, IssueRecord::agentState)).bind("role_type", strs(rs, IssueRecord::roleType))
        .bind("is_mail", strs(rs, IssueRecord::isMail))
        .bind("attached_molecule", strs(rs, IssueRecord::attachedMolecule)).bind("labels", TextArray.of(labels))
        .bind("raw", strs(rs, IssueRecord::rawJson)).bind("content_hash", strs(rs, IssueRecord::contentHash))
        .bind("state_key", strs(rs, IssueRecord::stateKey));
  }

  /**
   * The label and edge rows of the written issues ({@code w}: id, bead_id) brought to the records': each
   * part rewrites the rows of an issue only when their multiset differs from the record's (a full sync
   * in which titles changed used to delete and re-insert every edge of the repo).
   */
  private static final String LABELS_AND_EDGES = """
      l_n AS (SELECT w.id AS issue_id, t.label FROM unnest(:l_beads::text[], :l_labels::text[]) AS t(bead, label)
                JOIN w ON w.bead_id = t.bead),
      l_ns AS (SELECT issue_id, array_agg(label ORDER BY label) AS ls FROM l_n GROUP BY issue_id),
      l_os AS (SELECT issue_id, array_agg(label ORDER BY label) AS ls FROM beads.issue_labels
                WHERE issue_id IN (SELECT id FROM w) GROUP BY issue_id),
      l_changed AS (SELECT w.id FROM w LEFT JOIN l_ns ON l_ns.issue_id = w.id LEFT JOIN l_os ON l_os.issue_id = w.id
                     WHERE l_ns.ls IS DISTINCT FROM l_os.ls),
      l_del AS (DELETE FROM beads.issue_labels WHERE issue_id IN (SELECT id FROM l_changed)),
      l_ins AS (
        INSERT INTO beads.issue_labels (issue_id, project_id, label, lkey, lval)
        SELECT l_n.issue_id, :p, l_n.label, split_part(l_n.label, ':', 1),
               CASE WHEN position(':' IN l_n.label) > 0 THEN substr(l_n.label, position(':' IN l_n.label) + 1) END
          FROM l_n WHERE l_n.issue_id IN (SELECT id FROM l_changed)),
      e_n AS (
        SELECT w.id AS issue_id, t.ord::int AS ordinal, t.origin, t.type, t.raw AS target_raw, t.kind AS ref_kind,
               t.repo AS ref_repo, t.branch AS ref_branch, t.bead AS ref_bead, t.meta::jsonb AS metadata,
               t.thread AS thread_id, t.created::timestamptz AS created_at, t.by AS created_by
          FROM unnest(:d_beads::text[], :d_ord::text[], :d_origin::text[], :d_type::text[], :d_raw::text[],
                      :d_kind::text[], :d_repo::text[], :d_branch::text[], :d_bead::text[], :d_meta::text[],
                      :d_thread::text[], :d_created::text[], :d_by::text[])
            AS t(issue, ord, origin, type, raw, kind, repo, branch, bead, meta, thread, created, by)
          JOIN w ON w.bead_id = t.issue),
      e_ns AS (SELECT issue_id, array_agg(e ORDER BY e) AS es
                 FROM (SELECT issue_id, ROW(ordinal, origin, type, target_raw, ref_kind, ref_repo, ref_branch, ref_bead,
                                            metadata, thread_id, created_at, created_by)::text AS e FROM e_n) x
                GROUP BY issue_id),
      e_os AS (SELECT issue_id, array_agg(e ORDER BY e) AS es
                 FROM (SELECT issue_id, ROW(ordinal, origin, type, target_raw, ref_kind, ref_repo, ref_branch, ref_bead,
                                            metadata, thread_id, created_at, created_by)::text AS e
                         FROM beads.issue_deps WHERE issue_id IN (SELECT id FROM w)) x
                GROUP BY issue_id),
      e_changed AS (SELECT w.id FROM w LEFT JOIN e_ns ON e_ns.issue_id = w.id LEFT JOIN e_os ON e_os.issue_id = w.id
                     WHERE e_ns.es IS DISTINCT FROM e_os.es),
      e_del AS (DELETE FROM beads.issue_deps WHERE issue_id IN (SELECT id FROM e_changed)),
      e_ins AS (
        INSERT INTO beads.issue_deps (issue_id, project_id, ordinal, origin, type, target_raw, ref_kind, ref_repo,
                                      ref_branch, ref_bead, metadata, thread_id, created_at, created_by)
        SELECT e_n.issue_id, :p, e_n.ordinal, e_n.origin, e_n.type, e_n.target_raw, e_n.ref_kind, e_n.ref_repo,
               e_n.ref_branch, e_n.ref_bead, e_n.metadata, e_n.thread_id, e_n.created_at, e_n.created_by
          FROM e_n WHERE e_n.issue_id IN (SELECT id FROM e_changed))""";

  /**
   * The write of {@link #upsert}: the upsert as {@code w}, then the label and edge parts. Its last
   * SELECT reads nothing; data-modifying parts run whether read or not.
   */
  private static final String WRITE = "WITH w AS (\n" + UPSERT + "\n),\n" + LABELS_AND_EDGES + "\nSELECT 1";

  private static void bindLabelsAndEdges(Batch.Params u, List<IssueRecord> rs) {
    List<String> lBead = new ArrayList<>();
    List<String> lLabel = new ArrayList<>();
    List<String> dBead = new ArrayList<>();
    List<IssueRecord.DepEdge> edges = new ArrayList<>();
    for (IssueRecord r : rs) {
      for (String l : r.labels()) {
        lBead.add(r.beadId());
        lLabel.add(l);
      }
      for (IssueRecord.DepEdge e : r.deps()) {
        dBead.add(r.beadId());
        edges.add(e);
      }
    }
    u.bind("l_beads", TextArray.of(lBead.toArray(new String[0])))
        .bind("l_labels", TextArray.of(lLabel.toArray(new String[0])));
    int n = edges.size();
    String[] ord = new String[n], origin = new String[n], type = new String[n], raw = new String[n],
        kind = new String[n], repo = new String[n], branch = new String[n], bead = new String[n],
        meta = new String[n], thread = new String[n], created = new String[n], by = new String[n];
    for (int i = 0; i < n; i++) {
      IssueRecord.DepEdge e = edges.get(i);
      ord[i] = Integer.toString(e.ordinal());
      origin[i] = e.origin();
      type[i] = e.type();
      raw[i] = e.targetRaw();
      kind[i] = e.refKind();
      repo[i] = e.refRepo();
      branch[i] = e.refBranch();
      bead[i] = e.refBead();
      meta[i] = e.metadata();
      thread[i] = e.threadId();
      created[i] = Times.isoOffset(e.createdAt());
      by[i] = e.createdBy();
    }
    u.bind("d_beads", TextArray.of(dBead.toArray(new String[0]))).bind("d_ord", TextArray.of(ord))
        .bind("d_origin", TextArray.of(origin)).bind("d_type", TextArray.of(type)).bind("d_raw", TextArray.of(raw))
        .bind("d_kind", TextArray.of(kind)).bind("d_repo", TextArray.of(repo)).bind("d_branch", TextArray.of(branch))
        .bind("d_bead", TextArray.of(bead)).bind("d_meta", TextArray.of(meta)).bind("d_thread", TextArray.of(thread))
        .bind("d_created", TextArray.of(created)).bind("d_by", TextArray.of(by));
  }

  /** Adds to {@code b} the marking of rows removed with a reason. */
  public static void markRemoved(Batch b, Collection<Long> ids, String reason, Instant now) {
    if (ids.isEmpty()) {
      return;
    }
    b.update("""
        UPDATE beads.issues SET deleted_at = :now, removal_reason = :reason, synced_at = :now
         WHERE id = ANY(:ids) AND deleted_at IS NULL
        """, u -> u.bind("now", odt(now)).bind("reason", reason).bind("ids", ids.toArray(new Long[0])));
  }

  /** Which of {@code ids} are live workspaces (the writer rule of spec 40 §1.7). */
  public static java.util.Set<UUID> liveWorkspaces(Handle h, Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return java.util.Set.of();
    }
    return new java.util.HashSet<>(h.createQuery(
            "SELECT workspace_id FROM server.workspaces WHERE workspace_id = ANY(:ids) AND deleted_at IS NULL")
        .bind("ids", ids.toArray(new UUID[0])).mapTo(UUID.class).list());
  }

  /** The title and type a bead reference resolves to; {@code ordinal} is the reference's, from 1. */
  record Title(int ordinal, String title, String type) {
  }

  /**
   * The title and type of each reference (repo, bead id, branch: may be null) that has a row: the row
   * with the reference's branch first, then {@link IssueTitles#BRANCHLESS_PREFERENCE}.
   */
  static List<Title> titles(Handle h, UUID project, String[] repos, String[] beads, String[] branches) {
    return h.createQuery("""
        SELECT r.ord, i.title, i.issue_type
          FROM unnest(CAST(:repos AS text[]), CAST(:beads AS text[]), CAST(:branches AS text[]))
               WITH ORDINALITY AS r(repo, bead_id, branch, ord)
          CROSS JOIN LATERAL (
            SELECT title, issue_type FROM beads.issues i
             WHERE i.project_id = :p AND i.repo = r.repo AND i.bead_id = r.bead_id
             ORDER BY (i.branch = r.branch) DESC NULLS LAST, """ + IssueTitles.BRANCHLESS_PREFERENCE + """
             LIMIT 1) i
        """).bind("p", project).bind("repos", repos).bind("beads", beads).bind("branches", branches)
        .map((rs, c) -> new Title(rs.getInt("ord"), rs.getString("title"), rs.getString("issue_type"))).list();
  }
}
