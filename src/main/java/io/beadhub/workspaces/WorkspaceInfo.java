package io.beadhub.workspaces;

import java.util.List;

/** The 26-field workspace item of the listings (spec 30 §2.4); every field always present. */
public record WorkspaceInfo(
    String workspaceId,
    String alias,
    String humanName,
    String projectId,
    String projectSlug,
    String program,
    String model,
    String repo,
    String branch,
    String memberEmail,
    String role,
    String hostname,
    String workspacePath,
    String apexId,
    String apexTitle,
    String apexType,
    String focusApexId,
    String focusApexTitle,
    String focusApexType,
    String focusApexRepoName,
    String focusApexBranch,
    String focusUpdatedAt,
    String status,
    String lastSeen,
    String deletedAt,
    List<ClaimInfo> claims) {

  /** A claim as the listings show it. */
  public record ClaimInfo(String beadId, String title, String claimedAt, String apexId, String apexTitle,
                          String apexType) {
  }

  /** A page of a listing; {@code nextCursor} is null on the last page. */
  public record Page(List<WorkspaceInfo> workspaces, boolean hasMore, String nextCursor) {
    static Page all(List<WorkspaceInfo> workspaces) {
      return new Page(workspaces, false, null);
    }
  }

  /** A listing row: the workspace with its project slug and its live repo's canonical origin (or null). */
  public record Row(WorkspaceRow w, String projectSlug, String repo) {
  }
}
