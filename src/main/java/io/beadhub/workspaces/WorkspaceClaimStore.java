package io.beadhub.workspaces;

import io.beadhub.beads.BeadTitles;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Read side of {@code server.bead_claims} as the workspace listings show it (spec 30 §1: state
 * {@code active} only).
 */
public final class WorkspaceClaimStore {
  /** One active claim; {@code claimantCount} counts active claims on the same (repo, bead) in the project. */
  public record Claim(UUID workspaceId, String repo, String beadId, String alias, String humanName,
                      OffsetDateTime claimedAt, UUID projectId, String apexBeadId, String apexRepo,
                      String apexBranch, long claimantCount) {
    public BeadTitles.Ref ref() {
      return new BeadTitles.Ref(repo, beadId, null);
    }

    /** The apex ref; a claim without an apex is its own apex. */
    public BeadTitles.Ref apexRef() {
      return apexBeadId == null ? ref()
          : new BeadTitles.Ref(apexRepo == null ? repo : apexRepo, apexBeadId, apexBranch);
    }
  }

  private WorkspaceClaimStore() {
  }

  /** Active claims of the given workspaces of the project, newest first (idx_bead_claims_workspace). */
  public static List<Claim> forWorkspaces(Handle h, UUID projectId, Collection<UUID> workspaceIds) {
    if (workspaceIds.isEmpty()) {
      return List.of();
    }
    return h.createQuery("""
            SELECT c.workspace_id, c.repo, c.bead_id, c.alias, c.human_name, c.claimed_at, c.project_id,
                   c.apex_bead_id, c.apex_repo_name, c.apex_branch,
                   (SELECT count(*) FROM server.bead_claims o
                     WHERE o.project_id = c.project_id AND o.repo = c.repo AND o.bead_id = c.bead_id
                       AND o.state = 'active') AS claimant_count
              FROM server.bead_claims c
             WHERE c.workspace_id = ANY(:ids) AND c.project_id = :project AND c.state = 'active'
             ORDER BY c.claimed_at DESC, c.id DESC
            """)
        .bind("ids", workspaceIds.toArray(new UUID[0])).bind("project", projectId)
        .map((rs, ctx) -> new Claim(rs.getObject("workspace_id", UUID.class), rs.getString("repo"),
            rs.getString("bead_id"), rs.getString("alias"), rs.getString("human_name"),
            rs.getObject("claimed_at", OffsetDateTime.class), rs.getObject("project_id", UUID.class),
            rs.getString("apex_bead_id"), rs.getString("apex_repo_name"), rs.getString("apex_branch"),
            rs.getLong("claimant_count")))
        .list();
  }
}
