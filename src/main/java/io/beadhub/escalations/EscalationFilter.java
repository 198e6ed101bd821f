package io.beadhub.escalations;

import java.util.UUID;

/**
 * What {@code GET /v1/escalations} lists (spec 50 §4.3); null fields do not filter. {@code repoId} counts
 * only without {@code workspaceId}; {@code cursor} null is the first page.
 */
public record EscalationFilter(UUID workspaceId, UUID repoId, String status, String alias, EscalationCursor cursor,
                               int limit) {
  /** The filter as the store applies it: a workspace wins over a repo. */
  EscalationFilter narrowest() {
    return workspaceId == null ? this : new EscalationFilter(workspaceId, null, status, alias, cursor, limit);
  }
}
