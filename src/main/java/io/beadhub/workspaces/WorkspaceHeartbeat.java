package io.beadhub.workspaces;

import java.util.UUID;

/** {@code POST /v1/workspaces/heartbeat} (spec 30 §2.3); optional fields are null when not supplied. */
public record WorkspaceHeartbeat(UUID workspaceId, String alias, String canonicalOrigin, String rawOrigin, String role,
                                 String currentBranch, String timezone, String hostname, String workspacePath,
                                 String humanName) {
}
