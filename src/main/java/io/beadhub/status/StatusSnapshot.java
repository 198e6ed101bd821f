package io.beadhub.status;

import java.util.List;
import java.util.UUID;

/**
 * The body of {@code GET /v1/status} (spec 30 §6.1). The {@code workspace} header names the scope, each
 * with its own fields in its own order.
 */
public record StatusSnapshot(Header workspace, List<Agent> agents, List<Claim> claims, List<Conflict> conflicts,
                             int escalationsPending, String timestamp) {

  /** The scope header: one workspace, one repo or the whole project. */
  public sealed interface Header permits WorkspaceHeader, RepoHeader, ProjectHeader {
  }

  public record WorkspaceHeader(UUID workspaceId, UUID projectId, String projectSlug) implements Header {
  }

  public record RepoHeader(UUID repoId, int workspaceCount, UUID projectId, String projectSlug) implements Header {
  }

  public record ProjectHeader(UUID projectId, String projectSlug, int workspaceCount) implements Header {
  }

  /** A live presence record of the set; {@code currentIssue} is the workspace's newest claim. */
  public record Agent(String workspaceId, String alias, String member, String humanName, String program, String role,
                      String status, String currentBranch, String canonicalOrigin, String timezone,
                      String currentIssue, String lastSeen) {
  }

  public record Claim(String beadId, UUID workspaceId, String alias, String humanName, String claimedAt,
                      long claimantCount, String title, UUID projectId) {
  }

  /** A (repo, bead) claimed by more than one workspace. */
  public record Conflict(String beadId, List<Claimant> claimants) {
  }

  public record Claimant(String alias, String humanName, UUID workspaceId) {
  }
}
