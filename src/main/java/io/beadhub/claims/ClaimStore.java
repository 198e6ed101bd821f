package io.beadhub.claims;

import io.beadhub.beads.IssueTitles;
import io.beadhub.common.Times;
import io.beadhub.db.Batch;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** SQL for server.bead_claims (spec 40 §4, §9.6). */
public final class ClaimStore {
  /** A claim with its holder's stored names. */
  public record Claim(UUID id, UUID workspaceId, String repo, String beadId, String alias, String humanName,
                      String state, OffsetDateTime claimedAt, String role, String apexBeadId, String apexRepo,
                      String apexBranch) {
  }

  /** A released claim with the claimant's current alias. */
  public record Released(UUID workspaceId, String repo, String beadId, String state, String alias) {
  }

  private static final String SELECT = """
      SELECT c.id, c.workspace_id, c.repo, c.bead_id, w.alias, w.human_name, c.state, c.claimed_at, w.role,
             c.apex_bead_id, c.apex_repo_name, c.apex_branch
        FROM server.bead_claims c JOIN server.workspaces w ON w.workspace_id = c.workspace_id
      """;

  private ClaimStore() {
  }

  static OffsetDateTime odt(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  private static Claim map(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Claim(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class), rs.getString("repo"),
        rs.getString("bead_id"), rs.getString("alias"), rs.getString("human_name"), rs.getString("state"),
        rs.getObject("claimed_at", OffsetDateTime.class), rs.getString("role"), rs.getString("apex_bead_id"),
        rs.getString("apex_repo_name"), rs.getString("apex_branch"));
  }

  /**
   * The claim lock of each bead: a transaction-scoped advisory lock on (project, repo, bead id), so that
   * of the transactions claiming one bead, one at a time reads the claims and writes its own. Keys are
   * two int4 halves, a key space apart from the repo lock's bigint keys; they are taken in key order,
   * so two transactions claiming overlapping sets of beads never wait on each other in a cycle (a hash
   * collision only makes two beads share a lock). The subquery's ORDER BY is applied before the locks:
   * a sorted subquery is never pulled up into the outer query.
   */
  private static final String LOCK = """
      SELECT pg_advisory_xact_lock(k.scope, k.bead)
        FROM (SELECT DISTINCT hashtext(:scope) AS scope, hashtext(id) AS bead
                FROM unnest(CAST(:ids AS text[])) id ORDER BY 2) k""";

  /**
   * Adds the claim locks of {@code ids} to {@code b}. Every transaction takes them before it locks any
   * row, and after the repo lock when it takes that too (a sync), so lock waits cannot form a cycle.
   */
  public static void lock(Batch b, UUID project, String repo, Collection<String> ids) {
    if (!ids.isEmpty()) {
      b.update(LOCK, q -> q.bind("scope", project + "|" + repo).bind("ids", ids.toArray(new String[0])));
    }
  }

  /**
   * The claims on some beads of a repo, oldest first: one lookup per bead on the unique key. Written as
   * a plain filter, the planner may pick the repo's claimed_at index instead whenever its statistics
   * lag behind the table (a repo filling with pending claims) and filter every claim of the repo; the
   * per-bead lookup in key order is the cheaper plan under any statistics.
   */
  private static final String HOLDING = """
      SELECT c.id, c.workspace_id, c.repo, c.bead_id, w.alias, w.human_name, c.state, c.claimed_at, w.role,
             c.apex_bead_id, c.apex_repo_name, c.apex_branch
        FROM (SELECT DISTINCT unnest(CAST(:ids AS text[])) AS id) ids
       CROSS JOIN LATERAL (
          SELECT * FROM server.bead_claims
           WHERE project_id = :p AND repo = :r AND bead_id = ids.id AND (state = 'active' OR expires_at > :now)
           ORDER BY workspace_id) c
        JOIN server.workspaces w ON w.workspace_id = c.workspace_id
       ORDER BY c.claimed_at, c.id
      """;

  /**
   * Adds to {@code b} the reading of the active and unexpired pending claims on these ids of a repo: after
   * {@link #lock} in the same batch, it reads what the locks guard.
   */
  public static Batch.Result<Claim> holding(Batch b, UUID project, String repo, Collection<String> ids, Instant now) {
    return b.query(HOLDING, q -> q.bind("p", project).bind("r", repo).bind("ids", ids.toArray(new String[0]))
        .bind("now", odt(now)), (rs, c) -> map(rs));
  }

  /** A claim with the title of its bead (null: no row), for the pre-flight's {@code beads_in_progress}. */
  public record Titled(Claim claim, String title) {
  }

  /**
   * A repo's active and unexpired pending claims, newest first, each with its bead's title (spec 40 §4.7
   * without a branch: {@code main}, then a live row, then the most recently synced). The walk of
   * idx_bead_claims_repo_order stops after {@code limit} rows; expired pending claims are skipped until
   * the sweep removes them. The title takes the {@code main} row by its key first: the general order
   * cannot use an index and reads every row of the repo, so it runs only for beads without one.
   */
  private static final String IN_PROGRESS = """
      SELECT c.id, c.workspace_id, c.repo, c.bead_id, w.alias, w.human_name, c.state, c.claimed_at, w.role,
             c.apex_bead_id, c.apex_repo_name, c.apex_branch, t.title
        FROM (SELECT * FROM server.bead_claims c
               WHERE c.project_id = :p AND c.repo = :r AND (c.state = 'active' OR c.expires_at > :now)
               ORDER BY c.claimed_at DESC, c.id DESC LIMIT :limit) c
        JOIN server.workspaces w ON w.workspace_id = c.workspace_id
        LEFT JOIN LATERAL (
          (SELECT i.title FROM beads.issues i
            WHERE i.project_id = :p AND i.repo = c.repo AND i.branch = 'main' AND i.bead_id = c.bead_id)
          UNION ALL
          (SELECT i.title FROM beads.issues i
            WHERE i.project_id = :p AND i.repo = c.repo AND i.bead_id = c.bead_id
            ORDER BY %s LIMIT 1)
          LIMIT 1) t ON true
       ORDER BY c.claimed_at DESC, c.id DESC""".formatted(IssueTitles.BRANCHLESS_PREFERENCE);

  /** Adds the reading of a repo's claims with their titles, newest first, to {@code b}. */
  public static Batch.Result<Titled> inProgress(Batch b, UUID project, String repo, Instant now, int limit) {
    return b.query(IN_PROGRESS, q -> q.bind("p", project).bind("r", repo).bind("now", odt(now)).bind("limit", limit),
        (rs, c) -> new Titled(map(rs), rs.getString("title")));
  }

  /**
   * The pre-flight's claim in one statement, after {@link #lock} in the same batch: reads the claims on
   * {@code ids} (as {@link #holding}) and, when none of them is another workspace's, records a pending
   * claim of the workspace on each id it does not hold yet (an own active or unexpired pending claim is
   * left as it is). Returns the claims read; they decide the answer (one snapshot for the read and the
   * write). The names are the workspace's stored alias and the request's human name, else the stored one.
   */
  private static final String CLAIM_PENDING = """
      WITH held AS (""" + HOLDING + """
      ),
      ins AS (
        INSERT INTO server.bead_claims (project_id, workspace_id, repo, bead_id, alias, human_name, state, expires_at,
                                        claimed_at)
        SELECT :p, w.workspace_id, :r, ids.id, w.alias, COALESCE(CAST(:human AS text), w.human_name, ''), 'pending',
               :exp, :now
          FROM server.workspaces w CROSS JOIN (SELECT DISTINCT unnest(CAST(:ids AS text[])) AS id) ids
         WHERE w.workspace_id = :ws AND w.project_id = :p AND w.deleted_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM held WHERE held.workspace_id <> :ws)
        ON CONFLICT (project_id, repo, bead_id, workspace_id) DO UPDATE SET
          alias = EXCLUDED.alias, human_name = EXCLUDED.human_name, expires_at = EXCLUDED.expires_at,
          claimed_at = EXCLUDED.claimed_at
          WHERE server.bead_claims.state = 'pending' AND server.bead_claims.expires_at <= :now
      )
      SELECT * FROM held ORDER BY claimed_at, id""";

  /**
   * Adds the pre-flight's claim ({@link #CLAIM_PENDING}) to {@code b}; its result is the claims read.
   */
  public static Batch.Result<Claim> claimPending(Batch b, UUID project, String repo, UUID workspace, String humanName,
                                                 Collection<String> ids, Instant expiresAt, Instant now) {
    return b.query(CLAIM_PENDING, q -> q.bind("p", project).bind("r", repo).bind("ws", workspace)
        .bind("human", humanName).bind("ids", ids.toArray(new String[0])).bind("exp", odt(expiresAt))
        .bind("now", odt(now)), (rs, c) -> map(rs));
  }

  /** Active claims of a project for {@code GET /v1/claims}, keyset-paginated on (claimed_at, id). */
  public static List<Claim> list(Handle h, UUID project, UUID workspace, String repo, String beadId,
                                 OffsetDateTime afterTime, UUID afterId, int limit) {
    return h.createQuery(SELECT + """
         WHERE c.project_id = :p AND c.state = 'active'
           AND (CAST(:ws AS uuid) IS NULL OR c.workspace_id = :ws)
           AND (CAST(:repo AS text) IS NULL OR c.repo = :repo)
           AND (CAST(:bead AS text) IS NULL OR c.bead_id = :bead)
           AND (CAST(:t AS timestamptz) IS NULL OR c.claimed_at < :t
                OR (CAST(:aid AS uuid) IS NOT NULL AND c.claimed_at = :t AND c.id < :aid))
         ORDER BY c.claimed_at DESC, c.id DESC LIMIT :limit
        """).bind("p", project).bind("ws", workspace).bind("repo", repo).bind("bead", beadId)
        .bind("t", afterTime).bind("aid", afterId).bind("limit", limit).map((rs, c) -> map(rs)).list();
  }

  /** Creates or refreshes the caller's claim as active or pending. */
  public static void upsert(Handle h, UUID project, UUID workspace, String repo, String beadId, String alias,
                            String humanName, String state, Instant expiresAt, String[] apex, Instant now) {
    h.createUpdate("""
        INSERT INTO server.bead_claims (project_id, workspace_id, repo, bead_id, alias, human_name, state, expires_at,
                                        apex_bead_id, apex_repo_name, apex_branch, claimed_at)
        VALUES (:p, :ws, :r, :b, :alias, :human, :state, :exp, :ab, :ar, :abr, :now)
        ON CONFLICT (project_id, repo, bead_id, workspace_id) DO UPDATE SET
          alias = EXCLUDED.alias, human_name = EXCLUDED.human_name, state = EXCLUDED.state,
          expires_at = EXCLUDED.expires_at, apex_bead_id = EXCLUDED.apex_bead_id,
          apex_repo_name = EXCLUDED.apex_repo_name, apex_branch = EXCLUDED.apex_branch, claimed_at = EXCLUDED.claimed_at
        """).bind("p", project).bind("ws", workspace).bind("r", repo).bind("b", beadId).bind("alias", alias)
        .bind("human", humanName == null ? "" : humanName).bind("state", state)
        .bind("exp", expiresAt == null ? null : odt(expiresAt))
        .bind("ab", apex == null ? null : apex[0]).bind("ar", apex == null ? null : apex[1])
        .bind("abr", apex == null ? null : apex[2]).bind("now", odt(now)).execute();
  }

  /** What a release returns: the deleted claims ({@code d}) with the claimants' current aliases, oldest first. */
  private static final String RELEASED = """
      SELECT d.workspace_id, d.repo, d.bead_id, d.state, w.alias
        FROM d JOIN server.workspaces w ON w.workspace_id = d.workspace_id
       ORDER BY d.claimed_at""";
  private static final RowMapper<Released> RELEASED_MAPPER = (rs, c) -> new Released(
      rs.getObject("workspace_id", UUID.class), rs.getString("repo"), rs.getString("bead_id"), rs.getString("state"),
      rs.getString("alias"));

  /** Deletes every claim on these ids of a repo; returns what was deleted with current aliases. */
  public static List<Released> release(Handle h, UUID project, String repo, Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return h.createQuery("""
        WITH d AS (DELETE FROM server.bead_claims
                    WHERE project_id = :p AND repo = :r AND bead_id = ANY(:ids)
                RETURNING workspace_id, repo, bead_id, state, claimed_at)
        """ + RELEASED).bind("p", project).bind("r", repo).bind("ids", ids.toArray(new String[0]))
        .map(RELEASED_MAPPER).list();
  }

  /** Deletes one workspace's claims on these ids of a repo. */
  public static List<Released> releaseOwn(Handle h, UUID project, UUID workspace, String repo,
                                          Collection<String> ids) {
    return h.createQuery("""
        WITH d AS (DELETE FROM server.bead_claims
                    WHERE project_id = :p AND workspace_id = :ws AND repo = :r AND bead_id = ANY(:ids)
                RETURNING workspace_id, repo, bead_id, state, claimed_at)
        SELECT d.workspace_id, d.repo, d.bead_id, d.state, w.alias
          FROM d JOIN server.workspaces w ON w.workspace_id = d.workspace_id
         ORDER BY d.claimed_at
        """).bind("p", project).bind("ws", workspace).bind("r", repo).bind("ids", ids.toArray(new String[0]))
        .map((rs, c) -> new Released(rs.getObject("workspace_id", UUID.class), rs.getString("repo"),
            rs.getString("bead_id"), rs.getString("state"), rs.getString("alias"))).list();
  }

  /** Deletes every claim of these workspaces. */
  public static List<Released> releaseForWorkspaces(Handle h, UUID project, Collection<UUID> workspaces) {
    if (workspaces.isEmpty()) {
      return List.of();
    }
    return h.createQuery("""
        WITH d AS (DELETE FROM server.bead_claims WHERE project_id = :p AND workspace_id = ANY(:ws)
                RETURNING workspace_id, repo, bead_id, state, claimed_at)
        """ + RELEASED).bind("p", project).bind("ws", workspaces.toArray(new UUID[0])).map(RELEASED_MAPPER).list();
  }

  /** Sets each workspace's focus to the apex of its newest remaining active claim, or clears it. */
  public static void refocus(Handle h, Collection<UUID> workspaces, Instant now) {
    if (workspaces.isEmpty()) {
      return;
    }
    h.createUpdate("""
        UPDATE server.workspaces w
           SET (focus_apex_bead_id, focus_apex_repo_name, focus_apex_branch) =
               (SELECT c.apex_bead_id, c.apex_repo_name, c.apex_branch FROM server.bead_claims c
                 WHERE c.workspace_id = w.workspace_id AND c.state = 'active'
                 ORDER BY c.claimed_at DESC, c.id DESC LIMIT 1),
               focus_updated_at = :now
         WHERE w.workspace_id = ANY(:ws)
        """).bind("ws", workspaces.toArray(new UUID[0])).bind("now", odt(now)).execute();
  }

  /** Sets one workspace's focus to an apex. */
  public static void focus(Handle h, UUID workspace, String[] apex, Instant now) {
    h.createUpdate("""
        UPDATE server.workspaces SET focus_apex_bead_id = :b, focus_apex_repo_name = :r, focus_apex_branch = :br,
                                     focus_updated_at = :now
         WHERE workspace_id = :ws
        """).bind("b", apex[0]).bind("r", apex[1]).bind("br", apex[2]).bind("now", odt(now)).bind("ws", workspace)
        .execute();
  }

  /**
   * Deletes up to {@code limit} pending claims that expired before {@code now}, in any project, and in the
   * same statement queues a {@code claim.stale} event on each claiming workspace's channel (its agent is
   * woken, its attention lists the claim); returns how many. Rows another transaction holds are left to
   * the next sweep, so the sweep never waits on a request.
   */
  public static int purgeExpired(Handle h, Instant now, int limit) {
    return h.createQuery("""
        WITH gone AS (
          DELETE FROM server.bead_claims WHERE id IN (
            SELECT id FROM server.bead_claims
             WHERE state = 'pending' AND expires_at <= :now
             LIMIT :limit
               FOR UPDATE SKIP LOCKED)
          RETURNING project_id, workspace_id, repo, bead_id, alias, expires_at
        ), queued AS (
          INSERT INTO server.event_queue (project_id, workspace_id, type, payload, created_at)
          SELECT g.project_id, g.workspace_id, 'claim.stale',
                 json_build_object('workspace_id', g.workspace_id, 'type', 'claim.stale', 'timestamp', :ts,
                                   'project_slug', COALESCE(p.slug, ''), 'project_id', g.project_id,
                                   'bead_id', g.bead_id, 'repo', g.repo, 'alias', g.alias,
                                   'expired_at', aweb.z_second(g.expires_at))::text, :now
            FROM gone g LEFT JOIN server.projects p ON p.id = g.project_id
          RETURNING 1
        )
        SELECT count(*) FROM queued
        """).bind("now", odt(now)).bind("limit", limit).bind("ts", Times.isoOffset(now))
        .mapTo(Integer.class).one();
  }

  /** The apex of a bead: the last row reached following first resolvable parent-child edges, ≤ 20 hops. */
  public static String[] apex(Handle h, UUID project, String repo, String beadId) {
    return h.createQuery("""
        WITH RECURSIVE start AS (
            SELECT bead_id, repo, branch FROM beads.issues
             WHERE project_id = :p AND repo = :r AND bead_id = :b AND deleted_at IS NULL
             ORDER BY (branch = 'main') DESC, synced_at DESC LIMIT 1),
          chain(bead_id, repo, branch, depth) AS (
            SELECT bead_id, repo, branch, 0 FROM start
            UNION ALL
            SELECT t.bead_id, t.repo, t.branch, c.depth + 1 FROM chain c
              CROSS JOIN LATERAL (
                SELECT par.bead_id, par.repo, par.branch
                  FROM beads.issues i
                  JOIN beads.issue_deps d ON d.issue_id = i.id AND d.type = 'parent-child'
                                         AND d.ref_kind IN ('plain', 'repo_ref')
                  JOIN beads.issues par ON par.project_id = i.project_id AND par.deleted_at IS NULL
                                       AND par.repo = COALESCE(d.ref_repo, i.repo)
                                       AND par.branch = COALESCE(d.ref_branch, i.branch) AND par.bead_id = d.ref_bead
                 WHERE i.project_id = :p AND i.repo = c.repo AND i.branch = c.branch AND i.bead_id = c.bead_id
                   AND i.deleted_at IS NULL
                 ORDER BY d.ordinal LIMIT 1) t
             WHERE c.depth < 20)
        SELECT bead_id, repo, branch FROM chain ORDER BY depth DESC LIMIT 1
        """).bind("p", project).bind("r", repo).bind("b", beadId)
        .map((rs, c) -> new String[] {rs.getString("bead_id"), rs.getString("repo"), rs.getString("branch")})
        .findOne().orElse(null);
  }
}
