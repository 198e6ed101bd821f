package io.beadhub.repos;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.jdbi.v3.core.Handle;

/**
 * What deleting a repo does to its workspaces (spec 30 §3.4): they end with their agents and claims. The
 * workspaces feature implements it, so repos need not know workspaces.
 */
public interface RepoWorkspaces {
  /** What ended; {@code afterCommit} runs after the commit and answers how many presence records it cleared. */
  record Ended(int workspaces, IntSupplier afterCommit) {
  }

  /** In the caller's transaction: ends these workspaces and their agents. */
  Ended endWithAgents(Handle h, UUID projectId, String projectSlug, List<UUID> workspaceIds, Instant now);
}
