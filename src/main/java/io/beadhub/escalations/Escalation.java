package io.beadhub.escalations;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A row of server.escalations. */
public record Escalation(UUID id, UUID projectId, UUID workspaceId, String alias, String memberEmail, String subject,
                         String situation, List<String> options, String status, String response, String responseNote,
                         Instant createdAt, Instant respondedAt, Instant expiresAt) {
}
