package io.beadhub.workspaces;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A row of server.workspaces. */
public record WorkspaceRow(
    UUID workspaceId,
    UUID projectId,
    UUID repoId,
    String alias,
    String humanName,
    String role,
    String currentBranch,
    String focusApexBeadId,
    String focusApexRepoName,
    String focusApexBranch,
    OffsetDateTime focusUpdatedAt,
    String hostname,
    String workspacePath,
    String workspaceType,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    OffsetDateTime deletedAt,
    OffsetDateTime lastSeenAt,
    String timezone) {

  public boolean live() {
    return deletedAt == null;
  }
}
