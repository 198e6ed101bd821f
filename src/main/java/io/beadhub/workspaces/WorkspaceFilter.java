package io.beadhub.workspaces;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The filters of a workspace listing (spec 30 §2.4); null = absent. {@code afterUpdated}/{@code afterId}
 * are the cursor keys.
 */
public record WorkspaceFilter(String humanName, String repo, String alias, String hostname, boolean includeDeleted,
                              OffsetDateTime afterUpdated, UUID afterId) {
  /** Live workspaces of a human (when not null) or of a repo (when not null, which wins). */
  public static WorkspaceFilter live(String humanName, String repo) {
    return new WorkspaceFilter(repo != null ? null : humanName, repo, null, null, false, null, null);
  }
}
