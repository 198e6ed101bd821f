package io.beadhub.workspaces;

import io.beadhub.events.Event;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Releases the claims of ending workspaces inside the cascade's transaction and records one
 * {@code bead.unclaimed} event per released claim (spec 30 §2.9, §2.11). Implemented by the claims
 * feature; {@link #NONE} until claims exist.
 */
@FunctionalInterface
public interface ClaimReleaser {
  ClaimReleaser NONE = (h, projectId, projectSlug, workspaceIds, now) -> List.of();

  List<Event> releaseForWorkspaces(Handle h, UUID projectId, String projectSlug, List<UUID> workspaceIds, Instant now);
}
