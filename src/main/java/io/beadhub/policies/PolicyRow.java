package io.beadhub.policies;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/** One stored policy version of server.project_policies. */
public record PolicyRow(UUID policyId, UUID projectId, int version, ObjectNode bundle, UUID createdByWorkspaceId,
                        Instant createdAt, Instant updatedAt) {
}
