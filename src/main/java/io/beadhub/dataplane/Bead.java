package io.beadhub.dataplane;

import java.time.Instant;
import java.util.List;

/** One live row as the data-plane views read it, with its materialised state. */
public record Bead(long id, String repo, String branch, String beadId, String title, String description,
                   String status, int priority, String type, String assignee, List<String> labels,
                   Instant createdAt, Instant updatedAt, Instant closedAt, boolean ephemeral, boolean pinned,
                   boolean mail, String sender, String createdBy, String hookBead, String attachedMolecule,
                   boolean blocked, String reasonsJson, String blockedByJson, boolean deferred, String repliesTo) {
  /** Step-ready (spec 60 §4.6): open, not blocked, not deferred. */
  public boolean stepReady() {
    return status.equals("open") && !blocked && !deferred;
  }

  public boolean agentOrRole() {
    return type.equals("agent") || type.equals("role") || labels.contains("gt:agent") || labels.contains("gt:role");
  }
}
