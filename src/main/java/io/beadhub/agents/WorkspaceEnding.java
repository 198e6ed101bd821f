package io.beadhub.agents;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.jdbi.v3.core.Handle;

/**
 * What ending an agent does to its workspace (spec 30 §2.11): the workspaces feature implements it, so
 * agents need not know workspaces.
 */
public interface WorkspaceEnding {
  /**
   * In the caller's transaction: ends the live workspaces among {@code workspaceIds} and releases their
   * claims. The returned step runs after the commit (presence, events) and answers how many presence
   * records it cleared.
   */
  IntSupplier endWorkspaces(Handle h, UUID projectId, String projectSlug, List<UUID> workspaceIds, Instant now);
}
